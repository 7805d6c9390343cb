package inspect

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"testing"

	"github.com/durascope/durascope/golden/chaindir"
)

// TestMain runs the package's tests, or, started by TestScanLiveLock as a
// separate process, holds a write lock on $DURASCOPE_HOLD_LOCK as Memgraph
// holds its .lock until its stdin closes.
func TestMain(m *testing.M) {
	if path := os.Getenv("DURASCOPE_HOLD_LOCK"); path != "" {
		os.Exit(holdLock(path))
	}
	os.Exit(m.Run())
}

func holdLock(path string) int {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: io.SeekStart}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_SETLK, &lk); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("locked")
	io.Copy(io.Discard, os.Stdin)
	return 0
}

// TestScanLiveLock: a data directory whose .lock another process holds is
// reported as live; the scan takes no lock itself.
func TestScanLiveLock(t *testing.T) {
	d := chaindir.New(t, 37)
	d.WAL(1, 0, 1, 1)
	d.Put(".lock", nil)
	if dd := scan(t, d.Root); dd.LockedBy != 0 {
		t.Fatalf("unlocked directory reported locked by %d", dd.LockedBy)
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "DURASCOPE_HOLD_LOCK="+d.Path(".lock"))
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close()
		cmd.Wait()
	}()
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "locked\n" {
		t.Fatalf("helper said %q", line)
	}
	dd := scan(t, d.Root)
	if dd.LockedBy != cmd.Process.Pid {
		t.Errorf("locked by %d, want the helper %d", dd.LockedBy, cmd.Process.Pid)
	}
	if fs := CheckDataDir(dd, DirOptions{}); !hasCheck(fs, "chain.live", SeverityWarning) {
		t.Errorf("no chain.live finding: %v", fs)
	}
	// The lock is still the helper's: the scan took none and released none.
	if again := scan(t, d.Root); again.LockedBy != cmd.Process.Pid {
		t.Errorf("after the scan: locked by %d", again.LockedBy)
	}
}
