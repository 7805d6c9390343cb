package csvimport

import (
	"fmt"
	"strings"
)

// colKind is what a column holds.
type colKind uint8

const (
	colProperty colKind = iota
	colID               // nodes: ID[(space)]
	colStartID          // relationships: START_ID[(space)]
	colEndID            // relationships: END_ID[(space)]
	colLabel            // nodes: LABEL
	colType             // relationships: TYPE
	colIgnore           // IGNORE
)

// scalar is the value type of a property column (of its elements, for an
// array).
type scalar uint8

const (
	scalarUnknown scalar = iota
	scalarInt
	scalarDouble
	scalarBool
	scalarString
)

// scalarNames are the header types of each scalar (case-sensitive, as the
// old tool compared them).
var scalarNames = map[string]scalar{
	"integer": scalarInt, "int": scalarInt, "long": scalarInt, "byte": scalarInt, "short": scalarInt,
	"float": scalarDouble, "double": scalarDouble,
	"boolean": scalarBool, "bool": scalarBool,
	"string": scalarString, "char": scalarString,
}

// column is one header field.
type column struct {
	name string // "" for :TYPE and friends
	typ  string // as written (trimmed); "string" when absent
	kind colKind
	// Property columns.
	elem     scalar
	elemType string // the type named in an "Unexpected type" error
	array    bool
	// ID columns: the space, or why the type is not a valid ID type (the
	// old tool found out on the first row, and so do we).
	space    string
	spaceErr string
	spaceID  uint64 // the space's number in the id map, once known
	hasSpace bool
	// Set while loading: the name's mapper id, once a row has mapped it.
	nameID  uint64
	hasName bool
}

// header is the parsed first row of a --nodes or --relationships flag.
type header struct {
	cols []column
	// Relationships: property columns in name order (the old tool kept
	// them in a std::map, so their names were mapped in that order), and
	// for each property column whether an earlier column has its name.
	byName   []int
	repeated []bool
	// ends are the first START_ID and END_ID columns, -1 when missing.
	ends [2]int
}

// parseHeader reads header fields as name[:type]; relationships decides
// the meaning of START_ID, END_ID and TYPE versus ID and LABEL.
func parseHeader(fields []string, relationships bool) (*header, int, string) {
	h := &header{cols: make([]column, len(fields)), repeated: make([]bool, len(fields)), ends: [2]int{-1, -1}}
	for i, f := range fields {
		parts := split(f, ":")
		if len(parts) != 1 && len(parts) != 2 {
			return nil, i, fmt.Sprintf("expected name[:type], got %q: is the delimiter right?", f)
		}
		c := column{name: parts[0], typ: "string"}
		if len(parts) == 2 {
			c.typ = strings.TrimFunc(parts[1], func(r rune) bool { return r < 0x80 && isSpace(byte(r)) })
		}
		c.kind = kindOf(c.typ, relationships)
		switch c.kind {
		case colID, colStartID, colEndID:
			c.space, c.spaceErr = idSpace(c.typ)
			if e := int(c.kind - colStartID); c.kind != colID && h.ends[e] < 0 {
				h.ends[e] = i
			}
		case colProperty:
			c.elemType = c.typ
			if strings.HasSuffix(c.typ, "[]") {
				c.array, c.elemType = true, strings.TrimSuffix(c.typ, "[]")
			}
			c.elem = scalarNames[c.elemType]
		}
		h.cols[i] = c
	}
	if relationships {
		seen := map[string]bool{}
		for i, c := range h.cols {
			if c.kind != colProperty {
				continue
			}
			h.repeated[i] = seen[c.name]
			if !seen[c.name] {
				h.byName = append(h.byName, i)
			}
			seen[c.name] = true
		}
		sortByName(h.byName, h.cols)
	}
	return h, -1, ""
}

func kindOf(typ string, relationships bool) colKind {
	switch {
	case typ == "IGNORE":
		return colIgnore
	case relationships && strings.HasPrefix(typ, "START_ID"):
		return colStartID
	case relationships && strings.HasPrefix(typ, "END_ID"):
		return colEndID
	case relationships && typ == "TYPE":
		return colType
	case !relationships && strings.HasPrefix(typ, "ID"):
		return colID
	case !relationships && typ == "LABEL":
		return colLabel
	}
	return colProperty
}

// idSpace reads [START_|END_]ID[(space)]: the space is non-empty and holds
// no parenthesis or backslash (the old tool's POSIX pattern).
func idSpace(typ string) (space, problem string) {
	rest := typ
	if r, ok := strings.CutPrefix(typ, "START_"); ok {
		rest = r
	} else if r, ok := strings.CutPrefix(typ, "END_"); ok {
		rest = r
	}
	bad := fmt.Sprintf("expected an ID column type of the form [START_|END_]ID[(<id space>)], got %q", typ)
	if !strings.HasPrefix(rest, "ID") {
		return "", bad
	}
	rest = rest[len("ID"):]
	if rest == "" {
		return "", ""
	}
	if len(rest) < 3 || rest[0] != '(' || rest[len(rest)-1] != ')' {
		return "", bad
	}
	space = rest[1 : len(rest)-1]
	if strings.ContainsAny(space, `()\`) {
		return "", bad
	}
	return space, ""
}

// split is the old tool's string split: nothing for an empty string,
// otherwise every piece between delimiters, empty ones included.
func split(s, delim string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, delim)
}

// sortByName orders column indices by name, bytewise (std::string order).
func sortByName(idx []int, cols []column) {
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0 && cols[idx[j]].name < cols[idx[j-1]].name; j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
}
