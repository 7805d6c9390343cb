// Package mapfile maps a file's bytes into memory, read-only, where the
// system allows it (64-bit Linux), so that a reader can use them in place
// instead of copying them into buffers of its own: on Linux the kernel's
// copy into read(2)'s buffers is about an eighth of what a snapshot's
// verify costs, and faulting the page cache's pages in about half as much.
// Map fails elsewhere, and callers read through the file instead.
//
// A mapping's bytes are only as stable as the file: if the file shrinks
// while it is mapped, reading a byte it no longer holds faults (SIGBUS). A
// reader of a mapping turns such faults into errors itself
// (runtime/debug.SetPanicOnFault and recover; see decode.Mapped).
package mapfile
