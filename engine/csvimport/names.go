package csvimport

import "github.com/durascope/durascope/format"

// What a name is used as, in a record that is written.
const (
	usedLabel uint8 = 1 << iota
	usedType
	usedProperty
)

// names is Memgraph's NameIdMapper as the old tool drove it: labels,
// property names and edge types share one id sequence, in the order the
// rows first name them (skipped rows included, as they were in Memgraph's
// mapper). Property order in records, and so in the dump, follows these
// ids.
type names struct {
	ids  map[string]uint64
	list []string
	used []uint8
}

func newNames() *names { return &names{ids: map[string]uint64{}} }

func (n *names) id(name []byte) uint64 {
	if id, ok := n.ids[string(name)]; ok {
		return id
	}
	id := uint64(len(n.list))
	s := string(name)
	n.ids[s] = id
	n.list = append(n.list, s)
	n.used = append(n.used, 0)
	return id
}

func (n *names) use(id uint64, as uint8) { n.used[id] |= as }

// count is how many names are used as what.
func (n *names) count(as uint8) int {
	c := 0
	for _, u := range n.used {
		if u&as != 0 {
			c++
		}
	}
	return c
}

// mapper is the snapshot's mapper section: the ids written records use,
// ascending, as Memgraph writes it.
func (n *names) mapper() []format.MapperEntry {
	var out []format.MapperEntry
	for id, u := range n.used {
		if u != 0 {
			out = append(out, format.MapperEntry{ID: uint64(id), Name: n.list[id]})
		}
	}
	return out
}
