package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/go-gl/gl/v2.1/gl"
	"github.com/go-gl/glfw/v3.3/glfw"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
)

// glBitsEnv makes the test binary, run again under Xvfb, print the depth and stencil
// bits of a GL window made with GLFW's defaults and of one made after noDepthBuffers.
const glBitsEnv = "KIOSK_TEST_GL_BITS"

// TestNoDepthBuffers checks on a real GL context (Mesa under Xvfb, as the kiosk's
// window gets it) that the hints leave the window without depth and stencil buffers,
// while GLFW's defaults give it both: the frame's depth clear is gone.
func TestNoDepthBuffers(t *testing.T) {
	if os.Getenv(glBitsEnv) != "" {
		printGLBits(t)
		return
	}
	if runtime.GOOS != "linux" {
		t.Skip("Xvfb test")
	}
	if _, err := exec.LookPath("xvfb-run"); err != nil {
		gwtest.Unavailable(t, "xvfb-run missing (scripts/deps.sh test)", "xvfb-run missing")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "xvfb-run", "-a", "-s", "-screen 0 640x480x24", os.Args[0], "-test.run=^TestNoDepthBuffers$", "-test.v")
	cmd.Env = append(os.Environ(), glBitsEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("GL window under Xvfb: %v\n%s", err, out)
	}
	for want, label := range map[string]string{
		"default depth=24 stencil=8": "GLFW's defaults",
		"hinted depth=0 stencil=0":   "after noDepthBuffers",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("%s: want %q in\n%s", label, want, out)
		}
	}
}

// printGLBits runs in the process under Xvfb: one window with GLFW's default hints,
// then one with noDepthBuffers', each reporting the bits of its default framebuffer.
func printGLBits(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := glfw.Init(); err != nil {
		t.Fatal(err)
	}
	defer glfw.Terminate()
	bits := func(name string) {
		glfw.WindowHint(glfw.Visible, glfw.False)
		w, err := glfw.CreateWindow(64, 64, name, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Destroy()
		w.MakeContextCurrent()
		defer glfw.DetachCurrentContext()
		if err := gl.Init(); err != nil {
			t.Fatal(err)
		}
		var depth, stencil int32
		gl.GetIntegerv(gl.DEPTH_BITS, &depth)
		gl.GetIntegerv(gl.STENCIL_BITS, &stencil)
		fmt.Printf("%s depth=%d stencil=%d\n", name, depth, stencil)
	}
	bits("default")
	noDepthBuffers()
	bits("hinted")
}
