package main

import "github.com/go-gl/glfw/v3.3/glfw"

// noDepthBuffers asks GLFW for a window without depth and stencil buffers. Fyne's
// painter draws in 2D with the depth test off and no stencil, yet clears the depth
// buffer with every frame: with a software rasterizer (llvmpipe, a PC without a GPU
// driver) that clear rewrote each pixel of a 24+8-bit buffer, keeping its stencil
// bits, about a tenth of a frame's CPU time. It runs on the main goroutine after the
// app's first window initialised GLFW and before that window is shown: Fyne creates
// the GL window in Show and sets no depth or stencil hints of its own.
func noDepthBuffers() {
	glfw.WindowHint(glfw.DepthBits, 0)
	glfw.WindowHint(glfw.StencilBits, 0)
}
