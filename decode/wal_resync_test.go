package decode

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/durascope/durascope/encode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

// chainWAL is an unfinalized WAL of chain transactions 1..n of version v and
// the offsets where each transaction starts.
func chainWAL(t *testing.T, v format.Version, n int) ([]byte, []int64) {
	t.Helper()
	var out golden.MemFile
	if err := encode.EncodeWAL(&out, golden.ChainWAL(v, golden.ChainUUID, 0, 1, n)); err != nil {
		t.Fatal(err)
	}
	data := out.Bytes()
	w, err := OpenWAL(bytes.NewReader(data), int64(len(data)), "chain")
	if err != nil {
		t.Fatal(err)
	}
	starts := []int64{w.CompleteEnd()}
	for {
		if _, err := w.NextTransaction(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		starts = append(starts, w.CompleteEnd())
	}
	return data, starts[:len(starts)-1]
}

// labelLength is the offset of the length of the label "Node" in the
// transaction starting at from.
func labelLength(t *testing.T, data []byte, from int64) int64 {
	i := bytes.Index(data[from:], []byte("Node"))
	if i < 8 {
		t.Fatal("no label in the transaction")
	}
	return from + int64(i) - 8
}

func walErr(data []byte) (error, Behind) {
	w, err := OpenWAL(bytes.NewReader(data), int64(len(data)), "x")
	if err != nil {
		return err, Behind{}
	}
	for {
		if _, err = w.Next(); err != nil {
			if err == io.EOF {
				err = nil
			}
			return err, w.Behind()
		}
	}
}

// TestTornTailOrDamage: a tail can only be torn at the end. A length that
// claims to run past the end of the file, in any transaction but a torn
// last one, is damage (ErrCorrupt), and the error counts the complete
// transactions Memgraph would drop behind it; a file cut or zero-padded in
// its last transaction is a torn tail. For every version shape: CRC (36,
// 37 unfinalized), TRANSACTION_START without CRC (30), neither (20, 14).
func TestTornTailOrDamage(t *testing.T) {
	for _, v := range []format.Version{14, 20, 30, 36, 37} {
		data, starts := chainWAL(t, v, 6)
		last := starts[5]
		cases := []struct {
			name      string
			data      []byte
			class     error
			followers int   // complete transactions found behind the failure
			ownEnd    bool  // the failing transaction's end found further on
			offset    int64 // of the error
		}{
			{"cut inside the last transaction", data[:last+15], format.ErrTornTail, 0, false, last},
			{"cut and zero-padded", append(bytes.Clone(data[:last+15]), make([]byte, 500)...), format.ErrTornTail, 0, false, last},
			{"length past the end in transaction 2", setU64(data, labelLength(t, data, starts[2]), 1<<40), format.ErrCorrupt, 3, true, labelLength(t, data, starts[2])},
			{"length past the end in the last transaction", setU64(data, labelLength(t, data, last), 1<<40), format.ErrCorrupt, 0, true, labelLength(t, data, last)},
			{"length into the next transaction", setU64(data, labelLength(t, data, starts[1]), 40), format.ErrCorrupt, 4, false, -1},
		}
		for _, c := range cases {
			t.Run(fmt.Sprintf("v%d %s", v, c.name), func(t *testing.T) {
				err, b := walErr(c.data)
				var de *format.DecodeError
				if !errors.As(err, &de) || !errors.Is(err, c.class) {
					t.Fatalf("got %v, want class %v", err, c.class)
				}
				if c.offset >= 0 && de.Offset != c.offset {
					t.Errorf("offset %d, want %d: %v", de.Offset, c.offset, err)
				}
				if b.Transactions != c.followers {
					t.Errorf("%d complete transactions found behind, want %d (at %d): %v", b.Transactions, c.followers, b.At, err)
				}
				if c.followers > 0 && (b.At < 0 || !bytesContain(de.Reason, fmt.Sprintf("%d complete transaction(s) follow", c.followers))) {
					t.Errorf("the reason does not count them: %v", err)
				}
				if c.ownEnd && c.followers == 0 && b.OwnEnd < 0 {
					t.Errorf("the transaction's own end was not found: %v", err)
				}
			})
		}
	}
}

// TestDamagedEndFrame: the last TRANSACTION_END's marker flipped into
// VERTEX_CREATE (0x58 -> 0x50) leaves frames that all decode and a file that
// ends without the end frame, as a torn write would; the CRC still at the
// end of the file, matching the transaction but for one bit, shows it was
// written whole. A file cut right after a frame is still a torn tail.
func TestDamagedEndFrame(t *testing.T) {
	for _, v := range []format.Version{36, 37} {
		data, starts := chainWAL(t, v, 3)
		end := bytes.LastIndex(data, []byte{byte(format.DeltaTransactionEnd), byte(format.MarkerInt)})
		damaged := bytes.Clone(data)
		damaged[end] = byte(format.DeltaVertexCreate)
		err, b := walErr(damaged)
		if !errors.Is(err, format.ErrCorrupt) || !b.WholeCRC {
			t.Errorf("v%d flipped end marker: %v (%+v), want corrupt, whole CRC", v, err, b)
		}
		// Cut after the last transaction's first data frame: the file ends
		// on a frame boundary, in an int field, like the damaged one.
		w, _ := OpenWAL(bytes.NewReader(data), int64(len(data)), "x")
		var cut int64
		for fr, err := range w.Frames() {
			if err != nil {
				t.Fatal(err)
			}
			if fr.Offset > starts[2] && fr.Marker == format.DeltaVertexCreate {
				cut = fr.Offset + fr.Size
				break
			}
		}
		if err, b := walErr(data[:cut]); !errors.Is(err, format.ErrTornTail) || b.WholeCRC {
			t.Errorf("v%d cut at %d after a frame: %v (%+v), want a torn tail", v, cut, err, b)
		}
	}
}

func setU64(data []byte, off int64, v uint64) []byte {
	b := bytes.Clone(data)
	binary.LittleEndian.PutUint64(b[off:], v)
	return b
}

func bytesContain(s, sub string) bool { return bytes.Contains([]byte(s), []byte(sub)) }
