package fuzz

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/durascope/durascope/engine/csvimport"
	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/format"
	"github.com/durascope/durascope/inspect"
)

// maxCSVBytes bounds one CheckCSV input: one import stays in milliseconds.
const maxCSVBytes = 32 << 10

// CSVInput is what CheckCSV reads: a byte of flags (bit 0 ignore empty
// strings, 1 ignore extra columns, 2 skip bad relationships, 3 skip
// duplicate nodes, 4 trim strings, 5 integer ids, 6 properties on edges),
// a byte choosing the format version, a byte choosing the delimiter and
// quote, then the node CSV, a NUL, and the relationship CSV.
func CSVInput(flags, version, dialect byte, nodes, relationships string) []byte {
	return append([]byte{flags, version, dialect}, nodes+"\x00"+relationships...)
}

// csvDialects are the delimiter, quote and array delimiter choices.
var csvDialects = [][3]string{{",", `"`, ";"}, {";", `'`, ","}, {"\t", `"`, "|"}, {"|", `"`, ";"}}

// CheckCSV imports data (see CSVInput) with durascope import into a
// fresh data directory:
//
//   - it never panics;
//   - a refusal is an *csvimport.InputError at a line of the file it
//     names (or an *csvimport.OptionError), and leaves no snapshot and no
//     temporary file behind;
//   - a success writes one snapshot that verifies clean at its version and
//     recovers to as many nodes and relationships as the report counts.
func CheckCSV(data []byte) error {
	return guard(func() error { return checkCSV(data) })
}

func checkCSV(data []byte) error {
	if len(data) < 3 || len(data) > maxCSVBytes {
		return nil
	}
	flags, dialect := data[0], csvDialects[int(data[2])%len(csvDialects)]
	v := format.MinVersion + format.Version(int(data[1])%numVersions)
	nodes, rels, _ := bytes.Cut(data[3:], []byte{0})
	dir, err := os.MkdirTemp(csvTempRoot(), "durascope-fuzz-csv-")
	if err != nil {
		return nil // the machine's problem, not the input's
	}
	defer os.RemoveAll(dir)
	nodeFile, relFile := filepath.Join(dir, "nodes.csv"), filepath.Join(dir, "relationships.csv")
	if os.WriteFile(nodeFile, nodes, 0o644) != nil || os.WriteFile(relFile, rels, 0o644) != nil {
		return nil
	}
	o := csvimport.DefaultOptions()
	o.DataDirectory = filepath.Join(dir, "data")
	o.TempDir = filepath.Join(dir, "tmp")
	if err := os.Mkdir(o.TempDir, 0o755); err != nil {
		return nil
	}
	o.Nodes = []csvimport.NodeFiles{{Files: []string{nodeFile}}}
	if len(rels) > 0 {
		o.Relationships = []csvimport.RelationshipFiles{{Type: "R", HasType: flags&0x80 != 0, Files: []string{relFile}}}
	}
	o.Delimiter, o.Quote, o.ArrayDelimiter = dialect[0], dialect[1], dialect[2]
	o.IgnoreEmptyStrings = flags&1 != 0
	o.IgnoreExtraColumns = flags&2 != 0
	o.SkipBadRelationships = flags&4 != 0
	o.SkipDuplicateNodes = flags&8 != 0
	o.TrimStrings = flags&16 != 0
	if flags&32 != 0 {
		o.IDType = csvimport.IDInteger
	}
	o.PropertiesOnEdges = flags&64 != 0
	o.Version = v
	o.ItemsPerBatch = 3

	rep, importErr := csvimport.Import(o)
	leftovers, err := filepath.Glob(filepath.Join(o.TempDir, "*"))
	if err != nil {
		return err
	}
	if len(leftovers) > 0 {
		return fmt.Errorf("import left temporary files: %v (error %v)", leftovers, importErr)
	}
	snapshots, _ := filepath.Glob(filepath.Join(o.DataDirectory, "snapshots", "*"))
	if importErr != nil {
		if e := csvErrorAt(importErr, map[string][]byte{nodeFile: nodes, relFile: rels}); e != nil {
			return e
		}
		if len(snapshots) > 0 {
			return fmt.Errorf("import failed (%v) but left %v", importErr, snapshots)
		}
		return nil
	}
	if len(snapshots) != 1 || snapshots[0] != rep.Snapshot {
		return fmt.Errorf("import reported %s and left %v", rep.Snapshot, snapshots)
	}
	f, err := datadir.Open(rep.Snapshot)
	if err != nil {
		return err
	}
	verdict := inspect.VerifyFile(f, inspect.VerifyOptions{})
	f.Close()
	if verdict.Version != uint64(v) || len(verdict.Findings) > 0 {
		return fmt.Errorf("the imported snapshot (version %d, want %d) does not verify clean: %v", verdict.Version, v, verdict.Findings)
	}
	d, err := datadir.ScanDataDir(o.DataDirectory)
	if err != nil {
		return err
	}
	rec, err := d.Recover("")
	if err != nil {
		return err
	}
	if rec.Graph == nil {
		return fmt.Errorf("the imported snapshot does not recover: %+v", rec.Stop)
	}
	if uint64(rec.Graph.VertexCount()) != rep.Nodes || uint64(rec.Graph.EdgeCount()) != rep.Relationships {
		return fmt.Errorf("recovered %d nodes and %d relationships, the import reported %d and %d",
			rec.Graph.VertexCount(), rec.Graph.EdgeCount(), rep.Nodes, rep.Relationships)
	}
	return nil
}

// csvTempRoot is a RAM-backed directory where there is one: each input
// creates and removes a data directory.
func csvTempRoot() string {
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		return "/dev/shm"
	}
	return os.TempDir()
}

// csvErrorAt checks that err is an option error or an input error at a
// line of the file it names.
func csvErrorAt(err error, files map[string][]byte) error {
	var opt *csvimport.OptionError
	if errors.As(err, &opt) {
		return nil
	}
	var in *csvimport.InputError
	if !errors.As(err, &in) {
		return fmt.Errorf("import: untyped error %T: %v", err, err)
	}
	if in.Reason == "" || in.Problem == "" {
		return fmt.Errorf("import: error without a reason or problem: %v", err)
	}
	data, ok := files[in.File]
	if !ok {
		return fmt.Errorf("import: error names file %q, not an input: %v", in.File, err)
	}
	lines := strings.Count(string(data), "\n") + 1
	if in.Line < 0 || in.Line > lines || in.Column < 0 {
		return fmt.Errorf("import: error at line %d column %d of a file of %d lines: %v", in.Line, in.Column, lines, err)
	}
	return nil
}

// csvSeeds are small imports in the old tool's formats: typed columns,
// arrays, labels, id spaces, quoting, and a few broken rows.
func csvSeeds() [][]byte {
	nodes := []string{
		"id:ID,name:string,age:int,score:float,ok:boolean,tags:string[],:LABEL\n1,Ada,36,1.5,true,a;b,Person;Admin\n2,\"Bob Jr.\",40,2,false,,Person\n",
		"id:ID(users),name\nu1,Ann\nu2,\"Quoted \"\"name\"\"\"\n",
		"id:ID,x:int\n1,notanumber\n",
		"id:ID,name\n1,a\n1,b\n",
		":ID,:LABEL,v:double[]\n10,A,1.5;2.5\n11,B;C,\n",
		"id:ID,name\n1,\"unterminated\n",
		"id:ID,a,b\n1,x\n2,y,z,w\n",
	}
	rels := []string{
		":START_ID,:END_ID,:TYPE,since:int\n1,2,KNOWS,2020\n2,1,KNOWS,\n",
		":START_ID(users),:END_ID(users)\nu1,u2\n",
		":START_ID,:END_ID,:TYPE\n1,99,BAD\n",
		"",
	}
	var out [][]byte
	for i, n := range nodes {
		for j, r := range rels {
			v := byte(numVersions - 1 - (i+j)%3)
			var typed byte = 0x80 // the type given with the files
			if strings.Contains(r, ":TYPE") {
				typed = 0
			}
			out = append(out, CSVInput(typed|0x40, v, 0, n, r), CSVInput(typed|0x4d, v, 0, n, r), CSVInput(typed, v, 0, n, r))
		}
		// The same files in the other dialects (tab, pipe; semicolon with
		// single quotes would also need its arrays rewritten).
		for d := 2; d < len(csvDialects); d++ {
			c := csvDialects[d]
			out = append(out, CSVInput(0x0d, byte(numVersions-1), byte(d),
				strings.NewReplacer(",", c[0], ";", c[2]).Replace(n), strings.NewReplacer(",", c[0], ";", c[2]).Replace(rels[0])))
		}
	}
	return out
}
