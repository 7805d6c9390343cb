package main

import (
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"time"
)

// chunk is the read size, the decoders' largest window.
const chunk = 256 << 10

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: durascope-floor FILE...")
		return 2
	}
	buf := make([]byte, chunk)
	for _, path := range args {
		start := time.Now()
		n, sum, err := floor(path, buf)
		if err != nil {
			fmt.Fprintf(stderr, "durascope-floor: %v\n", err)
			return 2
		}
		fmt.Fprintf(stdout, "%s %d bytes crc32 0x%08x %.3fs\n", path, n, sum, time.Since(start).Seconds())
	}
	return 0
}

// floor reads path through buf and returns its size and CRC32.
func floor(path string, buf []byte) (int64, uint32, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	var total int64
	var sum uint32
	for {
		n, err := f.Read(buf)
		sum = crc32.Update(sum, crc32.IEEETable, buf[:n])
		total += int64(n)
		if err == io.EOF {
			return total, sum, nil
		}
		if err != nil {
			return total, sum, err
		}
	}
}
