// Command csvgen writes a large synthetic import for `durascope import`
// benchmarks: DIR/nodes.csv (header and rows together) and
// DIR/relationships.csv, in the format mg_import_csv read. Nodes have a
// string id in the Person space, a name, an age (int), a score (double)
// and one or two labels; relationships join random nodes (a fixed-seed
// generator, so every run writes the same bytes) with one of three types
// and a since (int) and a weight (double). Import them with
// --storage-properties-on-edges.
//
//	go run ./scripts/csvgen --nodes 10000000 --relationships 20000000 --out DIR
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

func main() {
	nodes := flag.Int64("nodes", 10_000_000, "number of nodes")
	rels := flag.Int64("relationships", 20_000_000, "number of relationships")
	out := flag.String("out", "", "directory to write nodes.csv and relationships.csv into")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if *out == "" || *nodes < 1 || *rels < 0 {
		fmt.Fprintln(os.Stderr, "usage: csvgen --out DIR [--nodes N] [--relationships M] [--seed S]")
		os.Exit(2)
	}
	if err := run(*out, *nodes, *rels, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "csvgen:", err)
		os.Exit(1)
	}
}

func run(dir string, nodes, rels int64, seed uint64) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	labels := []string{"Person", "Person;Employee", "Person;Customer"}
	err := write(filepath.Join(dir, "nodes.csv"), "personId:ID(Person),name,age:int,score:double,:LABEL\n", nodes, func(b []byte, i int64) []byte {
		b = append(b, 'p')
		b = strconv.AppendInt(b, i, 10)
		b = append(b, ",\"Name "...)
		b = strconv.AppendInt(b, i, 10)
		b = append(b, "\","...)
		b = strconv.AppendInt(b, 18+rng.Int64N(70), 10)
		b = append(b, ',')
		b = strconv.AppendFloat(b, float64(rng.IntN(100000))/1000, 'f', -1, 64)
		b = append(b, ',')
		return append(b, labels[rng.IntN(len(labels))]...)
	})
	if err != nil {
		return err
	}
	types := []string{"KNOWS", "WORKS_WITH", "FOLLOWS"}
	return write(filepath.Join(dir, "relationships.csv"), ":START_ID(Person),:END_ID(Person),:TYPE,since:int,weight:double\n", rels, func(b []byte, _ int64) []byte {
		b = append(b, 'p')
		b = strconv.AppendInt(b, rng.Int64N(nodes), 10)
		b = append(b, ",p"...)
		b = strconv.AppendInt(b, rng.Int64N(nodes), 10)
		b = append(b, ',')
		b = append(b, types[rng.IntN(len(types))]...)
		b = append(b, ',')
		b = strconv.AppendInt(b, 1990+rng.Int64N(35), 10)
		b = append(b, ',')
		return strconv.AppendFloat(b, float64(rng.IntN(1000))/1000, 'f', -1, 64)
	})
}

func write(path, header string, n int64, row func([]byte, int64) []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(header)
	var b []byte
	for i := range n {
		b = append(row(b[:0], i), '\n')
		if _, err := w.Write(b); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
