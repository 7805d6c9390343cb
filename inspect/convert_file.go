package inspect

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/durascope/durascope/format"
)

// ConvertOptions tune ConvertFile.
type ConvertOptions struct {
	ItemsPerBatch int // snapshots only; see SnapshotOptions
	// DropUnsupported writes the file even when items must be left out;
	// without it such a conversion fails with *UnrepresentableError and
	// nothing is written.
	DropUnsupported bool
}

// SameFileError refuses to write a conversion over its own input.
type SameFileError struct{ In, Out string }

func (e *SameFileError) Error() string {
	return fmt.Sprintf("%s is the input file %s; refusing to overwrite it", e.Out, e.In)
}

// ConvertFile converts the file at in to version v and writes it to out:
// never over in (compared with os.SameFile, so symlinks and hard links are
// caught), through a temporary file in out's directory that is synced,
// decoded and recovered again, and only then renamed over out (the
// directory is synced too). On any failure the temporary file is removed
// and out is left as it was. A torn WAL tail in the input is no failure;
// the report notes it (TornTail).
func ConvertFile(in, out string, v format.Version, opts *ConvertOptions) (report *ConvertReport, err error) {
	if opts == nil {
		opts = &ConvertOptions{}
	}
	if !v.Supported() {
		return nil, &format.UnsupportedVersionError{Version: v}
	}
	f, err := Open(in)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	inInfo, err := f.f.Stat()
	if err != nil {
		return nil, err
	}
	switch outInfo, err := os.Stat(out); {
	case err == nil && os.SameFile(inInfo, outInfo):
		return nil, &SameFileError{In: in, Out: out}
	case err == nil && outInfo.IsDir():
		return nil, fmt.Errorf("%s is a directory", out)
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return nil, err
	}
	if f.Kind == KindWAL && opts.ItemsPerBatch != 0 {
		return nil, errors.New("--items-per-batch applies to snapshots only")
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

	switch f.Kind {
	case KindSnapshot:
		snap, err := f.Snapshot()
		if err != nil {
			return nil, err
		}
		report, err = ConvertSnapshot(snap, f.ReaderAt(), tmp, v, &SnapshotOptions{ItemsPerBatch: opts.ItemsPerBatch})
		if err != nil {
			return report, err
		}
	case KindWAL:
		w, err := f.WAL()
		if err != nil {
			return nil, err
		}
		if report, err = ConvertWAL(w, f.ReaderAt(), tmp, v); err != nil {
			return report, err
		}
	default:
		return nil, f.NotDurabilityFileError()
	}
	report.Input, report.Output = in, out
	if len(report.Dropped) > 0 && !opts.DropUnsupported {
		return report, &UnrepresentableError{Version: v, Dropped: report.Dropped}
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

// verifyConverted decodes the written file completely and recovers it.
func verifyConverted(path string, v format.Version) error {
	f, err := Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if info := Info(f); info.Problem != "" && !format.IsTornTail(info.Err()) {
		return fmt.Errorf("the converted file does not read back: %w", info.Err())
	} else if info.Version != uint64(v) {
		return fmt.Errorf("the converted file reads back as format %d, not %d", info.Version, uint64(v))
	}
	if _, _, err := RecoverFile(f); err != nil {
		return fmt.Errorf("the converted file does not recover: %w", err)
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
