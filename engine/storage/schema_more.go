package storage

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/durascope/durascope/engine/graph"
	"github.com/durascope/durascope/format"
)

// committedVertices yields the state of every vertex the transaction sees
// (ViewNew): what constraint creation checks existing data against.
func (t *Txn) eachVisible(fn func(v *vertex, st vertexState) error) error {
	for _, v := range t.s.vertexList() {
		st := t.state(v, ViewNew, wantLabels|wantProps)
		if !st.exists || st.deleted {
			continue
		}
		if err := fn(v, st); err != nil {
			return err
		}
	}
	return nil
}

func violated(kind, label string, props []string) error {
	return &SchemaError{Op: fmt.Sprintf("create %s constraint", kind),
		Reason: fmt.Sprintf("Unable to create %s constraint :%s(%s), because an existing node violates it.", kind, label, strings.Join(props, ", "))}
}

// CreateExistenceConstraint creates ASSERT EXISTS (n.p) (READ_ONLY access);
// existing vertices must satisfy it.
func (t *Txn) CreateExistenceConstraint(label, property string) error {
	return t.existenceConstraint(label, property, true)
}

// DropExistenceConstraint drops an existence constraint (READ_ONLY access).
func (t *Txn) DropExistenceConstraint(label, property string) error {
	return t.existenceConstraint(label, property, false)
}

func (t *Txn) existenceConstraint(label, property string, create bool) error {
	key := t.labelPropertyIDs(label, property)
	var check func(sc *schemaState) error
	if create {
		check = func(*schemaState) error {
			return t.eachVisible(func(_ *vertex, st vertexState) error {
				if hasLabel(st.labels, key.Label) && st.props.get(key.Property) == nil {
					return violated("existence", label, []string{property})
				}
				return nil
			})
		}
	}
	return changeSorted(t, existenceConstraintKind, create, labelAndProperty(label, property),
		format.LabelPropertyDelta{Label: label, Property: property},
		func(sc *schemaState) *[]format.LabelProperty { return &sc.cons.Existence }, key, compareLabelProperty, check)
}

func compareUnique(a, b format.UniqueConstraint) int {
	return cmp.Or(cmp.Compare(a.Label, b.Label), slices.Compare(a.Properties, b.Properties))
}

// uniqueArgs registers the label and properties; the constraint holds the
// properties as a set ordered by id, and so does its delta.
func (t *Txn) uniqueArgs(label string, properties []string) (format.UniqueConstraint, format.UniqueConstraintDelta) {
	c := format.UniqueConstraint{Label: t.s.names.id(label)}
	for _, p := range properties {
		c.Properties = append(c.Properties, t.s.names.id(p))
	}
	slices.Sort(c.Properties)
	c.Properties = slices.Compact(c.Properties)
	d := format.UniqueConstraintDelta{Label: label}
	for _, id := range c.Properties {
		d.Properties = append(d.Properties, t.s.names.name(id))
	}
	return c, d
}

// CreateUniqueConstraint creates ASSERT n.a, n.b IS UNIQUE (READ_ONLY
// access); existing vertices must satisfy it.
func (t *Txn) CreateUniqueConstraint(label string, properties []string) error {
	c, d := t.uniqueArgs(label, properties)
	target := labelAndProperty(label, strings.Join(d.Properties, ", "))
	if len(properties) == 0 {
		op, _, _ := uniqueConstraintKind.change(true, target)
		return &SchemaError{Op: op, Reason: "no properties given"}
	}
	// The runtime index is built while existing data is checked; commit
	// installs it.
	check := func(sc *schemaState) error {
		idx := &uniqueIndex{buckets: map[uint64][]*vertex{}}
		seen := map[uint64][][]format.Value{}
		if err := t.eachVisible(func(v *vertex, st vertexState) error {
			vals, ok := uniqueValues(c, st.labels, st.props)
			if !ok {
				return nil
			}
			h := hashValues(vals)
			for _, o := range seen[h] {
				if equalValues(o, vals) {
					return violated("unique", label, d.Properties)
				}
			}
			seen[h] = append(seen[h], vals)
			idx.buckets[h] = append(idx.buckets[h], v)
			return nil
		}); err != nil {
			return err
		}
		if sc.newUnique == nil {
			sc.newUnique = map[string]*uniqueIndex{}
		}
		sc.newUnique[uniqueKey(c)] = idx
		return nil
	}
	return changeSorted(t, uniqueConstraintKind, true, target, d, uniqueList, c, compareUnique, check)
}

// DropUniqueConstraint drops a unique constraint (READ_ONLY access).
func (t *Txn) DropUniqueConstraint(label string, properties []string) error {
	c, d := t.uniqueArgs(label, properties)
	forgetIndex := func(sc *schemaState) error {
		delete(sc.newUnique, uniqueKey(c))
		return nil
	}
	return changeSorted(t, uniqueConstraintKind, false, labelAndProperty(label, strings.Join(d.Properties, ", ")), d,
		uniqueList, c, compareUnique, forgetIndex)
}

func uniqueList(sc *schemaState) *[]format.UniqueConstraint { return &sc.cons.Unique }

// compareTypeConstraint is the order the snapshot lists type constraints
// in: TypeConstraints::ListConstraints sorts them (from the format 24
// builds on). The builds before listed them as their
// absl::flat_hash_map<(label, property)> iterated, an order abseil seeds
// with the address of a global (v20..v23 test_all hold the same five in
// three orders), which no rule reproduces; the store writes the sorted one.
func compareTypeConstraint(a, b format.TypeConstraint) int {
	return cmp.Or(cmp.Compare(a.Label, b.Label), cmp.Compare(a.Property, b.Property))
}

// CreateTypeConstraint creates ASSERT n.p IS TYPED <kind> (READ_ONLY
// access); kind indexes format.TypeConstraintKinds. Existing vertices must
// satisfy it.
func (t *Txn) CreateTypeConstraint(label, property string, kind uint64) error {
	key := t.labelPropertyIDs(label, property)
	c := format.TypeConstraint{Label: key.Label, Property: key.Property, Kind: kind}
	target := labelAndProperty(label, property)
	if kind > format.MaxTypeConstraintKind {
		op, _, _ := typeConstraintKind.change(true, target)
		return &SchemaError{Op: op, Reason: fmt.Sprintf("type kind %d does not exist", kind)}
	}
	check := func(*schemaState) error {
		return t.eachVisible(func(_ *vertex, st vertexState) error {
			if !hasLabel(st.labels, c.Label) {
				return nil
			}
			if v := st.props.get(c.Property); v != nil {
				if k, ok := graph.ConstraintKind(v); !ok || k != kind {
					return violated("type", label, []string{property})
				}
			}
			return nil
		})
	}
	return changeSorted(t, typeConstraintKind, true, target, format.TypeConstraintDelta{Label: label, Property: property, Kind: kind},
		typeList, c, compareTypeConstraint, check)
}

// DropTypeConstraint drops a type constraint of that kind (READ_ONLY
// access); one of another kind on the label and property is missing.
func (t *Txn) DropTypeConstraint(label, property string, kind uint64) error {
	key := t.labelPropertyIDs(label, property)
	c := format.TypeConstraint{Label: key.Label, Property: key.Property, Kind: kind}
	op, want, m := typeConstraintKind.change(false, labelAndProperty(label, property))
	d := format.TypeConstraintDelta{Label: label, Property: property, Kind: kind}
	return t.schemaOp(op, want, m, d, func(sc *schemaState) error {
		i, found := slices.BinarySearchFunc(sc.cons.Type, c, compareTypeConstraint)
		if !found || sc.cons.Type[i].Kind != kind {
			return missing(op)
		}
		sc.cons.Type = slices.Delete(sc.cons.Type, i, i+1)
		return nil
	})
}

func typeList(sc *schemaState) *[]format.TypeConstraint { return &sc.cons.Type }

func (sc *schemaState) enum(name string) int {
	for i, e := range sc.enums {
		if e.Name == name {
			return i
		}
	}
	return -1
}

// CreateEnum creates an enum type with its values in order (UNIQUE access).
func (t *Txn) CreateEnum(name string, values []string) error {
	op := "create enum " + name
	d := format.EnumCreateDelta{Name: name, Values: slices.Clone(values)}
	return t.schemaOp(op, wantUnique, format.DeltaEnumCreate, d, func(sc *schemaState) error {
		if sc.enum(name) >= 0 {
			return exists(op)
		}
		seen := map[string]bool{}
		for _, v := range values {
			if seen[v] {
				return &SchemaError{Op: op, Reason: fmt.Sprintf("value %q is given twice", v)}
			}
			seen[v] = true
		}
		sc.enums = append(sc.enums, format.EnumType{Name: name, Values: slices.Clone(values)})
		return nil
	})
}

// AlterEnumAdd adds a value at the end of an enum (UNIQUE access).
func (t *Txn) AlterEnumAdd(name, value string) error {
	op := "alter enum " + name + " add value " + value
	return t.schemaOp(op, wantUnique, format.DeltaEnumAlterAdd, format.EnumAlterAddDelta{Name: name, Value: value}, func(sc *schemaState) error {
		i := sc.enum(name)
		if i < 0 {
			return &SchemaError{Op: op, Reason: "the enum does not exist"}
		}
		if slices.Contains(sc.enums[i].Values, value) {
			return &SchemaError{Op: op, Reason: "the enum has that value already"}
		}
		sc.enums[i].Values = append(sc.enums[i].Values, value)
		return nil
	})
}

// AlterEnumUpdate renames an enum value in place, keeping its id (UNIQUE access).
func (t *Txn) AlterEnumUpdate(name, oldValue, newValue string) error {
	op := "alter enum " + name + " update value " + oldValue + " to " + newValue
	d := format.EnumAlterUpdateDelta{Name: name, OldValue: oldValue, NewValue: newValue}
	return t.schemaOp(op, wantUnique, format.DeltaEnumAlterUpdate, d, func(sc *schemaState) error {
		i := sc.enum(name)
		if i < 0 {
			return &SchemaError{Op: op, Reason: "the enum does not exist"}
		}
		j := slices.Index(sc.enums[i].Values, oldValue)
		switch {
		case j < 0:
			return &SchemaError{Op: op, Reason: "the enum has no value " + oldValue}
		case slices.Contains(sc.enums[i].Values, newValue):
			return &SchemaError{Op: op, Reason: "the enum has the value " + newValue + " already"}
		}
		sc.enums[i].Values[j] = newValue
		return nil
	})
}

// EnumValue resolves Type::Value to the value properties hold.
func (t *Txn) EnumValue(typeName, valueName string) (format.Enum, bool) {
	sc := t.schemaView()
	i := sc.enum(typeName)
	if i < 0 {
		return format.Enum{}, false
	}
	j := slices.Index(sc.enums[i].Values, valueName)
	if j < 0 {
		return format.Enum{}, false
	}
	return format.Enum{TypeID: uint64(i), ValueID: uint64(j)}, true
}

// TTLSpec is a TTL schedule: a period and a start time, in microseconds,
// each optional, and whether edges expire too.
type TTLSpec struct {
	HasPeriod bool
	PeriodUs  uint64
	HasStart  bool
	StartUs   uint64 // microseconds since the Unix epoch
	EdgeTTL   bool
}

// ConfigureTTL sets the TTL schedule (TTL_OPERATION CONFIGURE; UNIQUE access).
func (t *Txn) ConfigureTTL(spec TTLSpec) error {
	d := format.TTLDelta{Op: format.TTLConfigure, HasPeriod: spec.HasPeriod, HasStart: spec.HasStart, EdgeTTL: spec.EdgeTTL}
	if spec.HasPeriod {
		d.PeriodUs = spec.PeriodUs
	}
	if spec.HasStart {
		d.StartUs = spec.StartUs
	}
	return t.schemaOp("configure ttl", wantUnique, format.DeltaTTLOperation, d, func(sc *schemaState) error {
		// As Memgraph's TTL job: no period given means the default, kept
		// in memory (and so in snapshots) while the WAL records none.
		sc.ttl.HasPeriod, sc.ttl.PeriodUs = true, d.Period()
		sc.ttl.HasStart, sc.ttl.StartNs = d.HasStart, d.StartUs*1000
		sc.ttl.EdgeTTL = d.EdgeTTL
		return nil
	})
}

// EnableTTL enables (and runs) TTL (UNIQUE access).
func (t *Txn) EnableTTL() error {
	return t.schemaOp("enable ttl", wantUnique, format.DeltaTTLOperation, format.TTLDelta{Op: format.TTLEnable}, func(sc *schemaState) error {
		sc.ttl.Enabled, sc.ttl.Running = true, true
		return nil
	})
}

// DisableTTL disables TTL and forgets its schedule (UNIQUE access).
func (t *Txn) DisableTTL() error {
	return t.schemaOp("disable ttl", wantUnique, format.DeltaTTLOperation, format.TTLDelta{Op: format.TTLDisable}, func(sc *schemaState) error {
		sc.ttl = format.TTLConfig{}
		return nil
	})
}

// StopTTL pauses TTL, keeping it enabled and configured (UNIQUE access).
func (t *Txn) StopTTL() error {
	return t.schemaOp("stop ttl", wantUnique, format.DeltaTTLOperation, format.TTLDelta{Op: format.TTLStop}, func(sc *schemaState) error {
		sc.ttl.Running = false
		return nil
	})
}

// descriptionKey identifies a description's target; label sets are sets.
func (t *Txn) descriptionKey(d format.Description) string {
	ids := func(names []string) []uint64 {
		out := make([]uint64, len(names))
		for i, n := range names {
			out[i] = t.s.names.id(n)
		}
		slices.Sort(out)
		return out
	}
	v := ""
	if d.Value != nil {
		v = string(graph.AppendCypherValue(nil, d.Value, nil))
	}
	return fmt.Sprintf("%d|%v|%q|%v|%q|%s", d.Kind, ids(d.Labels), d.EdgeType, ids(d.ToLabels), d.Property, v)
}

// registerDescription registers the names a description mentions, in the
// order the query names them.
func (t *Txn) registerDescription(d format.Description) {
	for _, l := range d.Labels {
		t.s.names.id(l)
	}
	if d.EdgeType != "" {
		t.s.names.id(d.EdgeType)
	}
	for _, l := range d.ToLabels {
		t.s.names.id(l)
	}
	if d.Property != "" {
		t.s.names.id(d.Property)
	}
}

// SetDescription sets (or replaces) a description (UNIQUE access).
func (t *Txn) SetDescription(d format.Description) error {
	t.registerDescription(d)
	key := t.descriptionKey(d)
	return t.schemaOp("set description", wantUnique, format.DeltaDescriptionSet, format.DescriptionDelta{Description: d}, func(sc *schemaState) error {
		for i, x := range sc.descriptions {
			if t.descriptionKey(x) == key {
				sc.descriptions[i] = d
				return nil
			}
		}
		sc.descriptions = append(sc.descriptions, d)
		return nil
	})
}

// DeleteDescription deletes a description; its Text is ignored (UNIQUE access).
func (t *Txn) DeleteDescription(d format.Description) error {
	t.registerDescription(d)
	d.Text = ""
	key := t.descriptionKey(d)
	return t.schemaOp("delete description", wantUnique, format.DeltaDescriptionDelete, format.DescriptionDelta{Description: d}, func(sc *schemaState) error {
		for i, x := range sc.descriptions {
			if t.descriptionKey(x) == key {
				sc.descriptions = slices.Delete(sc.descriptions, i, i+1)
				return nil
			}
		}
		return missing("delete description")
	})
}
