package datadir

import (
	"errors"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestTakeLock: the lock excludes a second taker (even in this process: it
// is an open-file-description lock), a probe sees it and, closing its own
// descriptor, does not release it; Release does.
func TestTakeLock(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, LockFileName)
	if pid := LockHolder(path); pid != 0 {
		t.Fatalf("no lock file, holder %d", pid)
	}
	l, err := TakeLock(dir)
	if err != nil {
		t.Fatal(err)
	}
	if pid := LockHolder(path); pid != -1 {
		t.Errorf("held: holder %d, want -1 (an open-file-description lock)", pid)
	}
	if _, err := TakeLock(dir); !errors.Is(err, ErrLocked) {
		t.Errorf("second TakeLock after a probe: %v, want ErrLocked", err)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	if pid := LockHolder(path); pid != 0 {
		t.Errorf("released: holder %d", pid)
	}
	l2, err := TakeLock(dir)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	l2.Release()
}

// TestLockFIFO: a FIFO planted as .lock neither hangs the probe nor is
// taken as a lock file.
func TestLockFIFO(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, LockFileName)
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skip("mkfifo:", err)
	}
	done := make(chan int, 1)
	go func() { done <- LockHolder(path) }()
	select {
	case pid := <-done:
		if pid != 0 {
			t.Errorf("FIFO holder %d", pid)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("LockHolder hangs on a FIFO")
	}
	if _, err := TakeLock(dir); err == nil {
		t.Error("a FIFO was taken as the lock file")
	}
}
