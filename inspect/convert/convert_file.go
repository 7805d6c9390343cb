package convert

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/inspect"
)

// Options tune a conversion.
type Options struct {
	// ItemsPerBatch cuts a snapshot target's batches every that many
	// records (0: the source's batch boundaries, or encode.DefaultBatchSize
	// for a source without batch tables). Set, it also applies at the
	// source's own version, whose bytes then change. Snapshots only.
	ItemsPerBatch int
	// DropUnsupported makes File write the file even when items must be
	// left out; without it such a conversion fails with *DropError and
	// nothing is written.
	DropUnsupported bool
	// Salvage makes File convert a damaged input (one verify finds errors
	// in): what Memgraph would recover of it, with what is left behind in
	// Report.LeftBehind. Without it a damaged input fails with
	// *DamagedError and nothing is written.
	Salvage bool
}

// SameFileError refuses to write a conversion over its own input.
type SameFileError struct{ In, Out string }

func (e *SameFileError) Error() string {
	return fmt.Sprintf("%s is the input file %s; refusing to overwrite it", e.Out, e.In)
}

// File converts the file at in to version v and writes it to out:
// never over in (compared with os.SameFile, so symlinks and hard links are
// caught), through a temporary file in out's directory that is synced,
// decoded and recovered again, and only then renamed over out (the
// directory is synced too). On any failure the temporary file is removed
// and out is left as it was. A torn WAL tail in the input is no failure;
// the report notes it (TornTail). The input is verified first: a damaged
// one is refused (*DamagedError) unless opts.Salvage, and the output must
// verify without errors before it replaces out.
func File(in, out string, v format.Version, opts *Options) (report *Report, err error) {
	if opts == nil {
		opts = &Options{}
	}
	if !v.Supported() {
		return nil, &format.UnsupportedVersionError{Version: v}
	}
	f, err := datadir.Open(in)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	inInfo, err := f.Stat()
	if err != nil {
		return nil, err
	}
	switch outInfo, err := os.Stat(out); {
	case err == nil && os.SameFile(inInfo, outInfo):
		return nil, &SameFileError{In: in, Out: out}
	case err == nil && outInfo.IsDir():
		return nil, fmt.Errorf("%s is a directory", out)
	case err == nil && !outInfo.Mode().IsRegular():
		// A FIFO or a device node is never replaced by a regular file.
		return nil, fmt.Errorf("%s exists and is not a regular file (%s); refusing to replace it", out, outInfo.Mode().Type())
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return nil, err
	}
	if f.Kind == datadir.KindWAL && opts.ItemsPerBatch != 0 {
		return nil, errors.New("--items-per-batch applies to snapshots only")
	}
	var damage []inspect.Finding
	for _, fd := range inspect.VerifyFile(f, inspect.VerifyOptions{}).Findings {
		if fd.Severity >= inspect.SeverityError {
			damage = append(damage, fd)
		}
	}
	if len(damage) > 0 && !opts.Salvage {
		return nil, &DamagedError{Path: in, Findings: damage}
	}

	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".tmp-*")
	if err != nil {
		return nil, err
	}
	renamed := false
	defer func() {
		if !renamed {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()

	switch {
	case f.Kind == datadir.KindSnapshot && len(damage) > 0:
		if report, err = salvageSnapshot(f, tmp, v, opts); err != nil {
			return report, err
		}
	case f.Kind == datadir.KindSnapshot:
		snap, err := f.Snapshot()
		if err != nil {
			return nil, err
		}
		report, err = Snapshot(snap, f.ReaderAt(), tmp, v, opts)
		if err != nil {
			return report, err
		}
	case f.Kind == datadir.KindWAL:
		w, err := f.WAL()
		if err != nil {
			return nil, err
		}
		if report, err = convertWAL(w, f.ReaderAt(), tmp, v, len(damage) > 0); err != nil {
			return report, err
		}
	default:
		return nil, f.NotDurabilityFileError()
	}
	report.LeftBehind = append(damage, report.LeftBehind...)
	report.Input, report.Output = in, out
	if len(report.Dropped) > 0 && !opts.DropUnsupported {
		return report, &DropError{Version: v, Dropped: report.Dropped}
	}
	if err := tmp.Chmod(inInfo.Mode().Perm()); err != nil {
		return report, err
	}
	if err := tmp.Sync(); err != nil {
		return report, err
	}
	if err := tmp.Close(); err != nil {
		return report, err
	}
	if err := verifyConverted(tmp.Name(), v); err != nil {
		return report, err
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return report, err
	}
	renamed = true
	report.Written = true
	return report, syncDir(filepath.Dir(out))
}

// verifyConverted verifies the written file completely (no error finding
// allowed) and recovers it.
func verifyConverted(path string, v format.Version) error {
	f, err := datadir.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if info := inspect.Info(f); info.Problem != "" && !format.IsTornTail(info.Err()) {
		return fmt.Errorf("the converted file does not read back: %w", info.Err())
	} else if info.Version != uint64(v) {
		return fmt.Errorf("the converted file reads back as format %d, not %d", info.Version, uint64(v))
	}
	for _, fd := range inspect.VerifyFile(f, inspect.VerifyOptions{}).Findings {
		if fd.Severity >= inspect.SeverityError {
			return fmt.Errorf("the converted file does not verify: %s", fd)
		}
	}
	if _, _, err := datadir.RecoverFile(f); err != nil {
		return fmt.Errorf("the converted file does not recover: %w", err)
	}
	return nil
}

// salvageSnapshot writes what Memgraph recovers of a damaged snapshot: the
// graph loading it yields, built as a file of version v with the input's
// identity. A snapshot that does not load at all cannot be salvaged.
func salvageSnapshot(f *datadir.File, w io.Writer, v format.Version, opts *Options) (*Report, error) {
	snap, err := f.Snapshot()
	if err != nil {
		return nil, err
	}
	g, err := graph.LoadSnapshot(snap)
	if errors.As(err, new(*graph.CapacityError)) {
		return nil, fmt.Errorf("nothing to salvage: %w", err) // durascope's limit, not Memgraph's
	}
	if err != nil {
		return nil, fmt.Errorf("nothing to salvage: Memgraph would not load it: %w", err)
	}
	if cerr := g.CheckRebuild(); cerr != nil {
		return nil, &format.DecodeError{File: f.Path, Err: format.ErrInconsistent,
			Reason: "nothing to salvage: Memgraph would not recover it: " + cerr.Error()}
	}
	m := snap.Metadata
	hist, err := snap.EpochHistory()
	if err != nil {
		return nil, err
	}
	model, report, err := BuildSnapshot(g, v, &graph.BuildOptions{UUID: m.UUID, Epoch: m.Epoch, StartTimestamp: m.StartTimestamp,
		DurableTimestamp: m.DurableTimestamp, NumCommittedTxns: m.NumCommittedTxns, EpochHistory: hist})
	if err != nil {
		return report, err
	}
	report.FromVersion = uint64(snap.Version)
	report.note("salvaged: written from the graph the damaged snapshot loads into (index statistics and the record layout are not carried over)")
	return report, encode.EncodeSnapshotWith(w, model, &encode.SnapshotOptions{Layout: encode.LayoutFresh, BatchSize: opts.ItemsPerBatch})
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
