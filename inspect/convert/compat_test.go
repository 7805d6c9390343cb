package convert

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
)

func compatOf(t *testing.T, data []byte) *CompatReport {
	t.Helper()
	p := filepath.Join(t.TempDir(), "f.bin")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := datadir.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := Compat(f)
	if r.Problem != "" {
		t.Fatal(r.Problem)
	}
	return r
}

func releasesFrom(from, to string) []string {
	a, _ := ReleaseIndex(from)
	b, _ := ReleaseIndex(to)
	var out []string
	for _, r := range format.Releases[a : b+1] {
		out = append(out, r.Name)
	}
	return out
}

// TestCompatExceptions: the read exceptions count only when the file holds
// their values, and the oldest lossless version follows the items' needs.
func TestCompatExceptions(t *testing.T) {
	one := func(v format.Version, val format.Value) []byte {
		b := walBuilder{v: v}
		b.txn(true, 1, fr(format.DeltaVertexCreate, format.VertexDelta{Gid: 1}),
			fr(format.DeltaVertexSetProperty, format.VertexPropertyDelta{Gid: 1, Property: "p", Value: val}))
		return b.bytes(t, v)
	}
	zoned := format.ZonedTemporal{Micros: 5, ZoneIsName: true, ZoneName: "Europe/Zagreb"}
	cart := format.Point3D{SRID: format.SRIDCartesian3D, X: 1, Y: 2, Z: 3}
	legacy := format.Point3D{SRID: format.SRIDLegacyCartesian3D, X: 1, Y: 2, Z: 3}
	last := format.Releases[len(format.Releases)-1].Name
	cases := []struct {
		name       string
		data       []byte
		readable   []string
		oldest     format.Version
		oldestRead []string
		applies    bool
	}{
		{"v17 zoned", one(17, zoned), releasesFrom("2.16.1", last), 17, releasesFrom("2.16.1", last), true},
		{"v17 plain", one(17, format.Int(1)), releasesFrom("2.15.1", last), 14, releasesFrom("2.0.0", last), false},
		{"v37 zoned", one(37, zoned), nil, 17, releasesFrom("2.16.1", last), false},
		{"v20 legacy SRID", one(20, legacy), append(releasesFrom("2.20.0", "2.20.1"), releasesFrom("3.2.0", last)...), 19,
			append(releasesFrom("2.19.0", "2.20.1"), releasesFrom("3.2.0", last)...), true},
		{"v21 Cartesian", one(21, cart), releasesFrom("2.21.0", last), 19, append(releasesFrom("2.19.0", "2.20.1"), releasesFrom("3.2.0", last)...), false},
		{"v20 WGS-84", one(20, format.Point3D{SRID: format.SRIDWGS84_3D}), releasesFrom("2.20.0", last), 19, releasesFrom("2.19.0", last), false},
	}
	for _, c := range cases {
		r := compatOf(t, c.data)
		if !slices.Equal(r.ReadableBy, orEmpty(c.readable)) {
			t.Errorf("%s: readable by %s, want %s", c.name, ReleaseRanges(r.ReadableBy), ReleaseRanges(c.readable))
		}
		if r.OldestVersion != uint64(c.oldest) || !slices.Equal(r.OldestReaders, c.oldestRead) {
			t.Errorf("%s: oldest %d readable by %s, want %d by %s", c.name, r.OldestVersion, ReleaseRanges(r.OldestReaders), c.oldest, ReleaseRanges(c.oldestRead))
		}
		applies := false
		for _, e := range r.Exceptions {
			applies = applies || e.Applies
		}
		if applies != c.applies {
			t.Errorf("%s: exceptions %+v, want applies=%v", c.name, r.Exceptions, c.applies)
		}
		for _, rel := range format.Releases {
			ok, why := r.CanRead(rel.Name)
			if ok != slices.Contains(r.ReadableBy, rel.Name) || (!ok && why == "") {
				t.Errorf("%s: CanRead(%s) = %v %q", c.name, rel.Name, ok, why)
			}
		}
	}
}

// TestCompatOldestMatchesConvert: the oldest version compat names is one
// convert reaches without dropping anything, and the one below it drops.
func TestCompatOldestMatchesConvert(t *testing.T) {
	data := scratchWAL(t)
	r := compatOf(t, data)
	v := format.Version(r.OldestVersion)
	if _, rep, err := convertBytes(t, "scratch", data, v, nil); err != nil || len(rep.Dropped) != 0 {
		t.Errorf("to the oldest version %s: %v, %d drops", v, err, len(rep.Dropped))
	}
	if v > format.MinVersion {
		if _, rep, err := convertBytes(t, "scratch", data, v-1, nil); err != nil || len(rep.Dropped) == 0 {
			t.Errorf("to %s, below the oldest: %v, no drops", v-1, err)
		}
	}
}
