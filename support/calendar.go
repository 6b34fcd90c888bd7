package support

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ErrInvalidCalendar means business hours, a holiday date or a calendar
// definition is not acceptable. Match it with errors.Is; the error is a
// *CalendarError.
var ErrInvalidCalendar = errors.New("support: invalid calendar")

// CalendarError reports why a calendar, hours specification or date was
// rejected. It matches ErrInvalidCalendar.
type CalendarError struct {
	Input  string // the offending input, truncated to 64 bytes; may be empty
	Reason string
}

// Error describes the reason and the offending input.
func (e *CalendarError) Error() string {
	if e.Input == "" {
		return "support: invalid calendar: " + e.Reason
	}
	return fmt.Sprintf("support: invalid calendar: %q: %s", e.Input, e.Reason)
}

// Is reports whether target is ErrInvalidCalendar.
func (e *CalendarError) Is(target error) bool { return target == ErrInvalidCalendar }

func calendarError(input, reason string) error {
	return &CalendarError{Input: clipInput(input), Reason: reason}
}

// Span is one stretch of business hours on a weekday, as wall-clock offsets
// from local midnight in the calendar's time zone: Span{time.Monday,
// 9 * time.Hour, 18 * time.Hour} is Monday 09:00 to 18:00. Start is inclusive
// and End exclusive; both are whole minutes with 0 <= Start < End <= 24h.
//
// A span never crosses midnight: a night shift is two spans, such as
// Mon 22:00-24:00 and Tue 00:00-06:00, which the calendar treats as one
// continuous stretch of business time. Wall-clock times that a daylight-saving
// change skips do not exist and are not counted; a repeated hour is counted
// twice, because the office is open during both (see Calendar).
//
// Span is a plain value and safe for concurrent use.
type Span struct {
	Day        time.Weekday
	Start, End time.Duration
}

// String returns the span in the format of ParseHours, such as
// "Mon 09:00-18:00".
func (s Span) String() string {
	day := fmt.Sprintf("Weekday(%d)", int(s.Day))
	if s.Day >= time.Sunday && s.Day <= time.Saturday {
		day = dayNames[s.Day]
	}
	return day + " " + formatClock(s.Start) + "-" + formatClock(s.End)
}

// Date is a calendar day in no particular time zone, such as a public holiday.
// The zero value is not a valid date. Date is a plain value and safe for
// concurrent use.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses an ISO 8601 calendar date, "2026-12-25". The date must
// exist (no February 30) and the year must be 1 to 9999.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, calendarError(s, "a date is written YYYY-MM-DD")
	}
	y, err1 := atoiDigits(s[0:4])
	m, err2 := atoiDigits(s[5:7])
	d, err3 := atoiDigits(s[8:10])
	if err1 != nil || err2 != nil || err3 != nil {
		return Date{}, calendarError(s, "a date is written YYYY-MM-DD")
	}
	date := Date{Year: y, Month: time.Month(m), Day: d}
	if !date.IsValid() {
		return Date{}, calendarError(s, "no such date")
	}
	return date, nil
}

// IsValid reports whether d is an existing day of a year from 1 to 9999.
func (d Date) IsValid() bool {
	if d.Year < 1 || d.Year > 9999 || d.Month < time.January || d.Month > time.December || d.Day < 1 {
		return false
	}
	y, m, day := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Date()
	return y == d.Year && m == d.Month && day == d.Day
}

// String returns the date as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Calendar is a business calendar: weekly opening hours in a time zone, and
// holidays on which the business is closed all day. It measures business
// time, the time during which the business is open; SLA targets are
// expressed in it.
//
// A nil *Calendar, the zero Calendar and the calendar returned by AlwaysOpen
// are open 24 hours a day, every day: business time is elapsed time.
//
// The business is open at an instant when the wall-clock time there, in the
// calendar's location, falls in a span of that local day. This definition is
// exact across daylight-saving changes: a wall-clock hour that a change skips
// never happens, so it is not counted, and an hour that repeats happens twice
// and is counted twice if it is open. Add and Elapsed walk the calendar a day
// at a time, never minute by minute, so their cost grows with the number of
// calendar days covered, not with the duration.
//
// A Calendar is immutable once built and safe for concurrent use.
type Calendar struct {
	loc      *time.Location
	week     [7][]clockSpan // by time.Weekday, sorted, touching spans merged
	holidays map[int64]struct{}
	always   bool
}

// clockSpan is a wall-clock stretch [start, end) of one day.
type clockSpan struct{ start, end time.Duration }

// AlwaysOpen returns a calendar that is open all the time, equivalent to a nil
// *Calendar.
func AlwaysOpen() *Calendar { return &Calendar{always: true, loc: time.UTC} }

// NewCalendar returns a calendar open during hours in loc, except on holidays
// (dates in loc). Spans of the same weekday may touch (09:00-12:00 and
// 12:00-18:00 merge) but must not overlap. It returns a *CalendarError for a
// nil location, no hours at all, a span that is not whole minutes within
// 00:00-24:00 with Start before End, overlapping spans, an invalid weekday or
// an invalid holiday date. The arguments are copied.
func NewCalendar(loc *time.Location, hours []Span, holidays []Date) (*Calendar, error) {
	if loc == nil {
		return nil, calendarError("", "a calendar needs a location (use time.UTC for UTC)")
	}
	if len(hours) == 0 {
		return nil, calendarError("", "a calendar needs business hours on at least one day")
	}
	c := &Calendar{loc: loc, holidays: make(map[int64]struct{}, len(holidays))}
	for _, s := range hours {
		if s.Day < time.Sunday || s.Day > time.Saturday {
			return nil, calendarError(fmt.Sprint(int(s.Day)), "not a weekday")
		}
		if s.Start < 0 || s.End > 24*time.Hour || s.Start >= s.End {
			return nil, calendarError(s.String(), "a span runs from 00:00 to 24:00 at most and starts before it ends")
		}
		if s.Start%time.Minute != 0 || s.End%time.Minute != 0 {
			return nil, calendarError(s.String(), "business hours are whole minutes")
		}
		c.week[s.Day] = append(c.week[s.Day], clockSpan{s.Start, s.End})
	}
	for day := range c.week {
		spans := c.week[day]
		slices.SortFunc(spans, func(a, b clockSpan) int { return int(a.start - b.start) })
		merged := spans[:0]
		for _, s := range spans {
			if n := len(merged); n > 0 {
				last := &merged[n-1]
				if s.start < last.end {
					return nil, calendarError(Span{time.Weekday(day), s.start, s.end}.String(),
						"overlaps "+formatClock(last.start)+"-"+formatClock(last.end))
				}
				if s.start == last.end {
					last.end = s.end
					continue
				}
			}
			merged = append(merged, s)
		}
		c.week[day] = slices.Clip(merged)
	}
	for _, d := range holidays {
		if !d.IsValid() {
			return nil, calendarError(d.String(), "not a valid holiday date")
		}
		c.holidays[civilDays(d.Year, d.Month, d.Day)] = struct{}{}
	}
	return c, nil
}

func (c *Calendar) alwaysOpen() bool { return c == nil || c.always || c.loc == nil }

// Location returns the calendar's time zone (UTC for an always-open calendar).
func (c *Calendar) Location() *time.Location {
	if c == nil || c.loc == nil {
		return time.UTC
	}
	return c.loc
}

// Hours returns the weekly business hours, Monday first, in a new slice. An
// always-open calendar reports 00:00-24:00 on every day.
func (c *Calendar) Hours() []Span {
	var out []Span
	for _, day := range isoWeek {
		if c.alwaysOpen() {
			out = append(out, Span{day, 0, 24 * time.Hour})
			continue
		}
		for _, s := range c.week[day] {
			out = append(out, Span{day, s.start, s.end})
		}
	}
	return out
}

// Holidays returns the holidays in ascending order, in a new slice.
func (c *Calendar) Holidays() []Date {
	if c.alwaysOpen() {
		return nil
	}
	days := slices.Sorted(maps.Keys(c.holidays))
	out := make([]Date, len(days))
	for i, n := range days {
		y, m, d := civilFromDays(n)
		out[i] = Date{y, m, d}
	}
	return out
}

// String returns the weekly hours in the format ParseHours reads, days with
// the same hours grouped: "Mon-Fri 09:00-18:00; Sat 10:00-14:00". Location and
// holidays are not included.
func (c *Calendar) String() string {
	var parts []string
	var prev string
	var first, last time.Weekday
	flush := func() {
		if prev == "" {
			return
		}
		days := dayNames[first]
		if last != first {
			days += "-" + dayNames[last]
		}
		parts = append(parts, days+" "+prev)
	}
	for _, day := range isoWeek {
		var spans []string
		if c.alwaysOpen() {
			spans = []string{"00:00-24:00"}
		}
		if !c.alwaysOpen() {
			for _, s := range c.week[day] {
				spans = append(spans, formatClock(s.start)+"-"+formatClock(s.end))
			}
		}
		cur := strings.Join(spans, " ")
		if cur != "" && cur == prev {
			last = day
			continue
		}
		flush()
		prev, first, last = cur, day, day
	}
	flush()
	return strings.Join(parts, "; ")
}

// IsOpen reports whether the business is open at instant t: whether the
// wall-clock time of t in the calendar's location falls in a span of that
// day's weekday, on a day that is not a holiday. A span's start is open and
// its end is closed.
func (c *Calendar) IsOpen(t time.Time) bool {
	if c.alwaysOpen() {
		return true
	}
	_, off := t.In(c.loc).Zone()
	wall := t.Unix() + int64(off)
	n := floorDiv(wall, secondsPerDay)
	if _, ok := c.holidays[n]; ok {
		return false
	}
	tod := time.Duration(wall-n*secondsPerDay)*time.Second + time.Duration(t.Nanosecond())
	for _, s := range c.week[weekdayOf(n)] {
		if tod >= s.start && tod < s.end {
			return true
		}
	}
	return false
}

// firstDay and lastDay bound the walks of Add and Elapsed: the civil day
// numbers of 0001-01-01 and 9999-12-31. Days outside count as closed.
var (
	firstDay = civilDays(1, time.January, 1)
	lastDay  = civilDays(9999, time.December, 31)
)

// Add returns the instant at which d of business time has elapsed after t: the
// earliest r with Elapsed(t, r) == d. If t is outside business hours, counting
// starts when the business next opens. A result is always inside business
// hours or exactly at the end of a span. If d <= 0, Add returns t. The result
// is in t's location; a result beyond the year 9999 saturates at the end of
// that year.
func (c *Calendar) Add(t time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return t
	}
	if c.alwaysOpen() {
		return t.Add(d)
	}
	remaining := d
	var result time.Time
	found := false
	c.walk(t, func(start, end time.Time) bool {
		if avail := end.Sub(start); remaining > avail {
			remaining -= avail
			return true
		}
		result, found = start.Add(remaining), true
		return false
	})
	if !found {
		return time.Date(9999, time.December, 31, 23, 59, 59, 999999999, c.loc).In(t.Location())
	}
	return result.In(t.Location())
}

// Elapsed returns the business time between from and to: how long the
// business is open in [from, to). It is negative if to is before from, so
// Elapsed(a, b) == -Elapsed(b, a). Days before the year 1 and after the year
// 9999 count as closed.
func (c *Calendar) Elapsed(from, to time.Time) time.Duration {
	if to.Before(from) {
		return -c.Elapsed(to, from)
	}
	if c.alwaysOpen() {
		return to.Sub(from)
	}
	var sum time.Duration
	c.walk(from, func(start, end time.Time) bool {
		if !start.Before(to) {
			return false
		}
		if end.After(to) {
			end = to
		}
		if add := end.Sub(start); sum > maxBusinessTime-add {
			sum = maxBusinessTime
		} else {
			sum += add
		}
		return true
	})
	return sum
}

const (
	maxBusinessTime = time.Duration(1<<63 - 1)
	secondsPerDay   = 24 * 60 * 60
)

// walk calls f with the open stretches of the calendar at or after from, in
// ascending order and clipped to start no earlier than from, until f returns
// false or the walk passes the year 9999.
//
// It works on zone segments: stretches of time during which the location's
// UTC offset is constant, so that wall-clock time is instant plus offset and
// each span of each local day maps to one interval of instants. A
// daylight-saving change ends a segment; the days it cuts are continued in the
// next segment with the new offset. The cost is one step per local day and
// one zone lookup per segment, whatever the durations.
func (c *Calendar) walk(from time.Time, f func(start, end time.Time) bool) {
	cur := from.In(c.loc)
	for {
		_, off := cur.Zone()
		_, segEnd := cur.ZoneBounds() // zero: the offset never changes again
		offset := int64(off)
		for n := max(floorDiv(cur.Unix()+offset, secondsPerDay), firstDay); ; n++ {
			if n > lastDay {
				return
			}
			dayStart := n*secondsPerDay - offset // the instant of local midnight, in Unix seconds
			if !segEnd.IsZero() && dayStart >= segEnd.Unix() {
				break
			}
			if _, ok := c.holidays[n]; ok {
				continue
			}
			for _, s := range c.week[weekdayOf(n)] {
				start := time.Unix(dayStart+int64(s.start/time.Second), 0)
				end := time.Unix(dayStart+int64(s.end/time.Second), 0)
				if !segEnd.IsZero() && end.After(segEnd) {
					end = segEnd
				}
				if start.Before(cur) {
					start = cur
				}
				if end.After(start) && !f(start, end) {
					return
				}
			}
		}
		cur = segEnd
	}
}

// floorDiv returns a/b rounded toward negative infinity, for b > 0.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// civilDays returns the number of days from 1970-01-01 to the given date of
// the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
func civilDays(y int, m time.Month, d int) int64 {
	yy := int64(y)
	if m <= time.February {
		yy--
	}
	era := yy / 400
	if yy < 0 && yy%400 != 0 {
		era--
	}
	yoe := yy - era*400
	mp := (int64(m) + 9) % 12
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of civilDays.
func civilFromDays(n int64) (int, time.Month, int) {
	n += 719468
	era := n / 146097
	if n < 0 && n%146097 != 0 {
		era--
	}
	doe := n - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return int(y), time.Month(m), int(d)
}

// weekdayOf returns the weekday of civil day n; 1970-01-01 was a Thursday.
func weekdayOf(n int64) time.Weekday {
	return time.Weekday(((n % 7) + 7 + int64(time.Thursday)) % 7)
}

// isoWeek lists the weekdays Monday first, the order of the text format.
var isoWeek = [7]time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

var dayNames = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}

func formatClock(off time.Duration) string {
	mins := int(off / time.Minute)
	if off < 0 || off > 24*time.Hour || off%time.Minute != 0 {
		return off.String()
	}
	return fmt.Sprintf("%02d:%02d", mins/60, mins%60)
}

// ParseHours parses weekly business hours written as entries separated by
// semicolons. Each entry is a set of days followed by one or more spans:
//
//	Mon-Fri 09:00-12:00 13:00-18:00; Sat 10:00-14:00
//	Sun-Thu 08:00-17:00
//	Mon,Wed,Fri 09:00-17:00; Tue 22:00-24:00; Wed 00:00-06:00
//
// Days are the English three-letter abbreviations (any case), single, as a
// range in week order that may wrap around the weekend ("Sun-Thu", "Fri-Mon"),
// or a comma-separated list of these. Spans are HH:MM-HH:MM with 00:00 to
// 24:00 and the start before the end; spans are separated by spaces or
// commas. Days not mentioned are closed. The result can be passed to
// NewCalendar, which rejects overlaps; ParseHours reports syntax errors as a
// *CalendarError.
func ParseHours(spec string) ([]Span, error) {
	if len(spec) > 4096 {
		return nil, calendarError(spec, "an hours specification is at most 4096 bytes")
	}
	var out []Span
	for entry := range strings.SplitSeq(spec, ";") {
		fields := strings.Fields(entry)
		if len(fields) == 0 {
			if strings.TrimSpace(spec) == "" {
				return nil, calendarError(spec, "no business hours")
			}
			return nil, calendarError(spec, "empty entry between semicolons")
		}
		days, err := parseDays(fields[0])
		if err != nil {
			return nil, err
		}
		var spans []clockSpan
		for _, f := range fields[1:] {
			for text := range strings.SplitSeq(f, ",") {
				if text == "" {
					continue
				}
				s, err := parseClockSpan(text)
				if err != nil {
					return nil, err
				}
				spans = append(spans, s)
			}
		}
		if len(spans) == 0 {
			return nil, calendarError(entry, "days without hours (leave closed days out)")
		}
		for _, d := range days {
			for _, s := range spans {
				out = append(out, Span{Day: d, Start: s.start, End: s.end})
			}
		}
	}
	return out, nil
}

func parseDays(text string) ([]time.Weekday, error) {
	var out []time.Weekday
	for part := range strings.SplitSeq(text, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		first, ok := parseDay(lo)
		if !ok {
			return nil, calendarError(part, "days are Mon, Tue, Wed, Thu, Fri, Sat, Sun, ranges such as Mon-Fri, or lists such as Mon,Wed")
		}
		last := first
		if isRange {
			if last, ok = parseDay(hi); !ok {
				return nil, calendarError(part, "days are Mon, Tue, Wed, Thu, Fri, Sat, Sun, ranges such as Mon-Fri, or lists such as Mon,Wed")
			}
		}
		for d := first; ; d = (d + 1) % 7 {
			if slices.Contains(out, d) {
				return nil, calendarError(text, "a day is listed twice")
			}
			out = append(out, d)
			if d == last {
				break
			}
		}
	}
	return out, nil
}

func parseDay(s string) (time.Weekday, bool) {
	for d, name := range dayNames {
		if strings.EqualFold(s, name) {
			return time.Weekday(d), true
		}
	}
	return 0, false
}

func parseClockSpan(text string) (clockSpan, error) {
	lo, hi, ok := strings.Cut(text, "-")
	if !ok {
		return clockSpan{}, calendarError(text, "a span is written HH:MM-HH:MM")
	}
	start, err := parseClock(lo)
	if err != nil {
		return clockSpan{}, err
	}
	end, err := parseClock(hi)
	if err != nil {
		return clockSpan{}, err
	}
	if start >= end || start == 24*time.Hour {
		return clockSpan{}, calendarError(text, "a span starts before it ends and does not cross midnight (split it at 24:00)")
	}
	return clockSpan{start, end}, nil
}

func parseClock(s string) (time.Duration, error) {
	if len(s) != 5 || s[2] != ':' {
		return 0, calendarError(s, "a time is written HH:MM")
	}
	h, err1 := atoiDigits(s[0:2])
	m, err2 := atoiDigits(s[3:5])
	if err1 != nil || err2 != nil || h > 24 || m > 59 || (h == 24 && m != 0) {
		return 0, calendarError(s, "a time is HH:MM from 00:00 to 24:00")
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute, nil
}

// atoiDigits parses a string of ASCII digits only (no sign, no spaces).
func atoiDigits(s string) (int, error) {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, strconv.ErrSyntax
		}
	}
	return strconv.Atoi(s)
}
