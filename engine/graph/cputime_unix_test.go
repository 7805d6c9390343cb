//go:build unix

package graph_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used, user and system, GC
// workers included: on a shared machine it varies less than wall time.
func cpuTime() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
