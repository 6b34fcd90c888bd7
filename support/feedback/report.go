package feedback

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"math/big"
	"math/bits"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
)

// Dimension is what a Report groups surveys by. It is a plain value, safe
// for concurrent use. The zero Dimension, ByNone, puts every survey in one
// group.
type Dimension uint8

// The dimensions, named after the Dimensions field (or Survey field) they
// read.
const (
	ByNone Dimension = iota
	ByAgent
	ByGroup
	ByCategory
	ByChannel
	ByLanguage
	ByArticle
	ByTrigger
	ByKind
)

var dimensionNames = [...]string{"all", "agent", "group", "category", "channel", "language", "article", "trigger", "kind"}

// String returns the dimension's name: "all", "agent", "group",
// "category", "channel", "language", "article", "trigger" or "kind".
func (d Dimension) String() string {
	if d.IsValid() {
		return dimensionNames[d]
	}
	return fmt.Sprintf("Dimension(%d)", uint8(d))
}

// IsValid reports whether d is one of the defined dimensions.
func (d Dimension) IsValid() bool { return d <= ByKind }

// Period is the time bucket of a Report: none, a calendar day, an ISO week
// (from Monday) or a calendar month, in the Grouping's time zone. It is a
// plain value, safe for concurrent use.
type Period uint8

// The periods. The zero Period, PeriodNone, does not bucket by time.
const (
	PeriodNone Period = iota
	Day
	Week
	Month
)

var periodNames = [...]string{"all", "day", "week", "month"}

// String returns "all", "day", "week" or "month".
func (p Period) String() string {
	if p.IsValid() {
		return periodNames[p]
	}
	return fmt.Sprintf("Period(%d)", uint8(p))
}

// IsValid reports whether p is one of the defined periods.
func (p Period) IsValid() bool { return p <= Month }

// Grouping says how a Report groups surveys: by a dimension and a time
// bucket in an IANA time zone. Surveys are bucketed by the time they were
// offered, so that every bucket's answers are a part of its offers. It is
// a plain value, safe for concurrent use.
//
// Its text form, written by String and read by ParseGrouping, is
// "dimension/period@zone", such as "agent/week@Asia/Shanghai"; the period
// and the zone may be left out ("agent" is "agent/all@UTC").
type Grouping struct {
	By       Dimension
	Period   Period
	Location *time.Location // nil: UTC; time.Local is refused (not reproducible)
}

// String returns g in its text form.
func (g Grouping) String() string {
	return g.By.String() + "/" + g.Period.String() + "@" + g.loc().String()
}

func (g Grouping) loc() *time.Location {
	if g.Location == nil {
		return time.UTC
	}
	return g.Location
}

// same reports whether g and o group identically.
func (g Grouping) same(o Grouping) bool {
	return g.By == o.By && g.Period == o.Period && g.loc().String() == o.loc().String()
}

// validate reports an *support.InputError for an unknown dimension or
// period or a local time zone.
func (g Grouping) validate() error {
	if !g.By.IsValid() {
		return inputErr("grouping.by", support.ErrInvalidInput, g.By.String())
	}
	if !g.Period.IsValid() {
		return inputErr("grouping.period", support.ErrInvalidInput, g.Period.String())
	}
	if g.Location == time.Local || g.loc().String() == "Local" {
		return inputErr("grouping.location", support.ErrInvalidInput, "name an IANA time zone; Local differs between machines")
	}
	return nil
}

// maxGroupingBytes limits the text form of a Grouping.
const maxGroupingBytes = 128

// ParseGrouping parses a grouping in its text form (see Grouping). The zone
// is loaded with time.LoadLocation, so it needs the time zone database
// (import time/tzdata to embed it); "Local" is refused.
func ParseGrouping(s string) (Grouping, error) {
	if len(s) > maxGroupingBytes || !utf8.ValidString(s) {
		return Grouping{}, inputErr("grouping", support.ErrInvalidInput, "malformed")
	}
	spec, zone, hasZone := strings.Cut(s, "@")
	by, period, hasPeriod := strings.Cut(spec, "/")
	var g Grouping
	i := slices.Index(dimensionNames[:], by)
	if i < 0 {
		return Grouping{}, inputErr("grouping", support.ErrInvalidInput, fmt.Sprintf("unknown dimension %q", by))
	}
	g.By = Dimension(i)
	if hasPeriod {
		j := slices.Index(periodNames[:], period)
		if j < 0 {
			return Grouping{}, inputErr("grouping", support.ErrInvalidInput, fmt.Sprintf("unknown period %q", period))
		}
		g.Period = Period(j)
	}
	if hasZone {
		if zone == "" || zone == "Local" || strings.ContainsAny(zone, "\x00\\") {
			return Grouping{}, inputErr("grouping", support.ErrInvalidInput, fmt.Sprintf("unknown time zone %q", zone))
		}
		loc, err := time.LoadLocation(zone)
		if err != nil {
			return Grouping{}, inputErr("grouping", support.ErrInvalidInput, fmt.Sprintf("unknown time zone %q", zone))
		}
		if zone != "UTC" {
			g.Location = loc
		}
	}
	return g, g.validate()
}

// MarshalText encodes g in its text form.
func (g Grouping) MarshalText() ([]byte, error) {
	if err := g.validate(); err != nil {
		return nil, err
	}
	return []byte(g.String()), nil
}

// UnmarshalText decodes g from its text form.
func (g *Grouping) UnmarshalText(b []byte) error {
	v, err := ParseGrouping(string(b))
	if err != nil {
		return err
	}
	*g = v
	return nil
}

// Start returns the start of the bucket holding t, and of the next one, in
// g's zone; for PeriodNone both are zero.
func (g Grouping) Start(t time.Time) (start, next time.Time) {
	if g.Period == PeriodNone {
		return time.Time{}, time.Time{}
	}
	loc := g.loc()
	y, m, d := t.In(loc).Date()
	switch g.Period {
	case Day:
		return time.Date(y, m, d, 0, 0, 0, 0, loc), time.Date(y, m, d+1, 0, 0, 0, 0, loc)
	case Week:
		d -= (int(time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Weekday()) + 6) % 7 // back to Monday
		return time.Date(y, m, d, 0, 0, 0, 0, loc), time.Date(y, m, d+7, 0, 0, 0, 0, loc)
	default:
		return time.Date(y, m, 1, 0, 0, 0, 0, loc), time.Date(y, m+1, 1, 0, 0, 0, 0, loc)
	}
}

// Ratio is an exact fraction, such as 7 satisfied of 8 answers. A Ratio
// with Den 0 means "no data" (no answers yet). It is a plain value, safe
// for concurrent use.
type Ratio struct {
	Num, Den int64
}

// Valid reports whether r has data (Den > 0).
func (r Ratio) Valid() bool { return r.Den > 0 }

// Rat returns r as an exact rational, or nil when r has no data.
func (r Ratio) Rat() *big.Rat {
	if !r.Valid() {
		return nil
	}
	return big.NewRat(r.Num, r.Den)
}

// Percent returns 100·Num/Den as a float64, or 0 when r has no data. It is
// computed once from the exact counts, so equal counts give equal floats.
func (r Ratio) Percent() float64 {
	if !r.Valid() {
		return 0
	}
	f, _ := new(big.Rat).Mul(big.NewRat(r.Num, r.Den), big.NewRat(100, 1)).Float64()
	return f
}

// FormatPercent returns 100·Num/Den in decimal with prec digits after the
// point, rounded half away from zero exactly (big.Rat.FloatString), such
// as "87.5"; "n/a" when r has no data.
func (r Ratio) FormatPercent(prec int) string {
	if !r.Valid() {
		return "n/a"
	}
	return new(big.Rat).Mul(big.NewRat(r.Num, r.Den), big.NewRat(100, 1)).FloatString(max(prec, 0))
}

// String returns "Num/Den".
func (r Ratio) String() string { return fmt.Sprintf("%d/%d", r.Num, r.Den) }

// Counts are the exact tallies of one group of surveys: how many were
// offered and how many answers gave each score. Every figure of a report
// is computed from them with integer arithmetic, so that counts added in
// any order give the same figures. Counts are a plain value (152 bytes),
// safe for concurrent use once built.
type Counts struct {
	Offered      uint64
	CSATScores   [5]uint64  // CSAT answers 1 to 5
	BinaryScores [2]uint64  // CSATBinary answers bad, good
	NPSScores    [11]uint64 // NPS answers 0 to 10
}

// Add adds o's tallies to c.
func (c *Counts) Add(o *Counts) {
	c.Offered += o.Offered
	for i := range c.CSATScores {
		c.CSATScores[i] += o.CSATScores[i]
	}
	c.BinaryScores[0] += o.BinaryScores[0]
	c.BinaryScores[1] += o.BinaryScores[1]
	for i := range c.NPSScores {
		c.NPSScores[i] += o.NPSScores[i]
	}
}

// add counts one survey.
func (c *Counts) add(s *Survey) {
	c.Offered++
	if s.AnsweredAt.IsZero() {
		return
	}
	switch n := uint(s.Score); s.Kind {
	case CSAT:
		if n-1 < 5 {
			c.CSATScores[n-1]++
		}
	case CSATBinary:
		if n < 2 {
			c.BinaryScores[n]++
		}
	case NPS:
		if n < 11 {
			c.NPSScores[n]++
		}
	}
}

func sum(xs []uint64) (s uint64) {
	for _, x := range xs {
		s += x
	}
	return s
}

// Answered returns the number of answers of every kind.
func (c *Counts) Answered() uint64 { return c.CSATAnswers() + c.NPSAnswers() }

// CSATAnswers returns the number of CSAT and CSATBinary answers.
func (c *Counts) CSATAnswers() uint64 {
	return sum(c.CSATScores[:]) + c.BinaryScores[0] + c.BinaryScores[1]
}

// Satisfied returns the number of CSAT answers of 4 or 5 and CSATBinary
// answers "good".
func (c *Counts) Satisfied() uint64 { return c.CSATScores[3] + c.CSATScores[4] + c.BinaryScores[1] }

// NPSAnswers returns the number of NPS answers.
func (c *Counts) NPSAnswers() uint64 { return sum(c.NPSScores[:]) }

// Promoters returns the number of NPS answers of 9 or 10.
func (c *Counts) Promoters() uint64 { return c.NPSScores[9] + c.NPSScores[10] }

// Passives returns the number of NPS answers of 7 or 8.
func (c *Counts) Passives() uint64 { return c.NPSScores[7] + c.NPSScores[8] }

// Detractors returns the number of NPS answers of 0 to 6.
func (c *Counts) Detractors() uint64 { return sum(c.NPSScores[:7]) }

// CSAT returns the share of satisfied CSAT answers, 0 to 1 (Percent gives
// 0 to 100): Satisfied / CSATAnswers.
func (c *Counts) CSAT() Ratio {
	return Ratio{Num: int64(c.Satisfied()), Den: int64(c.CSATAnswers())}
}

// NPS returns the Net Promoter Score as a fraction of −1 to 1
// (Percent gives the usual −100 to 100): (Promoters − Detractors) /
// NPSAnswers.
func (c *Counts) NPS() Ratio {
	return Ratio{Num: int64(c.Promoters()) - int64(c.Detractors()), Den: int64(c.NPSAnswers())}
}

// ResponseRate returns the share of offered surveys that were answered, 0
// to 1: Answered / Offered.
func (c *Counts) ResponseRate() Ratio {
	return Ratio{Num: int64(c.Answered()), Den: int64(c.Offered)}
}

// check reports whether c could come from adding surveys: something
// offered, no more answers than offers, and no sum that overflows.
func (c *Counts) check() error {
	if c.Offered == 0 {
		return inputErr("offered", support.ErrInvalidInput, "a row counts at least one survey")
	}
	var total, carry uint64
	for _, x := range [][]uint64{c.CSATScores[:], c.BinaryScores[:], c.NPSScores[:]} {
		for _, v := range x {
			total, carry = bits.Add64(total, v, carry)
			if carry != 0 {
				return inputErr("counts", support.ErrInvalidInput, "overflow")
			}
		}
	}
	if total > c.Offered || c.Offered > 1<<62 {
		return inputErr("counts", support.ErrInvalidInput, "more answers than offers")
	}
	return nil
}

// Row is one group of a Report: a value of the grouping's dimension (""
// for ByNone, and for surveys without that dimension, such as an
// unassigned ticket's agent) and the start of its time bucket (zero for
// PeriodNone).
type Row struct {
	Key    string
	Bucket time.Time
	Counts
}

// rowKey identifies a row: its dimension value and the Unix time of its
// bucket's start.
type rowKey struct {
	key    string
	bucket int64
}

// Report aggregates surveys into Counts per group of a Grouping. It holds
// one Counts per group (dimension value and time bucket) whatever the
// number of surveys added, so a report streams through any number of them
// in constant memory per group. Reports of the same grouping merge exactly
// (Merge): a host aggregates per shard, instance or day and combines, and
// gets what one report of all the surveys would have given, in any order.
//
// A Report is not safe for concurrent use: aggregate each stream into its
// own Report and merge them.
type Report struct {
	g    Grouping
	rows map[rowKey]*Counts
	// The last bucket seen, [lo, hi) in Unix seconds: surveys come in time
	// order from a store, so most find their bucket here.
	lo, hi int64
	// The keys of the languages seen, since Tag.String may allocate.
	tagKeys map[language.Tag]string
}

// NewReport returns an empty report grouped by g. An unknown dimension or
// period, or time.Local, is an *support.InputError.
func NewReport(g Grouping) (*Report, error) {
	if err := g.validate(); err != nil {
		return nil, err
	}
	return &Report{g: g, rows: make(map[rowKey]*Counts), lo: 1, hi: 0}, nil
}

// Grouping returns how r groups.
func (r *Report) Grouping() Grouping { return r.g }

// Len returns the number of groups.
func (r *Report) Len() int { return len(r.rows) }

// Add counts survey s: offered, and its score if answered, in the group of
// its dimension value and of the bucket of its OfferedAt. An answer whose
// score is off its kind's scale (a survey no store would hold) counts as
// unanswered.
func (r *Report) Add(s *Survey) {
	k := rowKey{key: r.key(s)}
	if r.g.Period != PeriodNone {
		sec := s.OfferedAt.Unix()
		if sec < r.lo || sec >= r.hi {
			start, next := r.g.Start(s.OfferedAt)
			r.lo, r.hi = start.Unix(), next.Unix()
		}
		k.bucket = r.lo
	}
	c := r.rows[k]
	if c == nil {
		c = new(Counts)
		r.rows[k] = c
	}
	c.add(s)
}

// key returns s's value of r's dimension.
func (r *Report) key(s *Survey) string {
	switch r.g.By {
	case ByAgent:
		return s.Dimensions.Agent
	case ByGroup:
		return s.Dimensions.Group
	case ByCategory:
		return string(s.Dimensions.Category)
	case ByChannel:
		if s.Dimensions.Channel == 0 {
			return ""
		}
		return s.Dimensions.Channel.String()
	case ByLanguage:
		tag := s.Dimensions.Language
		if tag == language.Und {
			return ""
		}
		key, ok := r.tagKeys[tag]
		if !ok {
			if r.tagKeys == nil {
				r.tagKeys = make(map[language.Tag]string)
			}
			key = tag.String()
			r.tagKeys[tag] = key
		}
		return key
	case ByArticle:
		return s.Dimensions.Article
	case ByTrigger:
		return s.Trigger.String()
	case ByKind:
		return s.Kind.String()
	}
	return ""
}

// Merge adds o's counts to r; o is not changed. Reports of different
// groupings are refused with a *MismatchError. Merging is exact, so it is
// associative and commutative: any tree of merges of any sharding of the
// same surveys gives the same report.
func (r *Report) Merge(o *Report) error {
	if !r.g.same(o.g) {
		return &MismatchError{A: r.g, B: o.g}
	}
	for k, oc := range o.rows {
		c := r.rows[k]
		if c == nil {
			c = new(Counts)
			r.rows[k] = c
		}
		c.Add(oc)
	}
	return nil
}

// Rows returns the groups, sorted by key and then bucket.
func (r *Report) Rows() []Row {
	keys := make([]rowKey, 0, len(r.rows))
	for k := range r.rows {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b rowKey) int {
		return cmp.Or(strings.Compare(a.key, b.key), cmp.Compare(a.bucket, b.bucket))
	})
	rows := make([]Row, len(keys))
	for i, k := range keys {
		rows[i] = Row{Key: k.key, Counts: *r.rows[k]}
		if r.g.Period != PeriodNone {
			rows[i].Bucket = time.Unix(k.bucket, 0).In(r.g.loc())
		}
	}
	return rows
}

// Total returns the counts of all groups together.
func (r *Report) Total() Counts {
	var t Counts
	for _, c := range r.rows {
		t.Add(c)
	}
	return t
}

// reportJSON is the JSON form of a Report.
type reportJSON struct {
	Grouping Grouping  `json:"grouping"`
	Rows     []rowJSON `json:"rows"`
}

type rowJSON struct {
	Key     string    `json:"key"`
	Bucket  time.Time `json:"bucket,omitzero"`
	Offered uint64    `json:"offered"`
	CSAT    []uint64  `json:"csat"`
	Binary  []uint64  `json:"csat_binary"`
	NPS     []uint64  `json:"nps"`
}

// MarshalJSON encodes r as {"grouping": "agent/week@UTC", "rows": [{"key":
// "a1", "bucket": "2026-03-02T00:00:00Z", "offered": 9, "csat": [0,0,1,2,3],
// "csat_binary": [0,0], "nps": [0,0,0,0,0,0,0,0,0,0,0]}, ...]}, rows in
// Rows order: equal reports encode to equal bytes.
func (r *Report) MarshalJSON() ([]byte, error) {
	rows := r.Rows()
	out := reportJSON{Grouping: r.g, Rows: make([]rowJSON, len(rows))}
	for i := range rows {
		c := &rows[i].Counts
		out.Rows[i] = rowJSON{Key: rows[i].Key, Bucket: rows[i].Bucket, Offered: c.Offered,
			CSAT: c.CSATScores[:], Binary: c.BinaryScores[:], NPS: c.NPSScores[:]}
	}
	return json.Marshal(out)
}

// UnmarshalJSON decodes a report written by MarshalJSON, as a host
// gathering shards' reports does. It refuses, with a *support.InputError,
// anything MarshalJSON could not have written: unknown fields, a bucket
// that does not start a period of the grouping, a row twice, counts of the
// wrong length, more answers than offers.
func (r *Report) UnmarshalJSON(data []byte) error {
	var in reportJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return inputErr("report", support.ErrInvalidInput, err.Error())
	}
	if dec.More() {
		return inputErr("report", support.ErrInvalidInput, "trailing data")
	}
	nr, err := NewReport(in.Grouping)
	if err != nil {
		return err
	}
	for i, row := range in.Rows {
		field := fmt.Sprintf("rows[%d]", i)
		if err := checkName(field+".key", row.Key); err != nil {
			return err
		}
		if in.Grouping.By == ByNone && row.Key != "" {
			return inputErr(field+".key", support.ErrInvalidInput, "a report of all surveys has no keys")
		}
		k := rowKey{key: row.Key}
		if in.Grouping.Period == PeriodNone {
			if !row.Bucket.IsZero() {
				return inputErr(field+".bucket", support.ErrInvalidInput, "a report without period has no buckets")
			}
		} else {
			start, _ := in.Grouping.Start(row.Bucket)
			if row.Bucket.IsZero() || !start.Equal(row.Bucket) {
				return inputErr(field+".bucket", support.ErrInvalidInput, "not the start of a "+in.Grouping.Period.String())
			}
			k.bucket = start.Unix()
		}
		if len(row.CSAT) != 5 || len(row.Binary) != 2 || len(row.NPS) != 11 {
			return inputErr(field, support.ErrInvalidInput, "csat has 5 counts, csat_binary 2, nps 11")
		}
		c := &Counts{Offered: row.Offered}
		copy(c.CSATScores[:], row.CSAT)
		copy(c.BinaryScores[:], row.Binary)
		copy(c.NPSScores[:], row.NPS)
		if err := c.check(); err != nil {
			return err
		}
		if nr.rows[k] != nil {
			return inputErr(field, support.ErrInvalidInput, "the same row twice")
		}
		nr.rows[k] = c
	}
	*r = *nr
	return nil
}
