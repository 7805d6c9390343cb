package fuzz

import (
	"encoding/binary"
	"math"

	"github.com/durascope/durascope/format"
)

// source turns fuzz input into choices. Once the bytes run out every
// choice is 0, so building always ends, with empty lists.
type source struct {
	b []byte
}

func (s *source) byte() byte {
	if len(s.b) == 0 {
		return 0
	}
	c := s.b[0]
	s.b = s.b[1:]
	return c
}

// intn returns 0..n-1 (n <= 256).
func (s *source) intn(n int) int { return int(s.byte()) % n }

func (s *source) bool() bool { return s.byte()&1 == 1 }

// raw reads 8 bytes (zeros past the end).
func (s *source) raw() uint64 {
	var b [8]byte
	n := copy(b[:], s.b)
	s.b = s.b[n:]
	return binary.LittleEndian.Uint64(b[:])
}

// u64 is a number: mostly small, sometimes an edge value or 8 raw bytes.
func (s *source) u64() uint64 {
	switch c := s.byte(); {
	case c < 192:
		return uint64(c)
	case c < 224:
		return []uint64{0, 1, 1<<31 - 1, 1 << 32, 1<<63 - 1, 1 << 63, math.MaxUint64, format.UnknownGid - 1}[c%8]
	default:
		return s.raw()
	}
}

// f64 is a double: small integers, special values (±0, ±Inf, NaN payloads)
// or any bit pattern.
func (s *source) f64() float64 {
	switch c := s.byte(); {
	case c < 128:
		return float64(int(c) - 64)
	case c < 160:
		return []float64{math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(),
			math.Float64frombits(0x7ff8000000000001), math.SmallestNonzeroFloat64, math.MaxFloat64, 0.1}[c%8]
	default:
		return math.Float64frombits(s.raw())
	}
}

// str is a short string taken from the input (any bytes, UTF-8 or not).
func (s *source) str() string {
	n := min(s.intn(24), len(s.b))
	out := string(s.b[:n])
	s.b = s.b[n:]
	return out
}

func (s *source) strs() []string {
	out := make([]string, s.intn(4))
	for i := range out {
		out[i] = s.str()
	}
	return out
}

func (s *source) u64s() []uint64 {
	out := make([]uint64, s.intn(4))
	for i := range out {
		out[i] = s.u64()
	}
	return out
}

// gen builds model parts valid in one format version.
type gen struct {
	s     *source
	f     format.Features
	nodes int // value nodes left: bounds the size of a model
}

// maxNodes bounds the value nodes of one model.
const maxNodes = 512

func newGen(s *source, v format.Version) *gen {
	return &gen{s: s, f: format.FeaturesOf(v), nodes: maxNodes}
}

// value is a property value of any kind the version has; lists and maps
// nest at most format.MaxValueDepth deep (level counts the ones around it).
func (g *gen) value(level int) format.Value {
	s := g.s
	g.nodes--
	kinds := 10
	switch {
	case g.f.Has(format.FeatVectorIndexID):
		kinds = 15
	case g.f.Has(format.FeatPoints):
		kinds = 14
	case g.f.Has(format.FeatEnums):
		kinds = 12
	case g.f.Has(format.FeatZonedTemporal):
		kinds = 11
	}
	k := s.intn(kinds)
	if (k == 5 || k == 6 || k == 7) && (level >= format.MaxValueDepth || g.nodes <= 0) {
		k = 0
	}
	switch k {
	case 0:
		return format.Null{}
	case 1:
		return format.Bool(s.bool())
	case 2:
		return format.Int(int64(s.u64()))
	case 3:
		return format.Double(s.f64())
	case 4:
		return format.String(s.str())
	case 5:
		l := make(format.List, s.intn(4))
		for i := range l {
			l[i] = g.value(level + 1)
		}
		return l
	case 6:
		m := make(format.Map, s.intn(4))
		for i := range m {
			m[i] = format.MapEntry{Key: s.str(), Value: g.value(level + 1)}
		}
		return m
	case 7: // a chain of one-element lists and maps, up to the depth limit
		n := min(s.intn(format.MaxValueDepth+1), format.MaxValueDepth-level)
		var v format.Value = format.Int(int64(n))
		for i := 0; i < n; i++ {
			if s.bool() {
				v = format.List{v}
			} else {
				v = format.Map{{Key: "k", Value: v}}
			}
		}
		return v
	case 8:
		return format.Temporal{Type: format.TemporalType(s.intn(4)), Micros: int64(s.u64())}
	case 9:
		return format.String(string(make([]byte, s.intn(200)))) // longer strings
	case 10:
		z := format.ZonedTemporal{Micros: int64(s.u64()), ZoneIsName: s.bool()}
		if z.ZoneIsName {
			z.ZoneName = s.str()
		} else {
			z.OffsetMinutes = int64(s.u64())
		}
		return z
	case 11:
		return format.Enum{TypeID: s.u64(), ValueID: s.u64()}
	case 12:
		srid := []uint64{format.SRIDWGS84_2D, format.SRIDCartesian2D}[s.intn(2)]
		return format.Point2D{SRID: srid, X: s.f64(), Y: s.f64()}
	case 13:
		srid := []uint64{format.SRIDWGS84_3D, format.SRIDCartesian3D, format.SRIDLegacyCartesian3D}[s.intn(3)]
		return format.Point3D{SRID: srid, X: s.f64(), Y: s.f64(), Z: s.f64()}
	default:
		v := format.VectorIndexID{Indexes: s.strs(), Vector: make([]float64, s.intn(5))}
		for i := range v.Vector {
			v.Vector[i] = s.f64()
		}
		return v
	}
}

func (g *gen) properties() []format.Property {
	out := make([]format.Property, g.s.intn(4))
	for i := range out {
		out[i] = format.Property{ID: g.s.u64(), Value: g.value(0)}
	}
	return out
}

// ids is a path of property ids, names the same by names.
func (g *gen) idPaths() []format.PropertyPath {
	s := g.s
	switch {
	case g.f.Has(format.FeatNestedIndices):
		out := make([]format.PropertyPath, 1+s.intn(3))
		for i := range out {
			out[i] = make(format.PropertyPath, 1+s.intn(3))
			for j := range out[i] {
				out[i][j] = s.u64()
			}
		}
		return out
	case g.f.Has(format.FeatCompositeIndices):
		out := make([]format.PropertyPath, 1+s.intn(3))
		for i := range out {
			out[i] = format.PropertyPath{s.u64()}
		}
		return out
	}
	return []format.PropertyPath{{s.u64()}}
}

func (g *gen) namePaths() []format.NamePath {
	var out []format.NamePath
	for _, p := range g.idPaths() {
		np := make(format.NamePath, len(p))
		for i := range np {
			np[i] = g.s.str()
		}
		out = append(out, np)
	}
	return out
}

// description is a description entry of a kind the version has; withText
// is false for DESCRIPTION_DELETE.
func (g *gen) description(withText bool) format.Description {
	s := g.s
	kinds := 8
	if g.f.Has(format.FeatPropertyValueDescription) {
		kinds = 9
	}
	d := format.Description{Kind: format.DescriptionKind(s.intn(kinds))}
	switch d.Kind {
	case format.DescLabel:
		d.Labels = s.strs()
	case format.DescEdgeType:
		d.EdgeType = s.str()
	case format.DescLabelProperty:
		d.Labels, d.Property = s.strs(), s.str()
	case format.DescEdgeTypeProperty:
		d.EdgeType, d.Property = s.str(), s.str()
	case format.DescProperty:
		d.Property = s.str()
	case format.DescEdgeTypePattern, format.DescEdgeTypePatternProperty:
		d.Labels, d.EdgeType, d.ToLabels = s.strs(), s.str(), s.strs()
		if d.Kind == format.DescEdgeTypePatternProperty {
			d.Property = s.str()
		}
	case format.DescPropertyValue:
		d.Property, d.Value = s.str(), g.value(0)
	}
	if withText {
		d.Text = s.str()
	}
	return d
}
