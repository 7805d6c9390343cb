package storage

import "github.com/durascope/durascope/format"

// propertyHolder is a vertex or an edge handle as the property writers
// below see it: Memgraph's vertex and edge accessors write properties by
// the same rules and differ only in these.
type propertyHolder interface {
	// lockWrite locks the object and checks that the transaction may write
	// its properties; unlock releases it.
	lockWrite(op string) error
	unlock()
	stored() *props
	linkDelta(d *delta)
	// admitProps refuses properties the schema does not allow the object
	// to hold (type constraints, vector indices) and returns them as the
	// object stores them (heldVectors).
	admitProps(sc *schemaState, next props) (props, error)
	// verifyAtCommit records what commit must check again (constraints).
	verifyAtCommit(flags uint8)
	// heldByIndex reports whether v, stored under property id, is a vector
	// an index holds: Memgraph's property store keeps a tag for it, which
	// equals no value written, so a write of it is never skipped as
	// identical.
	heldByIndex(sc *schemaState, id uint64, v format.Value) bool
}

// identical reports whether writing v over old under property id of x is
// a write Memgraph skips as identical.
func identical(x propertyHolder, sc *schemaState, id uint64, old, v format.Value) bool {
	return sameStored(old, v) && !x.heldByIndex(sc, id, old)
}

// changeVerify is what commit checks after a property is set to v (nil:
// removed): a value can break uniqueness, a removal existence.
func changeVerify(v format.Value) uint8 {
	if v != nil {
		return verifyUnique
	}
	return verifyExistence
}

// setProperty sets a property (Null removes it) and returns the old value
// (format.Null{} when absent). It always writes a delta, even when the
// value does not change, unless Config.SkipIdenticalPropertyUpdates.
func (t *Txn) setProperty(x propertyHolder, name string, value format.Value) (format.Value, error) {
	s := t.s
	id := s.names.id(name)
	nv, err := t.storedValue(name, value)
	if err != nil {
		return nil, err
	}
	if err := x.lockWrite("SetProperty"); err != nil {
		return nil, err
	}
	defer x.unlock()
	p := x.stored()
	old := p.get(id)
	if s.cfg.SkipIdenticalPropertyUpdates && identical(x, t.schemaView(), id, old, nv) {
		return orNull(old), nil
	}
	next := p.clone().set(id, nv)
	next, err = x.admitProps(t.schemaView(), next)
	if err != nil {
		return nil, err
	}
	d := t.newDelta(actSetProperty)
	d.key, d.value = id, old
	x.linkDelta(d)
	*p = next
	x.verifyAtCommit(changeVerify(nv))
	return orNull(old), nil
}

// initProperties sets the properties of an object that has none (CREATE's
// property map): one delta per property in ascending property-id order,
// Null values left out. It returns false, changing nothing, when the
// object already has properties.
func (t *Txn) initProperties(x propertyHolder, ps []Prop) (bool, error) {
	ids, vals, err := t.propMap(ps)
	if err != nil {
		return false, err
	}
	if err := x.lockWrite("InitProperties"); err != nil {
		return false, err
	}
	defer x.unlock()
	p := x.stored()
	if len(*p) > 0 {
		return false, nil
	}
	var next props
	for i, id := range ids {
		next = next.set(id, vals[i])
	}
	next, err = x.admitProps(t.schemaView(), next)
	if err != nil {
		return false, err
	}
	for _, q := range next {
		d := t.newDelta(actSetProperty)
		d.key = q.id
		x.linkDelta(d)
	}
	*p = next
	if len(next) > 0 {
		x.verifyAtCommit(verifyUnique)
	}
	return true, nil
}

// updateProperties applies a property map (SET n += map): each property in
// ascending id order, Null removing. skipIdentical leaves out the delta of
// a value that does not change; vertex and edge read Memgraph's flag for
// it differently.
func (t *Txn) updateProperties(x propertyHolder, ps []Prop, skipIdentical bool) error {
	ids, vals, err := t.propMap(ps)
	if err != nil {
		return err
	}
	if err := x.lockWrite("UpdateProperties"); err != nil {
		return err
	}
	defer x.unlock()
	p := x.stored()
	next := p.clone()
	for i, id := range ids {
		next = next.set(id, vals[i])
	}
	sc := t.schemaView()
	next, err = x.admitProps(sc, next)
	if err != nil {
		return err
	}
	for i, id := range ids {
		old := p.get(id)
		if skipIdentical && identical(x, sc, id, old, vals[i]) {
			continue
		}
		d := t.newDelta(actSetProperty)
		d.key, d.value = id, old
		x.linkDelta(d)
		x.verifyAtCommit(changeVerify(vals[i]))
	}
	*p = next
	return nil
}

// clearProperties removes every property, one delta each in id order.
func (t *Txn) clearProperties(x propertyHolder) error {
	if err := x.lockWrite("ClearProperties"); err != nil {
		return err
	}
	defer x.unlock()
	p := x.stored()
	for _, q := range *p {
		d := t.newDelta(actSetProperty)
		d.key, d.value = q.id, q.v
		x.linkDelta(d)
	}
	if len(*p) > 0 {
		x.verifyAtCommit(verifyExistence)
	}
	*p = nil
	return nil
}
