//go:build unix

package inspect

import (
	"syscall"
	"time"
)

// processCPU is the CPU time (user and system) the process has used, on
// all its threads: what a pipelined dump costs beside its wall time.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
