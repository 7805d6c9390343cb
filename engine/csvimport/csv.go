package csvimport

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// Dialect is the quoting of the input: Python's csv reader in strict mode
// with doublequote on and no escape character, but with delimiter and quote
// of any length, as the old tool parsed (docs/csv-import-tool). Its rules,
// which differ from RFC 4180 in places:
//   - a field is quoted only when the quote starts it; a quote elsewhere in
//     an unquoted field is an ordinary character;
//   - inside a quoted field a doubled quote is one quote; after the closing
//     quote only the delimiter or the end of the line may follow;
//   - carriage returns are dropped wherever they are, and a line feed inside
//     a quoted field joins the lines without keeping the line feed;
//   - a NUL byte is an error, and so is the end of the file inside quotes;
//   - an empty line is a row of no fields.
type Dialect struct {
	Delimiter, Quote string
	// Trim removes leading and trailing whitespace (C isspace) from every
	// field, the header's included (--trim-strings).
	Trim bool
}

// Parser states, the old tool's.
const (
	stInitial = iota
	stNext
	stQuoting
	stNotQuoting
	stExpectDelim
)

// Reader reads rows. A row's fields are valid until the next call to Next.
type Reader struct {
	src    io.Reader
	path   string
	delim  []byte
	quote  []byte
	trim   bool
	stopNQ [256]bool // bytes that end a plain run outside quotes
	stopQ  [256]bool // and inside quotes

	buf      []byte
	pos, end int   // next unread byte, end of buffered data
	rowStart int   // where the current row starts in buf
	base     int64 // file offset of buf[0]
	eof      bool
	line     int // physical lines read so far

	rowLine int
	rowEnd  int      // end of the row's last line, relative to rowStart
	data    []byte   // field contents, concatenated
	spans   [][2]int // each field's contents in data
	starts  []int    // each field's first byte, relative to rowStart
}

const readChunk = 256 << 10

// NewReader reads CSV rows from r; path names it in errors.
func NewReader(r io.Reader, path string, d Dialect) *Reader {
	c := &Reader{src: r, path: path, delim: []byte(d.Delimiter), quote: []byte(d.Quote), trim: d.Trim,
		buf: make([]byte, readChunk)}
	for _, t := range []*[256]bool{&c.stopNQ, &c.stopQ} {
		t['\r'], t[0] = true, true
	}
	if len(c.delim) > 0 {
		c.stopNQ[c.delim[0]] = true
	}
	if len(c.quote) > 0 {
		c.stopQ[c.quote[0]] = true
	}
	return c
}

// Offset is how many bytes of the input have been consumed.
func (c *Reader) Offset() int64 { return c.base + int64(c.pos) }

// Line is the line the current row starts on (1-based).
func (c *Reader) Line() int { return c.rowLine }

// Len is the number of fields of the current row.
func (c *Reader) Len() int { return len(c.spans) }

// Field is field i of the current row.
func (c *Reader) Field(i int) []byte { s := c.spans[i]; return c.data[s[0]:s[1]] }

// Position is the line and character column where field i of the current
// row starts (its opening quote, for a quoted field); i == Len() is the end
// of the row.
func (c *Reader) Position(i int) (line, col int) {
	if i >= len(c.starts) {
		return c.position(c.rowEnd)
	}
	return c.position(c.starts[i])
}

// position turns an offset relative to the row start into line and column.
func (c *Reader) position(off int) (line, col int) {
	raw := c.buf[c.rowStart : c.rowStart+min(off, c.end-c.rowStart)]
	line = c.rowLine + bytes.Count(raw, []byte{'\n'})
	if i := bytes.LastIndexByte(raw, '\n'); i >= 0 {
		raw = raw[i+1:]
	}
	return line, utf8.RuneCount(raw) + 1
}

func (c *Reader) errorAt(off int, p Problem, reason string) *InputError {
	line, col := c.position(off)
	return &InputError{File: c.path, Line: line, Column: col, Problem: p, Reason: reason}
}

// readLine returns the next line without its line feed, as offsets into
// buf, reading more input as needed; ok is false at the end of the input
// (a last line without a line feed counts, as getline counts it).
func (c *Reader) readLine() (start, stop int, ok bool, err error) {
	scanned := c.pos
	for {
		if i := bytes.IndexByte(c.buf[scanned:c.end], '\n'); i >= 0 {
			start, stop = c.pos, scanned+i
			c.pos = stop + 1
			c.line++
			return start, stop, true, nil
		}
		if c.eof {
			if c.pos == c.end {
				return 0, 0, false, nil
			}
			start, stop = c.pos, c.end
			c.pos = c.end
			c.line++
			return start, stop, true, nil
		}
		scanned = c.end
		shift, err := c.fill()
		if err != nil {
			return 0, 0, false, err
		}
		scanned -= shift
	}
}

// fill reads more input, first moving the current row to the front of the
// buffer (and growing it when the row fills it); it returns how far the
// buffered data moved.
func (c *Reader) fill() (shift int, err error) {
	if c.rowStart > 0 {
		shift = c.rowStart
		n := copy(c.buf, c.buf[c.rowStart:c.end])
		c.base += int64(shift)
		c.pos -= shift
		c.end = n
		c.rowStart = 0
	}
	if c.end == len(c.buf) {
		c.buf = append(c.buf, make([]byte, len(c.buf))...)
	}
	n, err := c.src.Read(c.buf[c.end:])
	c.end += n
	if errors.Is(err, io.EOF) {
		c.eof = true
		return shift, nil
	}
	if err != nil {
		return shift, &InputError{File: c.path, Line: c.line + 1, Problem: ProblemOpen, Reason: err.Error()}
	}
	return shift, nil
}

// Next reads the next row; false at the end of the input.
func (c *Reader) Next() (bool, error) {
	c.rowStart = c.pos
	c.rowLine = c.line + 1
	c.data, c.spans, c.starts = c.data[:0], c.spans[:0], c.starts[:0]
	state := stInitial
	lines := 0
	quoteAt := 0 // where the open quoted field started
	cur := 0     // start of the field being built in data
	for {
		start, stop, ok, err := c.readLine()
		if err != nil {
			return false, err
		}
		if !ok {
			break
		}
		lines++
		line := c.buf[start:stop]
		rel := start - c.rowStart
		c.rowEnd = stop - c.rowStart
		for i := 0; i < len(line); {
			b := line[i]
			if b == '\r' {
				i++
				continue
			}
			if b == 0 {
				return false, c.errorAt(rel+i, ProblemNullByte, "the line holds a NUL byte")
			}
			switch state {
			case stInitial, stNext:
				switch {
				case bytes.HasPrefix(line[i:], c.quote):
					quoteAt, cur = rel+i, len(c.data)
					state = stQuoting
					i += len(c.quote)
				case bytes.HasPrefix(line[i:], c.delim):
					c.push(len(c.data), rel+i)
					state = stNext
					i += len(c.delim)
				default:
					quoteAt, cur = rel+i, len(c.data)
					c.data = append(c.data, b)
					state = stNotQuoting
					i++
				}
			case stNotQuoting:
				j := i
				for j < len(line) && !c.stopNQ[line[j]] {
					j++
				}
				c.data = append(c.data, line[i:j]...)
				i = j
				if j == len(line) || line[j] == '\r' || line[j] == 0 {
					continue
				}
				if bytes.HasPrefix(line[j:], c.delim) {
					c.push(cur, quoteAt)
					state = stNext
					i = j + len(c.delim)
				} else {
					c.data = append(c.data, line[j])
					i = j + 1
				}
			case stQuoting:
				j := i
				for j < len(line) && !c.stopQ[line[j]] {
					j++
				}
				c.data = append(c.data, line[i:j]...)
				i = j
				if j == len(line) || line[j] == '\r' || line[j] == 0 {
					continue
				}
				switch {
				case !bytes.HasPrefix(line[j:], c.quote):
					c.data = append(c.data, line[j])
					i = j + 1
				case bytes.HasPrefix(line[j+len(c.quote):], c.quote):
					c.data = append(c.data, c.quote...)
					i = j + 2*len(c.quote)
				default:
					c.push(cur, quoteAt)
					state = stExpectDelim
					i = j + len(c.quote)
				}
			case stExpectDelim:
				if !bytes.HasPrefix(line[i:], c.delim) {
					r, _ := utf8.DecodeRune(line[i:])
					return false, c.errorAt(rel+i, ProblemExpectedDelimiter,
						fmt.Sprintf("expected the delimiter %q after the closing quote %q, got %q", c.delim, c.quote, r))
				}
				state = stNext
				i += len(c.delim)
			}
		}
		if state != stQuoting {
			break
		}
	}
	if lines == 0 {
		return false, nil
	}
	switch state {
	case stNext:
		c.push(len(c.data), c.rowEnd)
	case stNotQuoting:
		c.push(cur, quoteAt)
	case stQuoting:
		return false, c.errorAt(quoteAt, ProblemMissingEndQuote,
			"the file ends inside this quoted field: is its closing quote missing?")
	}
	if c.trim {
		for i, s := range c.spans {
			for s[0] < s[1] && isSpace(c.data[s[0]]) {
				s[0]++
			}
			for s[1] > s[0] && isSpace(c.data[s[1]-1]) {
				s[1]--
			}
			c.spans[i] = s
		}
	}
	return true, nil
}

// push ends a field whose contents start at data[from] and whose text
// starts at row offset at.
func (c *Reader) push(from, at int) {
	c.spans = append(c.spans, [2]int{from, len(c.data)})
	c.starts = append(c.starts, at)
}

// isSpace is C's isspace in the C locale.
func isSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\v' || b == '\f' || b == '\r'
}
