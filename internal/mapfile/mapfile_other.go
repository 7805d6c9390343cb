//go:build !linux

package mapfile

import "os"

func mapBytes(*os.File, int64) ([]byte, error) { return nil, errUnsupported }

func release([]byte) {}

func unmap([]byte) error { return nil }
