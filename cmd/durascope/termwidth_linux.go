package main

import (
	"os"
	"syscall"
	"unsafe"
)

// terminalWidth is the width of the terminal f is, or 0 when it is none.
func terminalWidth(f *os.File) int {
	var ws struct{ row, col, x, y uint16 }
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), uintptr(syscall.TIOCGWINSZ), uintptr(unsafe.Pointer(&ws))); errno != 0 {
		return 0
	}
	return int(ws.col)
}
