package query

import (
	"github.com/durascope/durascope/engine/cypher"
	"github.com/durascope/durascope/engine/storage"
)

// registerNames gives the names a query uses their name-id mapper ids in
// the order Memgraph does; see the package documentation for the rule.
// Ids decide the order of property frames in the WAL (InitProperties
// writes in id order) and the snapshot's mapper, so this order is part of
// byte-exactness.
func registerNames(s *storage.Storage, q *cypher.Query, compat Compat) {
	for _, n := range planNames(q, compat) {
		s.NameToID(n)
	}
	for _, n := range rewriteNames(q) {
		s.NameToID(n)
	}
	props, labels, types := astNames(q)
	for _, group := range [][]string{props, labels, types} {
		for _, n := range group {
			s.NameToID(n)
		}
	}
}

// planNames are the names the rule-based planner resolves while it builds
// the operators (RuleBasedPlanner: GenCreateForPattern, HandleWriteClause,
// GenMerge, the expansions of PlanMatching), in clause order:
//
//   - MATCH: the relationship types of every expansion.
//   - CREATE, per pattern: the first node, if not bound yet, its property
//     keys then its labels; then per relationship the node beyond it
//     (bound or not) likewise, the relationship's property keys, then its
//     type.
//   - MERGE: the match part's relationship types, the ON MATCH items, the
//     pattern as CREATE, the ON CREATE items.
//   - SET n.p / REMOVE n.p: the property; SET / REMOVE n:L: the labels.
func planNames(q *cypher.Query, compat Compat) []string {
	var out []string
	bound := map[string]bool{}
	bind := func(id *cypher.Ident) {
		if id != nil {
			bound[id.Name] = true
		}
	}
	mapKeys := func(e cypher.Expr) {
		if m, ok := e.(*cypher.MapLit); ok {
			for _, en := range m.Entries {
				out = append(out, en.Key.Name)
			}
		}
	}
	node := func(n *cypher.NodePattern) {
		if !compat.LabelsBeforeProperties {
			mapKeys(n.Properties)
		}
		for _, l := range n.Labels {
			out = append(out, l.Name)
		}
		if compat.LabelsBeforeProperties {
			mapKeys(n.Properties)
		}
	}
	expansions := func(ps []*cypher.Pattern) {
		for _, p := range ps {
			for _, r := range p.Rels {
				for _, t := range r.Types {
					out = append(out, t.Name)
				}
			}
		}
	}
	bindPatterns := func(ps []*cypher.Pattern) {
		for _, p := range ps {
			bind(p.Variable)
			for _, n := range p.Nodes {
				bind(n.Variable)
			}
			for _, r := range p.Rels {
				bind(r.Variable)
			}
		}
	}
	create := func(p *cypher.Pattern) {
		first := p.Nodes[0]
		if first.Variable == nil || !bound[first.Variable.Name] {
			node(first)
			bind(first.Variable)
		}
		for i, r := range p.Rels {
			next := p.Nodes[i+1]
			node(next)
			bind(next.Variable)
			mapKeys(r.Properties)
			if len(r.Types) > 0 {
				out = append(out, r.Types[0].Name)
			}
			bind(r.Variable)
		}
		bind(p.Variable)
	}
	setItem := func(it cypher.SetItem) {
		switch x := it.(type) {
		case *cypher.SetProperty:
			out = append(out, x.Target.Key.Name)
		case *cypher.SetLabels:
			for _, l := range x.Labels {
				out = append(out, l.Name)
			}
		}
	}
	for _, c := range q.Clauses {
		switch x := c.(type) {
		case *cypher.Match:
			expansions(x.Patterns)
			bindPatterns(x.Patterns)
		case *cypher.Create:
			for _, p := range x.Patterns {
				create(p)
			}
		case *cypher.Merge:
			expansions([]*cypher.Pattern{x.Pattern})
			for _, it := range x.OnMatch {
				setItem(it)
			}
			create(x.Pattern)
			for _, it := range x.OnCreate {
				setItem(it)
			}
		case *cypher.Set:
			for _, it := range x.Items {
				setItem(it)
			}
		case *cypher.Remove:
			for _, it := range x.Items {
				switch r := it.(type) {
				case *cypher.RemoveProperty:
					out = append(out, r.Target.Key.Name)
				case *cypher.RemoveLabels:
					for _, l := range r.Labels {
						out = append(out, l.Name)
					}
				}
			}
		case *cypher.Unwind:
			bound[x.As.Name] = true
		case *cypher.With:
			next := map[string]bool{}
			if x.All {
				for k := range bound {
					next[k] = true
				}
			}
			for _, it := range x.Items {
				if it.Alias != nil {
					next[it.Alias.Name] = true
				} else if v, ok := it.Expr.(*cypher.Variable); ok {
					next[v.Name] = true
				}
			}
			bound = next
		}
	}
	return out
}

// rewriteNames are the labels the index-lookup rewriter resolves after
// planning, when it asks whether a label index exists for each label a
// MATCH (or MERGE) node pattern filters on. (The property lookups it makes
// for label+property indices are not modelled; they only matter for a
// property name first used in that MATCH.)
func rewriteNames(q *cypher.Query) []string {
	var out []string
	for _, c := range q.Clauses {
		var ps []*cypher.Pattern
		switch x := c.(type) {
		case *cypher.Match:
			ps = x.Patterns
		case *cypher.Merge:
			ps = []*cypher.Pattern{x.Pattern}
		}
		for _, p := range ps {
			for _, n := range p.Nodes {
				for _, l := range n.Labels {
					out = append(out, l.Name)
				}
			}
		}
	}
	return out
}

// astNames are the property keys, labels and relationship types of the
// query in the order the parser first meets them (source order, a map
// key before its value): the AstStorage vectors that PullPlan resolves
// before the first pull (NamesToProperties, NamesToLabels,
// NamesToEdgeTypes).
func astNames(q *cypher.Query) (props, labels, types []string) {
	seen := map[string]bool{}
	add := func(list *[]string, kind, name string) {
		if k := kind + "\x00" + name; !seen[k] {
			seen[k] = true
			*list = append(*list, name)
		}
	}
	var expr func(e cypher.Expr)
	expr = func(e cypher.Expr) {
		if e == nil {
			return
		}
		switch x := e.(type) {
		case *cypher.MapLit:
			for _, en := range x.Entries {
				add(&props, "p", en.Key.Name)
				expr(en.Value)
			}
			return
		case *cypher.Property:
			expr(x.Subject)
			add(&props, "p", x.Key.Name)
			return
		case *cypher.HasLabels:
			expr(x.Subject)
			for _, l := range x.Labels {
				add(&labels, "l", l.Name)
			}
			return
		}
		for _, c := range children(e) {
			expr(c)
		}
	}
	pattern := func(p *cypher.Pattern) {
		for i, n := range p.Nodes {
			for _, l := range n.Labels {
				add(&labels, "l", l.Name)
			}
			expr(n.Properties)
			if i < len(p.Rels) {
				r := p.Rels[i]
				for _, t := range r.Types {
					add(&types, "t", t.Name)
				}
				expr(r.Properties)
			}
		}
	}
	setItem := func(it cypher.SetItem) {
		switch x := it.(type) {
		case *cypher.SetProperty:
			expr(x.Target)
			expr(x.Value)
		case *cypher.SetProperties:
			expr(x.Value)
		case *cypher.SetLabels:
			for _, l := range x.Labels {
				add(&labels, "l", l.Name)
			}
		}
	}
	for _, c := range q.Clauses {
		switch x := c.(type) {
		case *cypher.Match:
			for _, p := range x.Patterns {
				pattern(p)
			}
			expr(x.Where)
		case *cypher.Create:
			for _, p := range x.Patterns {
				pattern(p)
			}
		case *cypher.Merge:
			pattern(x.Pattern)
			for _, it := range mergeItems(x) {
				setItem(it)
			}
		case *cypher.Set:
			for _, it := range x.Items {
				setItem(it)
			}
		case *cypher.Remove:
			for _, it := range x.Items {
				switch r := it.(type) {
				case *cypher.RemoveProperty:
					expr(r.Target)
				case *cypher.RemoveLabels:
					for _, l := range r.Labels {
						add(&labels, "l", l.Name)
					}
				}
			}
		default:
			forClauseExprs(c, expr)
		}
	}
	return props, labels, types
}
