package fs

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// LossModel says what of the unsynced state a simulated crash keeps.
type LossModel int

const (
	// LoseUnsynced keeps only what was fsynced: file data as of each file's
	// last fsync, directory entries as of each directory's last fsync.
	LoseUnsynced LossModel = iota
	// KeepAll keeps everything written (a process crash, not a power loss).
	KeepAll
	// KeepSomeSectors keeps the synced data plus a random subset of the
	// 512-byte sectors written since (torn and reordered writes), with
	// every directory entry.
	KeepSomeSectors
	// LoseDirEntries keeps all file data but only the synced directory
	// entries (a file fsynced into a directory never fsynced is lost).
	LoseDirEntries
)

// LossModels lists every model, for enumeration.
var LossModels = []LossModel{LoseUnsynced, KeepAll, KeepSomeSectors, LoseDirEntries}

func (m LossModel) String() string {
	return [...]string{"lose-unsynced", "keep-all", "keep-some-sectors", "lose-dir-entries"}[m]
}

// SectorSize is the unit in which KeepSomeSectors keeps unsynced data.
const SectorSize = 512

// inode is a file's content: what was written and what an fsync made
// durable.
type inode struct {
	data, synced []byte
}

// Disk is the state a Recorder's log leaves after a prefix of it: for every
// file its current and durable content, for every directory its current
// and durable entries. Paths are those of the log.
type Disk struct {
	cur, durable map[string]*inode // path -> file, current and durable names
	dirs         map[string]bool   // directories (created durably: see Replay)
	handles      map[int]*inode    // open files, as the log numbers them
}

// Replay applies the first n records of log to an empty disk. Directories
// are taken as durable once created: the engine creates its directories
// durably before writing into them, and the tests do not crash it there.
func Replay(log []Record, n int) *Disk {
	d := &Disk{cur: map[string]*inode{}, durable: map[string]*inode{}, dirs: map[string]bool{}, handles: map[int]*inode{}}
	for _, r := range log[:n] {
		if r.Err {
			continue
		}
		d.apply(r)
	}
	return d
}

func (d *Disk) apply(r Record) {
	switch r.Op {
	case OpCreate:
		switch {
		case r.Mkdir:
			d.dirs[r.Path] = true
		case d.cur[r.Path] == nil:
			d.cur[r.Path] = &inode{}
		case r.Trunc:
			d.cur[r.Path].data = nil
		}
		if !r.Mkdir {
			d.handles[r.Handle] = d.cur[r.Path]
		}
	case OpWrite:
		// Through the handle: the name may have been renamed or removed since.
		f := d.handles[r.Handle]
		if f == nil {
			return
		}
		end := r.Off + int64(len(r.Data))
		if int64(len(f.data)) < end {
			f.data = append(f.data, make([]byte, end-int64(len(f.data)))...)
		}
		copy(f.data[r.Off:], r.Data)
	case OpSync:
		if f := d.handles[r.Handle]; f != nil {
			f.synced = append([]byte(nil), f.data...)
		}
	case OpRename:
		if f := d.cur[r.Path]; f != nil {
			delete(d.cur, r.Path)
			d.cur[r.NewPath] = f
		}
	case OpRemove:
		delete(d.cur, r.Path)
		delete(d.dirs, r.Path)
	case OpSyncDir:
		dir := r.Path
		for p := range d.durable {
			if filepath.Dir(p) == dir {
				delete(d.durable, p)
			}
		}
		for p, f := range d.cur {
			if filepath.Dir(p) == dir {
				d.durable[p] = f
			}
		}
	}
}

// Materialize writes the crash state under model into the directory to,
// mapping each path below from to the same place below to. rng chooses
// the sectors KeepSomeSectors keeps. It returns the files written.
func (d *Disk) Materialize(from, to string, model LossModel, rng *rand.Rand) ([]string, error) {
	img := d.Image(from, model, rng)
	for _, rel := range img.Dirs {
		if err := os.MkdirAll(filepath.Join(to, rel), 0o750); err != nil {
			return nil, err
		}
	}
	for _, rel := range img.Paths {
		dst := filepath.Join(to, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
			return nil, err
		}
		if err := os.WriteFile(dst, img.Files[rel], 0o640); err != nil {
			return nil, err
		}
	}
	return img.Paths, nil
}

// Image is a crash state in memory: paths relative to the materialized
// root, sorted. Contents may share memory with the Disk: read only.
type Image struct {
	Dirs  []string
	Paths []string          // the files
	Files map[string][]byte // path -> content
}

// Image is the crash state under model without writing it: what
// Materialize writes (the same rng draws, in the same order).
func (d *Disk) Image(from string, model LossModel, rng *rand.Rand) *Image {
	img := &Image{Files: map[string][]byte{}}
	entries := d.cur
	if model == LoseUnsynced || model == LoseDirEntries {
		entries = d.durable
	}
	for dir := range d.dirs {
		if rel, ok := below(from, dir); ok {
			img.Dirs = append(img.Dirs, rel)
		}
	}
	sort.Strings(img.Dirs)
	paths := make([]string, 0, len(entries))
	for p := range entries {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		rel, ok := below(from, p)
		if !ok {
			continue
		}
		f := entries[p]
		var content []byte
		switch model {
		case LoseUnsynced:
			content = f.synced
		case KeepAll, LoseDirEntries:
			content = f.data
		case KeepSomeSectors:
			content = someSectors(f, rng)
		}
		img.Paths = append(img.Paths, rel)
		img.Files[rel] = content
	}
	return img
}

// someSectors is the synced content with each sector that changed since
// kept or not at random; the size grows to the end of the last kept
// sector past the synced end.
func someSectors(f *inode, rng *rand.Rand) []byte {
	out := append([]byte(nil), f.synced...)
	for off := 0; off < len(f.data); off += SectorSize {
		end := min(off+SectorSize, len(f.data))
		if end <= len(f.synced) && bytes.Equal(f.synced[off:end], f.data[off:end]) {
			continue // unchanged since the fsync
		}
		if rng.IntN(2) == 0 {
			continue
		}
		if len(out) < end {
			out = append(out, make([]byte, end-len(out))...)
		}
		copy(out[off:end], f.data[off:end])
	}
	return out
}

func below(root, p string) (string, bool) {
	rel, err := filepath.Rel(root, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return rel, true
}

// Describe is a one-line summary of a disk, for failure messages.
func (d *Disk) Describe() string {
	var b strings.Builder
	paths := make([]string, 0, len(d.cur))
	for p := range d.cur {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		f := d.cur[p]
		_, durable := d.durable[p]
		fmt.Fprintf(&b, "%s (%d bytes, %d synced, entry durable %v); ", filepath.Base(p), len(f.data), len(f.synced), durable)
	}
	return b.String()
}
