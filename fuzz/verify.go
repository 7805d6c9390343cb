package fuzz

import (
	"fmt"
	"os"
	"slices"

	"github.com/durascope/durascope/engine/datadir"
	"github.com/durascope/durascope/inspect"
)

// verifyAgrees runs `durascope verify` on data, on one worker and on
// three, and holds it to what the readers found: the findings do not
// depend on the workers, and a file that a reader refuses (failed, the
// reader and its error) is never clean of errors: a wrong "clean" is the
// worst thing verify can say.
func (p props) verifyAgrees(data []byte, failed string) error {
	tmp, err := os.CreateTemp("", "durascope-fuzz-verify-*")
	if err != nil {
		return err
	}
	path := tmp.Name()
	defer os.Remove(path)
	_, err = tmp.Write(data)
	if e := tmp.Close(); err == nil {
		err = e
	}
	if err != nil {
		return err
	}
	var reports [2]*inspect.VerifyReport
	for i, workers := range []int{1, 3} {
		f, err := datadir.Open(path)
		if err != nil {
			return err
		}
		if e := p.within(fmt.Sprintf("verify on %d workers", workers), Budget(len(data))+verifyFixed, func() {
			reports[i] = inspect.VerifyFile(f, inspect.VerifyOptions{Workers: workers})
		}); e != nil {
			f.Close()
			return e
		}
		f.Close()
	}
	one, three := reports[0], reports[1]
	if !slices.EqualFunc(one.Findings, three.Findings, func(a, b inspect.Finding) bool { return a.String() == b.String() }) {
		return fmt.Errorf("verify's findings depend on its workers:\none:\n%s\nthree:\n%s", listed(one), listed(three))
	}
	if failed != "" && one.Errors == 0 {
		return fmt.Errorf("verify finds no error, but %s\nfindings:\n%s", failed, listed(one))
	}
	return nil
}

// verifyFixed is what verify allocates whatever the file's size: its read
// windows and tables (about 4.4 MiB on one worker).
const verifyFixed = 8 << 20

func listed(r *inspect.VerifyReport) string {
	s := ""
	for _, f := range r.Findings {
		s += "  " + f.String() + "\n"
	}
	return s
}
