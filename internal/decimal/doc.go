// Package decimal writes integers in decimal, as strconv.AppendUint and
// AppendInt with base 10 write them, for the dumps, which print several
// numbers per record: the digits go straight into the destination, two at
// a time, without strconv's intermediate buffer and copy.
package decimal
