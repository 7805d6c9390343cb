//go:build !linux

package main

import "os"

// terminalWidth is not known outside Linux: tables are printed as lines.
func terminalWidth(*os.File) int { return 0 }
