package heappeak

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// Of runs fn with the collector run often (GOGC 5) and returns the most
// heap any collection meanwhile found live: what fn holds at once,
// whatever garbage it leaves. A finalizer on a sentinel, set again each
// time, reads the live heap after each collection.
func Of(fn func()) uint64 {
	defer debug.SetGCPercent(debug.SetGCPercent(5))
	runtime.GC()
	var (
		peak atomic.Uint64
		done atomic.Bool
		arm  func()
	)
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	arm = func() {
		runtime.SetFinalizer(new([64]byte), func(*[64]byte) {
			metrics.Read(sample)
			if live := sample[0].Value.Uint64(); live > peak.Load() {
				peak.Store(live)
			}
			if !done.Load() {
				arm()
			}
		})
	}
	arm()
	fn()
	done.Store(true)
	runtime.GC() // the finalizer of the last cycle in fn may still be queued
	runtime.GC()
	return peak.Load()
}
