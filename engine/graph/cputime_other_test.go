//go:build !unix

package graph_test

import "time"

func cpuTime() (time.Duration, bool) { return 0, false }
