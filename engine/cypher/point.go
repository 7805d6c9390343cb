package cypher

import (
	"strings"

	"github.com/durascope/durascope/format"
)

// crsNames are the coordinate reference system names point() accepts.
var crsNames = map[string]uint64{
	"cartesian":    format.SRIDCartesian2D,
	"cartesian-3d": format.SRIDCartesian3D,
	"wgs-84":       format.SRIDWGS84_2D,
	"wgs-84-3d":    format.SRIDWGS84_3D,
}

func pointIs3D(srid uint64) bool {
	return srid == format.SRIDCartesian3D || srid == format.SRIDWGS84_3D
}

func pointIsWGS(srid uint64) bool {
	return srid == format.SRIDWGS84_2D || srid == format.SRIDWGS84_3D
}

// pointFromMap builds a point as Memgraph's point() does (its rules are
// pinned by tests/gql_behave spatial.feature):
//
//   - any null value makes the result null;
//   - coordinates are x, y or longitude, latitude (not mixed), and z or
//     height (not both) for a third dimension; ints and doubles are accepted;
//   - without crs or srid, x/y give Cartesian (7203, 9157 with z) and
//     longitude/latitude give WGS-84 (4326, 4979 with a third coordinate);
//   - crs ('cartesian', 'cartesian-3d', 'wgs-84', 'wgs-84-3d', any case) or
//     srid (7203, 9157, 4326, 4979) chooses the system, whose dimension must
//     match the coordinates; longitude/latitude need a WGS-84 system;
//   - WGS-84 points need longitude in [-180, 180] and latitude in [-90, 90].
func pointFromMap(m format.Map, at Pos) (format.Value, error) {
	for _, e := range m {
		if _, ok := e.Value.(format.Null); ok {
			return format.Null{}, nil
		}
	}
	var coords [3]float64
	var have [3]bool // x, y, z slots
	geographic, cartesian := false, false
	var crs string
	var srid int64
	hasCRS, hasSRID := false, false
	for _, e := range m {
		slot := -1
		switch e.Key {
		case "x":
			slot, cartesian = 0, true
		case "y":
			slot, cartesian = 1, true
		case "longitude":
			slot, geographic = 0, true
		case "latitude":
			slot, geographic = 1, true
		case "z", "height":
			slot = 2
		case "crs":
			s, ok := e.Value.(format.String)
			if !ok {
				return nil, valueErrorf(at, "point() crs must be a string, not a %s", format.ValueTypeName(e.Value))
			}
			crs, hasCRS = string(s), true
			continue
		case "srid":
			n, ok := e.Value.(format.Int)
			if !ok {
				return nil, valueErrorf(at, "point() srid must be an integer, not a %s", format.ValueTypeName(e.Value))
			}
			srid, hasSRID = int64(n), true
			continue
		default:
			return nil, valueErrorf(at, "point() does not take the key %q", e.Key)
		}
		if have[slot] {
			return nil, valueErrorf(at, "point() got two values for coordinate %q", e.Key)
		}
		switch v := e.Value.(type) {
		case format.Int:
			coords[slot] = float64(v)
		case format.Double:
			coords[slot] = float64(v)
		default:
			return nil, valueErrorf(at, "point() coordinate %q must be a number, not a %s", e.Key, format.ValueTypeName(e.Value))
		}
		have[slot] = true
	}
	if geographic && cartesian {
		return nil, valueErrorf(at, "point() cannot mix x/y with longitude/latitude")
	}
	if !have[0] || !have[1] {
		return nil, valueErrorf(at, "point() needs both x and y, or both longitude and latitude")
	}
	threeD := have[2]
	var system uint64
	switch {
	case hasCRS:
		s, ok := crsNames[strings.ToLower(crs)]
		if !ok {
			return nil, valueErrorf(at, "point() does not know the crs %q", crs)
		}
		system = s
		if hasSRID && uint64(srid) != system {
			return nil, valueErrorf(at, "point() crs %q and srid %d disagree", crs, srid)
		}
	case hasSRID:
		switch uint64(srid) {
		case format.SRIDCartesian2D, format.SRIDCartesian3D, format.SRIDWGS84_2D, format.SRIDWGS84_3D:
			system = uint64(srid)
		default:
			return nil, valueErrorf(at, "point() does not know the srid %d", srid)
		}
	case geographic && threeD:
		system = format.SRIDWGS84_3D
	case geographic:
		system = format.SRIDWGS84_2D
	case threeD:
		system = format.SRIDCartesian3D
	default:
		system = format.SRIDCartesian2D
	}
	if pointIs3D(system) != threeD {
		return nil, valueErrorf(at, "point() coordinates do not match the dimension of srid %d", system)
	}
	if geographic && !pointIsWGS(system) {
		return nil, valueErrorf(at, "point() longitude/latitude need a WGS-84 system, not srid %d", system)
	}
	if pointIsWGS(system) {
		if coords[0] < -180 || coords[0] > 180 {
			return nil, valueErrorf(at, "point() longitude %v is outside [-180, 180]", coords[0])
		}
		if coords[1] < -90 || coords[1] > 90 {
			return nil, valueErrorf(at, "point() latitude %v is outside [-90, 90]", coords[1])
		}
	}
	if threeD {
		return format.Point3D{SRID: system, X: coords[0], Y: coords[1], Z: coords[2]}, nil
	}
	return format.Point2D{SRID: system, X: coords[0], Y: coords[1]}, nil
}
