//go:build linux

package sim

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// pollable re-opens f's descriptor in non-blocking mode so that it joins Go's poller
// (pty.Open leaves the master blocking, where Close would wait for a pending Read).
func pollable(f *os.File) (*os.File, error) {
	fd, err := unix.Dup(int(f.Fd()))
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("sim: dup pty: %w", err)
	}
	if err := unix.SetNonblock(fd, true); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("sim: non-blocking pty: %w", err)
	}
	return os.NewFile(uintptr(fd), "ptmx"), nil
}

// makeRaw puts the line in raw 8N1 mode at 115200 baud, as a device would expect it
// before the host configures it.
func makeRaw(tty *os.File) error {
	t, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		return err
	}
	t.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	t.Oflag &^= unix.OPOST
	t.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	t.Cflag &^= unix.CSIZE | unix.PARENB | unix.CBAUD
	t.Cflag |= unix.CS8 | unix.B115200
	t.Cc[unix.VMIN] = 1
	t.Cc[unix.VTIME] = 0
	return unix.IoctlSetTermios(int(tty.Fd()), unix.TCSETS, t)
}

var speeds = map[uint32]int{
	unix.B9600: 9600, unix.B19200: 19200, unix.B38400: 38400, unix.B57600: 57600,
	unix.B115200: 115200, unix.B230400: 230400, unix.B460800: 460800, unix.B921600: 921600,
}

// hostBaud is the speed the host configured on the line, or 0 if unknown (or the
// line was closed meanwhile: Control holds the descriptor, where Fd raced with a
// concurrent Close when a cable is pulled mid-page).
func (l *line) hostBaud() int {
	rc, err := l.slave.SyscallConn()
	if err != nil {
		return 0
	}
	var t *unix.Termios
	if cerr := rc.Control(func(fd uintptr) { t, err = unix.IoctlGetTermios(int(fd), unix.TCGETS) }); cerr != nil || err != nil {
		return 0
	}
	return speeds[t.Cflag&unix.CBAUD]
}
