package cypher

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	// Zone names resolve the same way on every machine, as in engine/graph.
	_ "time/tzdata"

	"github.com/durascope/durascope/format"
)

// Temporal strings are read as Memgraph's src/utils/temporal.cpp reads them:
//
//	date           YYYY-MM-DD, YYYYMMDD or YYYY-MM (day 1)
//	localtime      [T]hh[:mm[:ss[.fff[fff]]]] or [T]hh[mm[ss[.fff[fff]]]];
//	               the separator is used throughout or not at all, and a
//	               fraction has exactly 3 or 6 digits
//	localdatetime  date 'T' localtime, both with separators or both without
//	duration       P[nD][T[nH][nM][nS]], each n a decimal number that may be
//	               negative; only the last one may have a fraction
//
// A fixed-width field is read like std::from_chars: a leading '-' is
// accepted and then fails the range check. A local date-time is taken as
// UTC, the instance time zone Memgraph uses by default.

const (
	microsPerSecond = int64(1_000_000)
	microsPerMinute = 60 * microsPerSecond
	microsPerHour   = 60 * microsPerMinute
	microsPerDay    = 24 * microsPerHour
)

// fixedInt reads the first n bytes of s as std::from_chars reads an int64:
// an optional '-' and digits that must fill all n bytes.
func fixedInt(s string, n int) (int64, bool) {
	if len(s) < n {
		return 0, false
	}
	f := s[:n]
	digits := strings.TrimPrefix(f, "-")
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return 0, false
	}
	v, err := strconv.ParseInt(f, 10, 64)
	return v, err == nil
}

type dateParts struct{ year, month, day int64 }

// dateFields reads a date string; extended reports the '-' separated form.
func dateFields(s string) (d dateParts, extended bool, err error) {
	d = dateParts{month: 1, day: 1}
	if n := len(s); n != 10 && n != 8 && n != 7 {
		return d, false, errors.New("invalid date: expected YYYY-MM-DD, YYYYMMDD or YYYY-MM")
	}
	var ok bool
	if d.year, ok = fixedInt(s, 4); !ok {
		return d, false, errors.New("invalid year in the date")
	}
	s = s[4:]
	if s[0] == '-' {
		extended = true
		s = s[1:]
	}
	if d.month, ok = fixedInt(s, 2); !ok {
		return d, false, errors.New("invalid month in the date")
	}
	s = s[2:]
	if s != "" {
		if s[0] == '-' {
			if !extended {
				return d, false, errors.New("invalid date format: separators used inconsistently")
			}
			s = s[1:]
		}
		if d.day, ok = fixedInt(s, 2); !ok {
			return d, false, errors.New("invalid day in the date")
		}
		s = s[2:]
	}
	if s != "" {
		return d, false, errors.New("invalid date format: extra characters")
	}
	return d, extended, nil
}

// micros checks the date as Memgraph's Date constructor does and returns
// its microseconds since the epoch.
func (d dateParts) micros() (int64, error) {
	if d.year < 0 || d.year > 9999 {
		return 0, errors.New("invalid year: must be between 0 and 9999")
	}
	if d.month < 1 || d.month > 12 {
		return 0, errors.New("invalid month: must be between 1 and 12")
	}
	t := time.Date(int(d.year), time.Month(d.month), int(d.day), 0, 0, 0, 0, time.UTC)
	if d.day < 1 || d.day > 31 || t.Day() != int(d.day) {
		return 0, errors.New("invalid day for that month and year")
	}
	return t.Unix() * microsPerSecond, nil
}

type timeParts struct{ hour, minute, second, milli, micro int64 }

// timeFields reads a local time string; extended reports the ':' form.
func timeFields(s string) (t timeParts, extended bool, err error) {
	if s == "" {
		return t, false, errors.New("invalid local time: empty")
	}
	s = strings.TrimPrefix(s, "T")
	colonSet := false
	colon := func() error {
		has := s != "" && s[0] == ':'
		if !colonSet {
			extended, colonSet = has, true
		}
		if extended != has {
			return errors.New("invalid local time: a separator must be used consistently or not at all")
		}
		if has {
			s = s[1:]
		}
		if s == "" {
			return errors.New("invalid local time format")
		}
		return nil
	}
	var ok bool
	if t.hour, ok = fixedInt(s, 2); !ok {
		return t, false, errors.New("invalid hour in the local time")
	}
	if s = s[2:]; s == "" {
		return t, false, nil
	}
	if err := colon(); err != nil {
		return t, false, err
	}
	if t.minute, ok = fixedInt(s, 2); !ok {
		return t, false, errors.New("invalid minutes in the local time")
	}
	if s = s[2:]; s == "" {
		return t, extended, nil
	}
	if err := colon(); err != nil {
		return t, false, err
	}
	if t.second, ok = fixedInt(s, 2); !ok {
		return t, false, errors.New("invalid seconds in the local time")
	}
	if s = s[2:]; s == "" {
		return t, extended, nil
	}
	if s[0] != '.' {
		return t, false, errors.New("invalid local time format")
	}
	s = s[1:]
	if t.milli, ok = fixedInt(s, 3); !ok {
		return t, false, errors.New("invalid milliseconds in the local time")
	}
	if s = s[3:]; s == "" {
		return t, extended, nil
	}
	if t.micro, ok = fixedInt(s, 3); !ok {
		return t, false, errors.New("invalid microseconds in the local time")
	}
	if s[3:] != "" {
		return t, false, errors.New("extra characters at the end of the local time")
	}
	return t, extended, nil
}

// micros checks the time as Memgraph's LocalTime constructor does and
// returns its microseconds since midnight.
func (t timeParts) micros() (int64, error) {
	switch {
	case t.hour < 0 || t.hour > 23:
		return 0, errors.New("invalid hour: must be between 0 and 23")
	case t.minute < 0 || t.minute > 59:
		return 0, errors.New("invalid minutes: must be between 0 and 59")
	case t.second < 0 || t.second > 59:
		return 0, errors.New("invalid seconds: must be between 0 and 59")
	case t.milli < 0 || t.milli > 999:
		return 0, errors.New("invalid milliseconds: must be between 0 and 999")
	case t.micro < 0 || t.micro > 999:
		return 0, errors.New("invalid microseconds: must be between 0 and 999")
	}
	return t.hour*microsPerHour + t.minute*microsPerMinute + t.second*microsPerSecond + t.milli*1000 + t.micro, nil
}

func parseDate(s string) (format.Value, error) {
	d, _, err := dateFields(s)
	if err != nil {
		return nil, err
	}
	us, err := d.micros()
	if err != nil {
		return nil, err
	}
	return format.Temporal{Type: format.TemporalDate, Micros: us}, nil
}

func parseLocalTime(s string) (format.Value, error) {
	t, _, err := timeFields(s)
	if err != nil {
		return nil, err
	}
	us, err := t.micros()
	if err != nil {
		return nil, err
	}
	return format.Temporal{Type: format.TemporalLocalTime, Micros: us}, nil
}

// localDateTimeMicros reads date 'T' time and returns microseconds since
// the epoch of that wall clock read as UTC.
func localDateTimeMicros(s string) (int64, error) {
	tAt := strings.IndexByte(s, 'T')
	if tAt < 0 {
		return 0, errors.New("invalid local date-time: no 'T' between date and time")
	}
	d, dateExtended, err := dateFields(s[:tAt])
	if err != nil {
		return 0, fmt.Errorf("invalid local date-time: %w", err)
	}
	if s[tAt+1:] == "" {
		return 0, errors.New("invalid local date-time: no time after 'T'")
	}
	t, timeExtended, err := timeFields(s[tAt+1:])
	if err != nil {
		return 0, fmt.Errorf("invalid local date-time: %w", err)
	}
	if dateExtended != timeExtended {
		return 0, errors.New("invalid local date-time: date and time must both use separators or both not")
	}
	dateUs, err := d.micros()
	if err != nil {
		return 0, err
	}
	timeUs, err := t.micros()
	if err != nil {
		return 0, err
	}
	return dateUs + timeUs, nil
}

func parseLocalDateTime(s string) (format.Value, error) {
	us, err := localDateTimeMicros(s)
	if err != nil {
		return nil, err
	}
	return format.Temporal{Type: format.TemporalLocalDateTime, Micros: us}, nil
}

// parseZonedDateTime reads localdatetime followed by a zone: 'Z', an offset
// ±hh:mm, ±hhmm or ±hh, optionally followed by [Zone/Name], or the name in
// brackets alone; no zone means UTC as a fixed offset. With a zone name the
// value is in that zone and the offset only picks between the two instants
// of a wall clock repeated when clocks go back (without it, the earlier); a
// wall clock skipped when clocks go forward is an error.
func parseZonedDateTime(s string) (format.Value, error) {
	tAt := strings.IndexByte(s, 'T')
	if tAt < 0 {
		return nil, errors.New("invalid date-time: no 'T' between date and time")
	}
	zoneAt := len(s)
	if n := strings.IndexAny(s[tAt:], "Z+-["); n >= 0 {
		zoneAt = tAt + n
	}
	wall, err := localDateTimeMicros(s[:zoneAt])
	if err != nil {
		return nil, err
	}
	zone := s[zoneAt:]
	hasOffset, offsetMinutes := false, int64(0)
	switch {
	case strings.HasPrefix(zone, "Z"):
		hasOffset, zone = true, zone[1:]
	case strings.HasPrefix(zone, "+"), strings.HasPrefix(zone, "-"):
		hasOffset = true
		if offsetMinutes, zone, err = zoneOffset(zone); err != nil {
			return nil, err
		}
	}
	name := ""
	if zone != "" {
		if zone[0] != '[' || zone[len(zone)-1] != ']' {
			return nil, fmt.Errorf("invalid time zone %q: expected an offset and/or a [Zone/Name]", zone)
		}
		name = zone[1 : len(zone)-1]
	}
	if name == "" {
		return format.ZonedTemporal{Micros: wall - offsetMinutes*microsPerMinute, OffsetMinutes: offsetMinutes}, nil
	}
	loc, err := zoneByName(name)
	if err != nil {
		return nil, err
	}
	instants := wallToInstants(wall, loc)
	if len(instants) == 0 {
		return nil, fmt.Errorf("the local time does not exist in time zone %s (clocks go forward)", name)
	}
	pick := instants[0]
	if hasOffset {
		for _, in := range instants {
			if zoneMinutes(in, loc) == offsetMinutes {
				pick = in
			}
		}
	}
	return format.ZonedTemporal{Micros: pick, ZoneIsName: true, ZoneName: name}, nil
}

// zoneOffset reads ±hh:mm, ±hhmm or ±hh at the start of s.
func zoneOffset(s string) (minutes int64, rest string, err error) {
	sign := int64(1)
	if s[0] == '-' {
		sign = -1
	}
	s = s[1:]
	digits := func(n int) (int64, bool) {
		if len(s) < n || strings.Trim(s[:n], "0123456789") != "" {
			return 0, false
		}
		v, _ := strconv.ParseInt(s[:n], 10, 64)
		s = s[n:]
		return v, true
	}
	h, ok := digits(2)
	if !ok {
		return 0, "", errors.New("invalid time zone offset: expected ±hh:mm, ±hhmm or ±hh")
	}
	var m int64
	if strings.HasPrefix(s, ":") {
		s = s[1:]
		if m, ok = digits(2); !ok {
			return 0, "", errors.New("invalid time zone offset: expected minutes after ':'")
		}
	} else if s != "" && s[0] >= '0' && s[0] <= '9' {
		if m, ok = digits(2); !ok {
			return 0, "", errors.New("invalid time zone offset: expected two digits of minutes")
		}
	}
	if m > 59 {
		return 0, "", errors.New("invalid time zone offset: minutes must be below 60")
	}
	minutes = sign * (h*60 + m)
	if minutes < -format.MaxZoneOffsetMinutes || minutes > format.MaxZoneOffsetMinutes {
		return 0, "", errors.New("invalid time zone offset: must be within ±18:00")
	}
	return minutes, s, nil
}

func zoneByName(name string) (*time.Location, error) {
	// Go maps "Local" to the host zone and "UTC" specially; only real
	// IANA names are names here.
	if name == "Local" {
		return nil, fmt.Errorf("unknown time zone %q", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q", name)
	}
	return loc, nil
}

// zoneMinutes is loc's offset at the instant, truncated to whole minutes as
// the dump prints it.
func zoneMinutes(us int64, loc *time.Location) int64 {
	_, off := time.UnixMicro(us).In(loc).Zone()
	return int64(off / 60)
}

// wallToInstants returns the instants, earliest first, at which loc's
// clocks show the wall time (microseconds since the epoch read as UTC).
func wallToInstants(wall int64, loc *time.Location) []int64 {
	var out []int64
	for _, probe := range []int64{wall - microsPerDay, wall, wall + microsPerDay} {
		_, off := time.UnixMicro(probe).In(loc).Zone()
		in := wall - int64(off)*microsPerSecond
		if _, got := time.UnixMicro(in).In(loc).Zone(); got != off {
			continue
		}
		dup := false
		for _, o := range out {
			dup = dup || o == in
		}
		if !dup {
			out = append(out, in)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// parseDuration reads P[nD][T[nH][nM][nS]] as Memgraph's
// TryParseDurationString does, and adds the parts as its Duration
// constructor does: each part converted to whole microseconds by
// truncating part * units-per-microsecond computed in double precision.
func parseDuration(s string) (format.Value, error) {
	bad := errors.New("invalid duration: expected P[nD]T[nH][nM][nS]")
	if !strings.HasPrefix(s, "P") || len(s) == 1 {
		return nil, bad
	}
	s = s[1:]
	var days, hours, minutes, seconds float64
	fractionSeen := false
	// take reads the number before label, if label occurs in *str.
	take := func(str *string, label byte, dst *float64) bool {
		at := strings.IndexByte(*str, label)
		if at < 0 {
			return true
		}
		num := (*str)[:at]
		if fractionSeen {
			return false // only the last number may have a fraction
		}
		fractionSeen = strings.Contains(num, ".")
		v, ok := charsDouble(num)
		if !ok {
			return false
		}
		*dst = v
		*str = (*str)[at+1:]
		return true
	}
	datePart, timePart, hasTime := s, "", false
	if at := strings.IndexByte(s, 'T'); at >= 0 {
		datePart, timePart, hasTime = s[:at], s[at+1:], true
	}
	if datePart != "" && (!take(&datePart, 'D', &days) || datePart != "") {
		return nil, bad
	}
	if hasTime {
		if timePart == "" || !take(&timePart, 'H', &hours) {
			return nil, bad
		}
		if timePart != "" && !take(&timePart, 'M', &minutes) {
			return nil, bad
		}
		if timePart != "" && (!take(&timePart, 'S', &seconds) || timePart != "") {
			return nil, bad
		}
	}
	var total int64
	for _, part := range []struct {
		v    float64
		unit float64
	}{{days, float64(microsPerDay)}, {hours, float64(microsPerHour)}, {minutes, float64(microsPerMinute)}, {seconds, float64(microsPerSecond)}} {
		us := float64(part.v * part.unit) // one rounding, as C++ computes it
		if us >= math.MaxInt64 || us < math.MinInt64 || math.IsNaN(us) {
			return nil, errors.New("invalid duration: out of range")
		}
		n := int64(us)
		if n > 0 && total > math.MaxInt64-n || n < 0 && total < math.MinInt64-n {
			return nil, errors.New("invalid duration: out of range")
		}
		total += n
	}
	return format.Temporal{Type: format.TemporalDuration, Micros: total}, nil
}

// charsDouble reads all of s as std::from_chars reads a double in general
// format: optional '-', digits with an optional '.', an optional exponent;
// no '+', spaces or hexadecimal. Infinities and NaN are refused, as they
// have no microsecond value.
func charsDouble(s string) (float64, bool) {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	mantissa := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i, mantissa = i+1, mantissa+1
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i, mantissa = i+1, mantissa+1
		}
	}
	if mantissa == 0 {
		return 0, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k > j {
			i = k
		}
	}
	if i != len(s) {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}
