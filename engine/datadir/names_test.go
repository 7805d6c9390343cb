package datadir

import (
	"testing"
	"time"
)

func TestParseName(t *testing.T) {
	for name, want := range map[string]Naming{
		"20260101120000000004_timestamp_6":                NamingSnapshot,
		"20260101120000000005_current":                    NamingCurrent,
		"20260101120000000003_from_6_to_10":               NamingFinalized,
		"20260101120000000004_timestamp_6_edge_part_0":    NamingPart,
		"20260101120000000004_timestamp_6_vertex_part_12": NamingPart,
		"snapshot.bin":                     NamingOther,
		"2026010112000000000_current":      NamingOther, // 19 digits
		"20260101120000000005_current.bak": NamingOther,
		"20260101120000000003_from_6_to_":  NamingOther,
	} {
		if got := ParseName(name).Naming; got != want {
			t.Errorf("%s: naming %s, want %s", name, got, want)
		}
	}
	n := ParseName("20260101120000000003_from_6_to_10")
	if n.Time != "20260101120000000003" || *n.From != 6 || *n.To != 10 {
		t.Errorf("parsed %+v", n)
	}
	if n := ParseName("20260101120000000003_from_6_to_99999999999999999999"); n.Naming != NamingFinalized || n.To != nil {
		t.Errorf("an overflowing timestamp parsed as %+v", n)
	}
}

// TestFormatName: names Memgraph gives (UTC time to the microsecond), and
// the grammar reads back what it writes.
func TestFormatName(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 8_009_000, time.FixedZone("CET", 3600))
	for _, c := range []struct {
		name, want string
		naming     Naming
	}{
		{SnapshotName(at, 42), "20260304040607008009_timestamp_42", NamingSnapshot},
		{CurrentWALName(at), "20260304040607008009_current", NamingCurrent},
		{FinalizedWALName(at, 3, 9), "20260304040607008009_from_3_to_9", NamingFinalized},
		{FinalizeName(CurrentWALName(at), 3, 9), "20260304040607008009_from_3_to_9", NamingFinalized},
		{PartName(SnapshotName(at, 42), true, 0), "20260304040607008009_timestamp_42_edge_part_0", NamingPart},
		{PartName(SnapshotName(at, 42), false, 7), "20260304040607008009_timestamp_42_vertex_part_7", NamingPart},
	} {
		if c.name != c.want {
			t.Errorf("formatted %q, want %q", c.name, c.want)
		}
		if got := ParseName(c.name).Naming; got != c.naming {
			t.Errorf("%s parses as %s, want %s", c.name, got, c.naming)
		}
	}
}
