package encode

import (
	"bytes"
	"os"
	"testing"
	"fmt"

	"github.com/durascope/durascope/decode"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/golden"
)

func TestZZScan(t *testing.T) {
	for _, p := range golden.CorpusFiles(t) {
		data, _ := os.ReadFile(p)
		if string(data[:4]) == "MGsn" {
			m, err := decode.DecodeSnapshot(bytes.NewReader(data), int64(len(data)), p)
			if err != nil { t.Errorf("%s: %v", p, err); continue }
			f := format.FeaturesOf(m.Version)
			s := fmt.Sprintf("%s v%d size %d offs:", p[len(p)-30:], m.Version, len(data))
			for _, sl := range format.SnapshotOffsetSlots(f) { s += fmt.Sprintf(" %s=%d", sl, m.Offsets[sl]) }
			s += fmt.Sprintf(" gaps=%d eb=%v vb=%v text=%v/%v E=%d V=%d", len(m.Gaps), m.EdgeBatches, m.VertexBatches, m.EdgeIndices.TextPresent, m.EdgeIndices.TextEdgePresent, len(m.Edges), len(m.Vertices))
			for _, g := range m.Gaps { s += fmt.Sprintf(" gap@%d:%x", g.Offset, g.Bytes) }
			t.Log(s)
		} else {
			m, err := decode.DecodeWAL(bytes.NewReader(data), int64(len(data)), p)
			if err != nil { t.Errorf("%s: %v", p, err) }
			if m == nil { continue }
			t.Logf("%s v%d size %d hdr end %d deltas %d gap %x tail %d frames %d", p[len(p)-30:], m.Header.Version, len(data), m.Header.HeaderEnd, m.Header.OffsetDeltas, m.Header.Gap, len(m.Tail), len(m.Frames))
		}
	}
}
