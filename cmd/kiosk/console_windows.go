//go:build windows

package main

import (
	"os"

	"golang.org/x/sys/windows"
)

var procAttachConsole = windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")

// attachConsole lets the setup commands print on the console they were typed in.
// kiosk.exe is a GUI program (so no console window opens when it starts at sign-in),
// and Windows gives a GUI program no standard handles: without this, `kiosk.exe
// register …` run from PowerShell or cmd.exe would print nothing. A handle that was
// redirected (to a file or a pipe) is kept as it is. Started at sign-in there is no
// parent console and nothing changes. Note: cmd.exe does not wait for a GUI program;
// the install script runs the setup commands with Start-Process -Wait -NoNewWindow.
func attachConsole() {
	if usable(os.Stdout) && usable(os.Stderr) {
		return
	}
	const attachParentProcess = ^uintptr(0) // ATTACH_PARENT_PROCESS, (DWORD)-1
	if r, _, _ := procAttachConsole.Call(attachParentProcess); r == 0 {
		return
	}
	if !usable(os.Stdout) {
		if f, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
			os.Stdout = f
		}
	}
	if !usable(os.Stderr) {
		if f, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
			os.Stderr = f
		}
	}
	if !usable(os.Stdin) {
		if f, err := os.OpenFile("CONIN$", os.O_RDONLY, 0); err == nil {
			os.Stdin = f
		}
	}
}

// usable reports whether f is a real handle (a console, file or pipe).
func usable(f *os.File) bool {
	if f == nil {
		return false
	}
	h := windows.Handle(f.Fd())
	if h == 0 || h == windows.InvalidHandle {
		return false
	}
	t, err := windows.GetFileType(h)
	return err == nil && t != windows.FILE_TYPE_UNKNOWN
}
