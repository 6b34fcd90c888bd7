package support_test

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/support"
)

func mustLoadZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	mustNoError(t, err, "time zone data for %s", name)
	return loc
}

func mustHolidayDate(t testing.TB, s string) support.Date {
	t.Helper()
	d, err := support.ParseDate(s)
	mustNoError(t, err)
	return d
}

func mustBusinessCalendar(t testing.TB, loc *time.Location, spec string, holidays ...string) *support.Calendar {
	t.Helper()
	hours, err := support.ParseHours(spec)
	mustNoError(t, err)
	var dates []support.Date
	for _, h := range holidays {
		dates = append(dates, mustHolidayDate(t, h))
	}
	c, err := support.NewCalendar(loc, hours, dates)
	mustNoError(t, err)
	return c
}

// wallTime parses a wall-clock time "2006-01-02 15:04" in loc.
func wallTime(t testing.TB, loc *time.Location, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	mustNoError(t, err)
	return v
}

func TestParseHours(t *testing.T) {
	h := time.Hour
	tests := []struct {
		spec string
		want []support.Span
	}{
		{"Mon 09:00-17:00", []support.Span{{time.Monday, 9 * h, 17 * h}}},
		{"sat-sun 10:00-14:30", []support.Span{{time.Saturday, 10 * h, 14*h + 30*time.Minute}, {time.Sunday, 10 * h, 14*h + 30*time.Minute}}},
		{"Fri-Mon 00:00-24:00", []support.Span{{time.Friday, 0, 24 * h}, {time.Saturday, 0, 24 * h}, {time.Sunday, 0, 24 * h}, {time.Monday, 0, 24 * h}}},
		{"Mon,Wed 09:00-12:00,13:00-18:00", []support.Span{
			{time.Monday, 9 * h, 12 * h}, {time.Monday, 13 * h, 18 * h},
			{time.Wednesday, 9 * h, 12 * h}, {time.Wednesday, 13 * h, 18 * h}}},
		{" Tue 22:00-24:00 ;  Wed 00:00-06:00 ", []support.Span{{time.Tuesday, 22 * h, 24 * h}, {time.Wednesday, 0, 6 * h}}},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			got, err := support.ParseHours(tt.spec)
			mustNoError(t, err)
			wantEqual(t, tt.want, got)
		})
	}
}

func TestParseHoursErrors(t *testing.T) {
	for _, spec := range []string{
		"", "   ", "Mon", "Mon 9:00-17:00", "Mon 09:00-17", "Mon 17:00-09:00", "Mon 09:00-09:00",
		"Mon 22:00-06:00", "Mon 24:00-24:00", "Mon 09:60-10:00", "Mon 25:00-26:00", "Mon 09:00-24:01",
		"Monday 09:00-17:00", "Mon-Fry 09:00-17:00", "Mon-Fri-Sat 09:00-10:00", "Mon,Mon 09:00-10:00",
		"Mon-Sun,Tue 09:00-10:00", "Mon 09:00-17:00;", "Mon 09:00-17:00;;Tue 09:00-10:00", "Mon 09:00_17:00",
		"Mon +9:00-17:00", "Mon 09:00--17:00",
	} {
		t.Run(spec, func(t *testing.T) {
			_, err := support.ParseHours(spec)
			wantErrorIs(t, err, support.ErrInvalidCalendar)
			var ce *support.CalendarError
			mustTrue(t, errors.As(err, &ce), "%T is not a *CalendarError", err)
			wantTrue(t, strings.HasPrefix(err.Error(), "support: "), err.Error())
		})
	}
}

func TestNewCalendarErrors(t *testing.T) {
	h := time.Hour
	tests := []struct {
		name     string
		loc      *time.Location
		hours    []support.Span
		holidays []support.Date
	}{
		{"nil location", nil, []support.Span{{time.Monday, 9 * h, 17 * h}}, nil},
		{"no hours", time.UTC, nil, nil},
		{"overlap", time.UTC, []support.Span{{time.Monday, 9 * h, 12 * h}, {time.Monday, 11 * h, 17 * h}}, nil},
		{"same span twice", time.UTC, []support.Span{{time.Monday, 9 * h, 12 * h}, {time.Monday, 9 * h, 12 * h}}, nil},
		{"bad weekday", time.UTC, []support.Span{{7, 9 * h, 12 * h}}, nil},
		{"end before start", time.UTC, []support.Span{{time.Monday, 12 * h, 9 * h}}, nil},
		{"past midnight", time.UTC, []support.Span{{time.Monday, 20 * h, 25 * h}}, nil},
		{"negative", time.UTC, []support.Span{{time.Monday, -h, 2 * h}}, nil},
		{"seconds", time.UTC, []support.Span{{time.Monday, 9 * h, 12*h + time.Second}}, nil},
		{"bad holiday", time.UTC, []support.Span{{time.Monday, 9 * h, 12 * h}}, []support.Date{{2026, time.February, 30}}},
		{"zero holiday", time.UTC, []support.Span{{time.Monday, 9 * h, 12 * h}}, []support.Date{{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := support.NewCalendar(tt.loc, tt.hours, tt.holidays)
			wantTrue(t, c == nil, "calendar returned with an error")
			wantErrorIs(t, err, support.ErrInvalidCalendar)
		})
	}
}

func TestCalendarNormalizes(t *testing.T) {
	h := time.Hour
	hours := []support.Span{{time.Tuesday, 12 * h, 18 * h}, {time.Tuesday, 9 * h, 12 * h}, {time.Monday, 9 * h, 17 * h}}
	holidays := []support.Date{{2026, time.December, 25}, {2026, time.January, 1}, {2026, time.December, 25}}
	c, err := support.NewCalendar(time.UTC, hours, holidays)
	mustNoError(t, err)
	hours[0].End = 23 * h // the calendar holds its own copy
	wantEqual(t, []support.Span{{time.Monday, 9 * h, 17 * h}, {time.Tuesday, 9 * h, 18 * h}}, c.Hours())
	wantEqual(t, []support.Date{{2026, time.January, 1}, {2026, time.December, 25}}, c.Holidays())
	wantEqual(t, "Mon 09:00-17:00; Tue 09:00-18:00", c.String())
	wantEqual(t, time.UTC, c.Location())
}

func TestCalendarString(t *testing.T) {
	for _, spec := range []string{
		"Mon-Fri 09:00-18:00",
		"Mon-Fri 09:00-12:00 13:00-18:00; Sat 10:00-14:00",
		"Mon 22:00-24:00; Tue 00:00-06:00 22:00-24:00; Wed 00:00-06:00",
		"Mon 09:00-17:00; Wed 09:00-17:00; Sun 00:00-24:00",
		"Mon-Sun 00:00-24:00",
	} {
		c := mustBusinessCalendar(t, time.UTC, spec)
		wantEqual(t, spec, c.String())
	}
	wantEqual(t, "Mon-Sun 00:00-24:00", support.AlwaysOpen().String())
	wantEqual(t, "Mon-Sun 00:00-24:00", (*support.Calendar)(nil).String())
}

func TestSpanString(t *testing.T) {
	wantEqual(t, "Sat 10:00-14:30", support.Span{Day: time.Saturday, Start: 10 * time.Hour, End: 14*time.Hour + 30*time.Minute}.String())
	wantEqual(t, "Weekday(9) 00:00-24:00", support.Span{Day: 9, End: 24 * time.Hour}.String())
	wantEqual(t, "Mon 9h0m1s-25h0m0s", support.Span{Day: time.Monday, Start: 9*time.Hour + time.Second, End: 25 * time.Hour}.String())
}

func TestParseDate(t *testing.T) {
	d, err := support.ParseDate("2028-02-29")
	mustNoError(t, err)
	wantEqual(t, support.Date{Year: 2028, Month: time.February, Day: 29}, d)
	wantEqual(t, "2028-02-29", d.String())
	for _, bad := range []string{"", "2027-02-29", "2026-13-01", "2026-00-10", "0000-01-01", "2026-1-01", "2026/01/01", "+026-01-01", "2026-01-1x", "20260101"} {
		_, err := support.ParseDate(bad)
		wantErrorIs(t, err, support.ErrInvalidCalendar, bad)
	}
}

func TestCalendarAdd(t *testing.T) {
	berlin := mustLoadZone(t, "Europe/Berlin")
	ny := mustLoadZone(t, "America/New_York")
	office := mustBusinessCalendar(t, berlin, "Mon-Fri 09:00-18:00", "2026-12-25", "2027-01-01")
	lunch := mustBusinessCalendar(t, ny, "Mon-Fri 09:00-12:00 13:00-17:00")
	nights := mustBusinessCalendar(t, berlin, "Mon 22:00-24:00; Tue 00:00-06:00")
	allDay := mustBusinessCalendar(t, berlin, "Mon-Sun 00:00-24:00")
	early := mustBusinessCalendar(t, berlin, "Sun 01:00-04:00")

	tests := []struct {
		name  string
		cal   *support.Calendar
		loc   *time.Location
		start string
		d     time.Duration
		want  string
	}{
		{"within a day", office, berlin, "2026-11-25 10:00", time.Hour, "2026-11-25 11:00"},
		{"into the next day", office, berlin, "2026-11-25 17:30", time.Hour, "2026-11-26 09:30"},
		{"over the weekend", office, berlin, "2026-11-27 17:00", 2 * time.Hour, "2026-11-30 10:00"},
		{"from the weekend", office, berlin, "2026-11-28 12:00", time.Hour, "2026-11-30 10:00"},
		{"before opening", office, berlin, "2026-11-25 06:00", 30 * time.Minute, "2026-11-25 09:30"},
		{"ends at closing", office, berlin, "2026-11-25 08:00", 9 * time.Hour, "2026-11-25 18:00"},
		{"zero", office, berlin, "2026-11-28 12:00", 0, "2026-11-28 12:00"},
		{"negative", office, berlin, "2026-11-28 12:00", -time.Hour, "2026-11-28 12:00"},
		{"five business days", office, berlin, "2026-11-23 09:00", 45 * time.Hour, "2026-11-27 18:00"},
		{"over Christmas", office, berlin, "2026-12-24 17:00", 2 * time.Hour, "2026-12-28 10:00"},
		{"over New Year", office, berlin, "2026-12-31 17:00", 2 * time.Hour, "2027-01-04 10:00"},
		{"office over spring DST", office, berlin, "2026-03-27 17:00", 2 * time.Hour, "2026-03-30 10:00"},
		{"office over autumn DST", office, berlin, "2026-10-23 17:00", 2 * time.Hour, "2026-10-26 10:00"},
		{"24h over the 23h day", allDay, berlin, "2026-03-28 12:00", 24 * time.Hour, "2026-03-29 13:00"},
		{"24h over the 25h day", allDay, berlin, "2026-10-24 12:00", 24 * time.Hour, "2026-10-25 11:00"},
		{"span across the gap", early, berlin, "2026-03-29 00:00", 2 * time.Hour, "2026-03-29 04:00"},
		{"span across the gap, more", early, berlin, "2026-03-29 00:00", 3 * time.Hour, "2026-04-05 02:00"},
		{"lunch break", lunch, ny, "2026-11-25 11:00", 2 * time.Hour, "2026-11-25 14:00"},
		{"New York over spring DST", lunch, ny, "2026-03-06 16:00", 2 * time.Hour, "2026-03-09 10:00"},
		{"New York over autumn DST", lunch, ny, "2026-10-30 16:30", time.Hour, "2026-11-02 09:30"},
		{"night shift across midnight", nights, berlin, "2026-11-23 23:00", 2 * time.Hour, "2026-11-24 01:00"},
		{"night shift next week", nights, berlin, "2026-11-24 05:00", 2 * time.Hour, "2026-11-30 23:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := wallTime(t, tt.loc, tt.start)
			got := tt.cal.Add(start, tt.d)
			wantEqual(t, wallTime(t, tt.loc, tt.want).Format(time.RFC3339), got.Format(time.RFC3339))
			if tt.d > 0 {
				wantEqual(t, tt.d, tt.cal.Elapsed(start, got))
			}
		})
	}
}

func TestCalendarAddKeepsLocation(t *testing.T) {
	berlin := mustLoadZone(t, "Europe/Berlin")
	office := mustBusinessCalendar(t, berlin, "Mon-Fri 09:00-18:00")
	start := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) // 10:00 in Berlin
	got := office.Add(start, 2*time.Hour)
	wantEqual(t, time.UTC, got.Location())
	wantEqual(t, time.Date(2026, 11, 25, 11, 0, 0, 0, time.UTC), got)
}

func TestCalendarElapsed(t *testing.T) {
	berlin := mustLoadZone(t, "Europe/Berlin")
	office := mustBusinessCalendar(t, berlin, "Mon-Fri 09:00-18:00", "2026-12-25")
	early := mustBusinessCalendar(t, berlin, "Sun 01:00-04:00")
	repeat := mustBusinessCalendar(t, berlin, "Sun 02:30-05:00")
	tests := []struct {
		name     string
		cal      *support.Calendar
		from, to string
		want     time.Duration
	}{
		{"a week", office, "2026-11-23 00:00", "2026-11-30 00:00", 45 * time.Hour},
		{"Christmas week", office, "2026-12-21 00:00", "2026-12-28 00:00", 36 * time.Hour},
		{"closed hours", office, "2026-11-25 19:00", "2026-11-26 08:00", 0},
		{"partial", office, "2026-11-25 17:00", "2026-11-26 10:30", 2*time.Hour + 30*time.Minute},
		{"same instant", office, "2026-11-25 10:00", "2026-11-25 10:00", 0},
		{"reversed", office, "2026-11-26 10:30", "2026-11-25 17:00", -(2*time.Hour + 30*time.Minute)},
		{"ordinary Sunday", early, "2026-03-22 00:00", "2026-03-23 00:00", 3 * time.Hour},
		{"spring-forward Sunday", early, "2026-03-29 00:00", "2026-03-30 00:00", 2 * time.Hour},
		{"fall-back Sunday", early, "2026-10-25 00:00", "2026-10-26 00:00", 4 * time.Hour},
		// 02:30-03:00 CEST, then the clock goes back to 02:00 CET: closed until
		// 02:30 CET, then open until 05:00 CET.
		{"repeated hour inside a span", repeat, "2026-10-25 00:00", "2026-10-26 00:00", 3 * time.Hour},
		{"a year of office hours", office, "2026-01-01 00:00", "2027-01-01 00:00", (261 - 1) * 9 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantEqual(t, tt.want, tt.cal.Elapsed(wallTime(t, berlin, tt.from), wallTime(t, berlin, tt.to)))
		})
	}
}

func TestCalendarIsOpen(t *testing.T) {
	berlin := mustLoadZone(t, "Europe/Berlin")
	office := mustBusinessCalendar(t, berlin, "Mon-Fri 09:00-18:00", "2026-12-25")
	repeat := mustBusinessCalendar(t, berlin, "Sun 02:30-05:00")
	tests := []struct {
		cal  *support.Calendar
		at   time.Time
		want bool
	}{
		{office, wallTime(t, berlin, "2026-11-25 09:00"), true},
		{office, wallTime(t, berlin, "2026-11-25 08:59"), false},
		{office, wallTime(t, berlin, "2026-11-25 17:59"), true},
		{office, wallTime(t, berlin, "2026-11-25 18:00"), false},
		{office, wallTime(t, berlin, "2026-11-28 12:00"), false},
		{office, wallTime(t, berlin, "2026-12-25 12:00"), false},
		{office, time.Date(2026, 11, 25, 8, 30, 0, 0, time.UTC), true},  // 09:30 in Berlin
		{repeat, time.Date(2026, 10, 25, 0, 45, 0, 0, time.UTC), true},  // 02:45 CEST
		{repeat, time.Date(2026, 10, 25, 1, 15, 0, 0, time.UTC), false}, // 02:15 CET, the repeated hour
		{repeat, time.Date(2026, 10, 25, 1, 45, 0, 0, time.UTC), true},  // 02:45 CET
		{nil, time.Date(2026, 10, 25, 1, 45, 0, 0, time.UTC), true},
		{support.AlwaysOpen(), time.Date(2026, 10, 25, 1, 45, 0, 0, time.UTC), true},
	}
	for _, tt := range tests {
		wantEqual(t, tt.want, tt.cal.IsOpen(tt.at), "%s at %s", tt.cal, tt.at)
	}
}

func TestAlwaysOpen(t *testing.T) {
	start := time.Date(2026, 3, 28, 12, 0, 0, 0, time.UTC)
	for _, c := range []*support.Calendar{nil, support.AlwaysOpen(), new(support.Calendar)} {
		wantEqual(t, start.Add(90*time.Minute), c.Add(start, 90*time.Minute))
		wantEqual(t, 90*time.Minute, c.Elapsed(start, start.Add(90*time.Minute)))
		wantEqual(t, -90*time.Minute, c.Elapsed(start.Add(90*time.Minute), start))
		wantTrue(t, c.Holidays() == nil)
		wantEqual(t, 7, len(c.Hours()))
		wantEqual(t, time.UTC, c.Location())
	}
}

func TestCalendarFarFuture(t *testing.T) {
	c := mustBusinessCalendar(t, time.UTC, "Mon 09:00-09:01")
	start := time.Date(9999, 12, 1, 0, 0, 0, 0, time.UTC)
	got := c.Add(start, 24*time.Hour)
	wantEqual(t, time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), got)
	wantEqual(t, 9*time.Minute, c.Elapsed(start.AddDate(0, -1, 0), start.AddDate(1, 0, 0)))
}

// propertyCalendars are calendars with daylight-saving changes in both
// hemispheres, lunch breaks, holidays and night shifts.
func propertyCalendars(t testing.TB) map[string]*support.Calendar {
	return map[string]*support.Calendar{
		"berlin office":  mustBusinessCalendar(t, mustLoadZone(t, "Europe/Berlin"), "Mon-Fri 09:00-18:00", "2026-12-24", "2026-12-25", "2027-01-01", "2027-04-02"),
		"new york lunch": mustBusinessCalendar(t, mustLoadZone(t, "America/New_York"), "Mon-Fri 09:00-12:00 13:00-17:00; Sat 10:00-14:00", "2026-11-26"),
		"sydney":         mustBusinessCalendar(t, mustLoadZone(t, "Australia/Sydney"), "Sun-Thu 08:00-17:00"),
		"berlin nights":  mustBusinessCalendar(t, mustLoadZone(t, "Europe/Berlin"), "Sat-Sun 00:00-24:00; Mon-Fri 01:30-03:30 22:00-24:00"),
		"always":         support.AlwaysOpen(),
	}
}

// TestCalendarProperties checks, for random instants and durations, that Add
// and Elapsed are inverse, Add is monotone and lands only in open hours or at
// their ends, and Elapsed is additive.
func TestCalendarProperties(t *testing.T) {
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for name, c := range propertyCalendars(t) {
		t.Run(name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(42, 7))
			for range 400 {
				start := base.Add(time.Duration(rng.Int64N(int64(2 * 365 * 24 * time.Hour))))
				d1 := time.Duration(rng.Int64N(int64(120 * time.Hour)))
				d2 := d1 + time.Duration(rng.Int64N(int64(40*time.Hour)))
				r1, r2 := c.Add(start, d1), c.Add(start, d2)
				mustEqual(t, d1, c.Elapsed(start, r1), "Elapsed(t, Add(t, %v)) from %v", d1, start)
				mustEqual(t, d2, c.Elapsed(start, r2), "Elapsed(t, Add(t, %v)) from %v", d2, start)
				mustTrue(t, !r2.Before(r1), "Add not monotone from %v: %v then %v", start, d1, d2)
				mustTrue(t, !r1.Before(start))
				if d1 > 0 {
					mustTrue(t, c.IsOpen(r1) || c.IsOpen(r1.Add(-time.Nanosecond)),
						"Add(%v, %v) = %v is inside closed hours", start, d1, r1)
					mustTrue(t, c.Elapsed(start, r1.Add(-time.Nanosecond)) < d1, "Add is not the earliest instant")
				}
				mustEqual(t, c.Elapsed(start, r2), c.Elapsed(start, r1)+c.Elapsed(r1, r2))
				mustEqual(t, -c.Elapsed(start, r2), c.Elapsed(r2, start))
			}
		})
	}
}

// TestCalendarAgainstMinuteOracle compares Elapsed and IsOpen with a
// minute-by-minute walk that decides openness from the wall clock alone.
func TestCalendarAgainstMinuteOracle(t *testing.T) {
	berlin := mustLoadZone(t, "Europe/Berlin")
	cal := mustBusinessCalendar(t, berlin, "Mon-Fri 09:00-18:00; Sun 01:00-03:30; Sat 02:00-02:45", "2026-10-26")
	open := func(m time.Time) bool { // the definition, from the wall clock of m
		l := m.In(berlin)
		if l.Month() == time.October && l.Day() == 26 && l.Year() == 2026 {
			return false
		}
		mins := l.Hour()*60 + l.Minute()
		switch l.Weekday() {
		case time.Sunday:
			return mins >= 60 && mins < 210
		case time.Saturday:
			return mins >= 120 && mins < 165
		default:
			return mins >= 540 && mins < 1080
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	// Around both 2026 changes and at random.
	starts := []time.Time{
		time.Date(2026, 3, 27, 12, 0, 0, 0, time.UTC),
		time.Date(2026, 10, 23, 12, 0, 0, 0, time.UTC),
	}
	for range 6 {
		starts = append(starts, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(365*24*60))*time.Minute))
	}
	for _, start := range starts {
		var want time.Duration
		for m := start; m.Before(start.Add(5 * 24 * time.Hour)); m = m.Add(time.Minute) {
			mustEqual(t, open(m), cal.IsOpen(m), "IsOpen(%v)", m.In(berlin))
			if open(m) {
				want += time.Minute
			}
			mustEqual(t, want, cal.Elapsed(start, m.Add(time.Minute)), "Elapsed(%v, %v)", start, m)
		}
	}
}

func FuzzParseHours(f *testing.F) {
	for _, seed := range []string{
		"Mon-Fri 09:00-18:00", "Mon-Fri 09:00-12:00 13:00-18:00; Sat 10:00-14:00", "Sun-Thu 08:00-17:00",
		"Mon,Wed 09:00-12:00,13:00-18:00", "Mon 22:00-24:00; Tue 00:00-06:00", "Mon 09:00-12:00; Mon 11:00-13:00",
		"fri-mon 00:00-24:00", "", ";", "Mon 24:00-24:00",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		hours, err := support.ParseHours(spec)
		if err != nil {
			if !errors.Is(err, support.ErrInvalidCalendar) {
				t.Fatalf("ParseHours(%q) error %v does not match ErrInvalidCalendar", spec, err)
			}
			return
		}
		c, err := support.NewCalendar(time.UTC, hours, nil)
		if err != nil {
			if !errors.Is(err, support.ErrInvalidCalendar) {
				t.Fatalf("NewCalendar error %v does not match ErrInvalidCalendar", err)
			}
			return
		}
		again, err := support.ParseHours(c.String())
		if err != nil {
			t.Fatalf("String %q of a calendar from %q does not parse: %v", c.String(), spec, err)
		}
		c2, err := support.NewCalendar(time.UTC, again, nil)
		if err != nil {
			t.Fatalf("String %q of a calendar from %q is rejected: %v", c.String(), spec, err)
		}
		if c.String() != c2.String() {
			t.Fatalf("round trip of %q: %q then %q", spec, c.String(), c2.String())
		}
		start := time.Date(2026, 3, 27, 10, 0, 0, 0, time.UTC)
		if got := c.Elapsed(start, c.Add(start, 10*time.Hour)); got != 10*time.Hour {
			t.Fatalf("calendar %q: Elapsed(Add(10h)) = %v", c, got)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, seed := range []string{"2026-12-25", "2028-02-29", "2027-02-29", "9999-12-31", "0001-01-01", "2026-1-1", ""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := support.ParseDate(s)
		if err != nil {
			if !errors.Is(err, support.ErrInvalidCalendar) {
				t.Fatalf("ParseDate(%q) error %v does not match ErrInvalidCalendar", s, err)
			}
			return
		}
		if !d.IsValid() || d.String() != s {
			t.Fatalf("ParseDate(%q) = %v, which prints as %q", s, d, d.String())
		}
	})
}

func BenchmarkCalendarAdd(b *testing.B) {
	berlin := mustLoadZone(b, "Europe/Berlin")
	office := mustBusinessCalendar(b, berlin, "Mon-Fri 09:00-12:00 13:00-18:00", "2026-12-25")
	start := time.Date(2026, 11, 25, 16, 0, 0, 0, berlin)
	for _, bc := range []struct {
		name string
		d    time.Duration
	}{{"1h", time.Hour}, {"1week", 40 * time.Hour}, {"4weeks", 160 * time.Hour}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				office.Add(start, bc.d)
			}
		})
	}
}

func BenchmarkCalendarElapsed(b *testing.B) {
	berlin := mustLoadZone(b, "Europe/Berlin")
	office := mustBusinessCalendar(b, berlin, "Mon-Fri 09:00-12:00 13:00-18:00", "2026-12-25")
	from := time.Date(2026, 11, 25, 16, 0, 0, 0, berlin)
	to := from.AddDate(0, 0, 7)
	b.ReportAllocs()
	for b.Loop() {
		office.Elapsed(from, to)
	}
}
