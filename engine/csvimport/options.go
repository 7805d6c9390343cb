package csvimport

import (
	"fmt"
	"strings"
	"time"

	"github.com/durascope/durascope/engine/fs"
	"github.com/durascope/durascope/engine/snapshot"
	"github.com/durascope/durascope/format"
)

// NodeFiles is one --nodes flag: files read as one CSV (the header is the
// first line of the first file) and labels every node of them gets after
// its LABEL column's.
type NodeFiles struct {
	Labels []string `json:"labels,omitempty"`
	Files  []string `json:"files"`
}

// RelationshipFiles is one --relationships flag: files read as one CSV and,
// when HasType, the type of every relationship of them (then the header
// must not have a TYPE column).
type RelationshipFiles struct {
	Type    string   `json:"type,omitempty"`
	HasType bool     `json:"has_type,omitempty"`
	Files   []string `json:"files"`
}

// ParseNodesArg reads [<label>[:<label>]...=]<file>[,<file>]...: labels
// before the first '=', split at ':'; files after it, split at ','.
func ParseNodesArg(s string) NodeFiles {
	var n NodeFiles
	if i := strings.IndexByte(s, '='); i >= 0 {
		n.Labels, s = split(s[:i], ":"), s[i+1:]
	}
	n.Files = split(s, ",")
	return n
}

// ParseRelationshipsArg reads [<type>=]<file>[,<file>]...
func ParseRelationshipsArg(s string) RelationshipFiles {
	var r RelationshipFiles
	if i := strings.IndexByte(s, '='); i >= 0 {
		r.Type, r.HasType, s = s[:i], true, s[i+1:]
	}
	r.Files = split(s, ",")
	return r
}

// IDType is how node ids are stored as properties (--id-type).
type IDType string

// Id types; the flag takes them in any case, surrounded by spaces or not.
const (
	IDString  IDType = "STRING"
	IDInteger IDType = "INTEGER"
)

// ParseIDType reads --id-type as the old tool did (trimmed, any case).
func ParseIDType(s string) (IDType, error) {
	switch t := IDType(strings.ToUpper(strings.TrimSpace(s))); t {
	case IDString, IDInteger:
		return t, nil
	}
	return "", &OptionError{Option: "id-type", Reason: fmt.Sprintf("%q: the id types are STRING and INTEGER", s)}
}

// Options is one import. The zero values of Delimiter, Quote,
// ArrayDelimiter and IDType are NOT the defaults: take DefaultOptions and
// change what differs (an empty delimiter is an error, as it was).
type Options struct {
	// DataDirectory receives the snapshot, in snapshots/, as Memgraph's
	// --data-directory.
	DataDirectory string
	Nodes         []NodeFiles
	Relationships []RelationshipFiles

	Delimiter            string // between fields (--delimiter)
	Quote                string // quotes a field (--quote)
	ArrayDelimiter       string // between array elements and labels (--array-delimiter)
	IDType               IDType
	IgnoreEmptyStrings   bool // an empty field is null
	IgnoreExtraColumns   bool // fields beyond the header's are dropped
	SkipBadRelationships bool // a relationship to an unknown node is a warning
	SkipDuplicateNodes   bool // a second node with an id is a warning
	TrimStrings          bool // fields lose leading and trailing whitespace
	// PropertiesOnEdges is --storage-properties-on-edges: relationship
	// properties are an error without it, as they were.
	PropertiesOnEdges bool

	// Version is the format to write; 0: format.MaxVersion.
	Version       format.Version
	ItemsPerBatch int // records per snapshot batch; 0: Memgraph's default
	// Force moves existing durability files (every entry of snapshots/ and
	// wal/) to .backup/snapshots and .backup/wal, as Memgraph does when it
	// starts without recovery, once the new snapshot is complete; without
	// it their presence is an error.
	Force bool
	// TempDir holds the temporary files (node and edge records, sorted
	// runs of edge lists); "": a directory inside DataDirectory, removed
	// at the end.
	TempDir string
	// SortBuffer is the memory, in bytes, edge-list entries are sorted in
	// before a run is spilled; 0: DefaultSortBuffer.
	SortBuffer int

	FS  fs.FS            // nil: fs.OS{}
	Now func() time.Time // names the snapshot; nil: time.Now
	// Progress, if set, is called every few thousand rows and once per
	// phase change.
	Progress func(Progress)
	// Warn, if set, is called with every skipped row.
	Warn func(Warning)

	// parallel writes the snapshot by Memgraph's parallel path. For tests
	// only: it reads the source by gid ranges, each from the start of the
	// temporary files, and calls Progress from several goroutines.
	parallel bool
}

// DefaultSortBuffer is the default Options.SortBuffer: 2 Mi entries.
const DefaultSortBuffer = 64 << 20

// DefaultOptions are the old tool's defaults.
func DefaultOptions() Options {
	return Options{DataDirectory: "mg_data", Delimiter: ",", Quote: `"`, ArrayDelimiter: ";", IDType: IDString,
		Version: format.MaxVersion, ItemsPerBatch: snapshot.DefaultItemsPerBatch}
}

// validate applies the old tool's flag checks and fills in defaults.
func (o *Options) validate() error {
	for _, c := range []struct{ flag, value string }{
		{"array-delimiter", o.ArrayDelimiter}, {"delimiter", o.Delimiter}, {"quote", o.Quote},
	} {
		if c.value == "" {
			return &OptionError{Option: c.flag, Reason: "cannot be empty"}
		}
		if strings.ContainsRune(c.value, '\n') {
			return &OptionError{Option: c.flag, Reason: "cannot contain a newline"}
		}
	}
	t, err := ParseIDType(string(o.IDType))
	if err != nil {
		return err
	}
	o.IDType = t
	if len(o.Nodes) == 0 {
		return &OptionError{Option: "nodes", Reason: "at least one --nodes is required"}
	}
	if o.DataDirectory == "" {
		return &OptionError{Option: "data-directory", Reason: "cannot be empty"}
	}
	if o.Version == 0 {
		o.Version = format.MaxVersion
	}
	if !o.Version.Supported() {
		return &OptionError{Option: "format-version", Reason: (&format.UnsupportedVersionError{Version: o.Version}).Error()}
	}
	if o.ItemsPerBatch == 0 {
		o.ItemsPerBatch = snapshot.DefaultItemsPerBatch
	}
	if o.ItemsPerBatch < 0 {
		return &OptionError{Option: "storage-items-per-batch", Reason: "must be at least 1"}
	}
	if o.SortBuffer <= 0 {
		o.SortBuffer = DefaultSortBuffer
	}
	if o.FS == nil {
		o.FS = fs.OS{}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return nil
}
