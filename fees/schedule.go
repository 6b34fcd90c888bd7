package fees

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/paydesk/paydesk/currency"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
)

// Schedule is a validated, compiled fee schedule: its rules indexed by
// operation, payment method, send currency and sender country, so that
// finding the rule of a request looks at a handful of candidates whatever the
// number of rules. Build one with New, Decode or Builtin. A Schedule is
// immutable and safe for concurrent use.
type Schedule struct {
	name      string
	rounding  Rounding
	rules     []*rule
	index     map[indexKey][]*rule
	countries countrySet     // the assigned ISO 3166-1 codes
	curIDs    map[string]int // schedule-local numbers of the currencies the rules name
}

// Name returns the schedule's name.
func (s *Schedule) Name() string { return s.name }

// Rounding returns the schedule's rounding rules.
func (s *Schedule) Rounding() Rounding { return s.rounding }

// Len returns the number of rules.
func (s *Schedule) Len() int { return len(s.rules) }

// rule is a compiled Rule.
type rule struct {
	id      string
	pos     int
	ops     uint16 // bit per Operation.index
	methods uint16 // bit per Method.index
	pairs   pairs  // normalized
	fromAll bool   // from is every country: indexed under the wildcard
	send    currencySet
	sends   []currency.Currency // the explicit send currencies, in definition order
	recv    currencySet
	bands   []band // aligned with sends; nil without a band
	payer   Payer
	markup  decimal.Decimal // percent
	factor  decimal.Decimal // 1 − markup/100: applied rate = mid × factor
	mfrac   decimal.Decimal // markup/100
	comps   []component
	depth   int             // how many rules strictly contain this one
	slope   decimal.Decimal // the sum of the largest rate of each component (a fraction)
	fast    bool            // every value fits the fast path (fixed.go)
	fmfrac  frac            // mfrac for the fast path
}

// band is an inclusive range of send amounts; a missing bound is unbounded.
type band struct {
	min, max       decimal.Decimal
	hasMin, hasMax bool
}

func (b band) contains(d decimal.Decimal) bool {
	return (!b.hasMin || d.Cmp(b.min) >= 0) && (!b.hasMax || d.Cmp(b.max) <= 0)
}

func (b band) intersects(o band) bool {
	if b.hasMax && o.hasMin && b.max.Cmp(o.min) < 0 {
		return false
	}
	if o.hasMax && b.hasMin && o.max.Cmp(b.min) < 0 {
		return false
	}
	return true
}

func (b band) within(o band) bool {
	if o.hasMin && (!b.hasMin || b.min.Cmp(o.min) < 0) {
		return false
	}
	if o.hasMax && (!b.hasMax || b.max.Cmp(o.max) > 0) {
		return false
	}
	return true
}

// currencySet is a set of schedule-local currency numbers, or every currency.
type currencySet struct {
	all  bool
	bits []uint64
}

func (s currencySet) has(i int) bool {
	return s.all || (i >= 0 && i/64 < len(s.bits) && s.bits[i/64]&(1<<(i%64)) != 0)
}

func (s currencySet) intersects(t currencySet) bool {
	if s.all || t.all {
		return true // explicit sets are never empty
	}
	for i := range s.bits {
		if s.bits[i]&t.bits[i] != 0 {
			return true
		}
	}
	return false
}

func (s currencySet) within(t currencySet) bool {
	if t.all {
		return true
	}
	if s.all {
		return false
	}
	for i := range s.bits {
		if s.bits[i]&^t.bits[i] != 0 {
			return false
		}
	}
	return true
}

// component is a compiled Component. Money values are aligned with the rule's
// sends.
type component struct {
	code     string
	kind     Kind
	percent  decimal.Decimal // percent, for Percentage and CrossBorderSurcharge
	rate     decimal.Decimal // percent / 100
	amounts  []decimal.Decimal
	tiers    []tier
	min, max []decimal.Decimal
	labels   []label
	maxRate  decimal.Decimal // the largest rate the component can charge
	fast     fastComponent
	basis    string // a decoded quote's line: Line.Basis as it was written
}

type tier struct {
	upTo    []decimal.Decimal // nil for the open-ended last tier
	percent decimal.Decimal
	rate    decimal.Decimal
}

type label struct {
	tag  language.Tag
	text string
}

// MaxRules is the largest number of rules New accepts. It bounds the work of
// validating a schedule from an untrusted document: the overlap check
// compares every pair of rules.
const MaxRules = 5000

// New validates def and compiles it into a Schedule. Any problem is a
// *RuleError naming the rule, or a *ScheduleError for the rest of the
// definition; both match ErrInvalidSchedule. Among the problems refused:
// unknown currencies, countries, regions, operations, methods or kinds;
// negative or out-of-range rates and amounts (and numbers with more than 30
// decimals or 100 digits before the point); Money that does not give exactly
// one amount per currency of the rule; tiers out of order; a rule that can
// never match (such as a domestic rule from FR to DE) or a component that can
// never apply; and two rules that overlap without one being strictly narrower.
// New does not keep def or anything it refers to.
//
// A definition may hold at most MaxRules rules: checking them for overlaps
// compares every pair, so New's time grows with the square of their number
// (about 0.1 s for 2,000 ordinary rules; a few seconds for 5,000 rules that
// all nest in one another, the worst case).
func New(def Definition) (*Schedule, error) {
	c := compiler{
		countries: parseCountrySet(iso3166),
		curIDs:    map[string]int{},
	}
	if def.Name == "" {
		return nil, &ScheduleError{Field: "name", Err: errors.New("missing")}
	}
	if err := c.rounding(def.Rounding); err != nil {
		return nil, &ScheduleError{Field: "rounding", Err: err}
	}
	if err := c.regions(def.Regions); err != nil {
		return nil, err
	}
	if len(def.Rules) == 0 {
		return nil, &ScheduleError{Field: "rules", Err: errors.New("no rules")}
	}
	if len(def.Rules) > MaxRules {
		return nil, &ScheduleError{Field: "rules", Err: fmt.Errorf("%d rules, more than the %d a schedule may have", len(def.Rules), MaxRules)}
	}
	// Number every currency the rules mention, so that currency sets are bitsets.
	for _, r := range def.Rules {
		for _, list := range [][]string{r.Currencies, r.ReceiveCurrencies} {
			for _, code := range list {
				if _, ok := c.curIDs[code]; !ok {
					c.curIDs[code] = len(c.curIDs)
				}
			}
		}
	}
	s := &Schedule{name: def.Name, rounding: def.Rounding, countries: c.countries, curIDs: c.curIDs}
	ids := make(map[string]int, len(def.Rules))
	for i, rd := range def.Rules {
		r, err := c.rule(rd)
		if err != nil {
			return nil, &RuleError{Index: i, ID: rd.ID, Err: err}
		}
		if j, dup := ids[rd.ID]; dup {
			return nil, &RuleError{Index: i, ID: rd.ID, Err: fmt.Errorf("id already used by rule %d", j)}
		}
		ids[rd.ID] = i
		r.pos = i
		s.rules = append(s.rules, r)
	}
	if err := checkOverlaps(s.rules); err != nil {
		return nil, err
	}
	s.index = buildIndex(s.rules, c.curIDs)
	return s, nil
}

// compiler holds what New needs while compiling one definition.
type compiler struct {
	countries countrySet
	regionSet map[string]countrySet
	curIDs    map[string]int
}

func (c *compiler) rounding(r Rounding) error {
	for _, m := range []currency.RoundingMode{r.Mode, r.Received} {
		if _, err := m.MarshalText(); err != nil {
			return err
		}
	}
	if r.Scope != PerLine && r.Scope != OnTotal {
		return fmt.Errorf("invalid scope %d", r.Scope)
	}
	return nil
}

func (c *compiler) regions(defs map[string][]string) error {
	c.regionSet = make(map[string]countrySet, len(defs))
	names := make([]string, 0, len(defs))
	for name := range defs {
		names = append(names, name)
	}
	slices.Sort(names) // report the first problem deterministically
	for _, name := range names {
		field := "regions." + truncate(name)
		if !validRegionName(name) {
			return &ScheduleError{Field: field, Err: errors.New("a region name is two or more upper-case letters, digits, '-' or '_'")}
		}
		if _, ok := builtinRegion(name); ok {
			return &ScheduleError{Field: field, Err: errors.New("redefines a built-in region")}
		}
		if i := countryIndex(name); i >= 0 && c.countries.has(i) {
			return &ScheduleError{Field: field, Err: errors.New("a region must not be named like a country")}
		}
		if len(defs[name]) == 0 {
			return &ScheduleError{Field: field, Err: errors.New("no countries")}
		}
		var set countrySet
		for _, code := range defs[name] {
			i := countryIndex(code)
			if i < 0 || !c.countries.has(i) || code != countryCode(i) {
				return &ScheduleError{Field: field, Err: &CountryError{Code: code}}
			}
			if set.has(i) {
				return &ScheduleError{Field: field, Err: fmt.Errorf("country %s listed twice", code)}
			}
			set.add(i)
		}
		c.regionSet[name] = set
	}
	return nil
}

func validRegionName(s string) bool {
	if len(s) < 2 || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !(b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '_') {
			return false
		}
	}
	return true
}

func validID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || strings.IndexByte("-_.:/", b) >= 0) {
			return false
		}
	}
	return true
}

// places returns the set of countries named by a list of codes and regions;
// an empty list is every country.
func (c *compiler) places(field string, list []string) (countrySet, error) {
	if len(list) == 0 {
		return c.countries, nil
	}
	var set countrySet
	for _, name := range list {
		if m, ok := c.regionSet[name]; ok {
			set = set.or(m)
			continue
		}
		if m, ok := builtinRegion(name); ok {
			set = set.or(parseCountrySet(m))
			continue
		}
		i := countryIndex(name)
		if i < 0 || !c.countries.has(i) || name != countryCode(i) {
			return set, fmt.Errorf("%s: %w", field, &CountryError{Code: name})
		}
		set.add(i)
	}
	return set, nil
}

func (c *compiler) currencies(field string, list []string) (currencySet, []currency.Currency, error) {
	if len(list) == 0 {
		return currencySet{all: true}, nil, nil
	}
	set := currencySet{bits: make([]uint64, (len(c.curIDs)+63)/64)}
	out := make([]currency.Currency, 0, len(list))
	for _, code := range list {
		cur, err := currency.Lookup(code)
		if err != nil {
			return set, nil, fmt.Errorf("%s: %w", field, err)
		}
		if cur.Code() != code {
			return set, nil, fmt.Errorf("%s: write currency %q as %q", field, truncate(code), cur.Code())
		}
		id := c.curIDs[code]
		if set.has(id) {
			return set, nil, fmt.Errorf("%s: currency %s listed twice", field, code)
		}
		set.bits[id/64] |= 1 << (id % 64)
		out = append(out, cur)
	}
	return set, out, nil
}

// money checks that m gives one non-negative amount, at the currency's scale,
// for every send currency of the rule, and returns them aligned with sends.
func money(field string, m Money, sends []currency.Currency) ([]decimal.Decimal, error) {
	if m == nil {
		return nil, nil
	}
	if len(sends) == 0 {
		return nil, fmt.Errorf("%s: amounts need the rule to list its currencies", field)
	}
	out := make([]decimal.Decimal, len(sends))
	for i, cur := range sends {
		v, ok := m[cur.Code()]
		if !ok {
			return nil, fmt.Errorf("%s: no amount for %s", field, cur.Code())
		}
		if !inRange(v) {
			return nil, fmt.Errorf("%s: the amount in %s has more than %d decimals or %d digits before the point", field, cur.Code(), maxDecimals, maxIntDigits)
		}
		if v.IsNegative() {
			return nil, fmt.Errorf("%s: negative amount %s %s", field, v, cur.Code())
		}
		if !cur.Amount(v).IsRounded() {
			return nil, fmt.Errorf("%s: %s %s has more decimals than the currency's %d", field, v, cur.Code(), cur.Digits())
		}
		out[i] = v
	}
	if len(m) != len(sends) {
		for code := range m {
			if !slices.ContainsFunc(sends, func(c currency.Currency) bool { return c.Code() == code }) {
				return nil, fmt.Errorf("%s: currency %q is not one of the rule's currencies", field, truncate(code))
			}
		}
	}
	return out, nil
}

func rate(field string, p decimal.Decimal) (decimal.Decimal, error) {
	if !inRange(p) {
		return decimal.Decimal{}, fmt.Errorf("%s: more than %d decimals or %d digits before the point", field, maxDecimals, maxIntDigits)
	}
	if p.IsNegative() || p.Cmp(decimal.New(100, 0)) >= 0 {
		return decimal.Decimal{}, fmt.Errorf("%s: %s%% is not in [0, 100)", field, p)
	}
	return p.Shift(-2), nil // exact: a division by 100 only moves the point
}

func (c *compiler) rule(d Rule) (*rule, error) {
	if !validID(d.ID) {
		return nil, errors.New("id: want 1 to 64 letters, digits or -_.:/")
	}
	r := &rule{id: d.ID}
	if len(d.Operations) == 0 {
		return nil, errors.New("operations: at least one is required")
	}
	for _, op := range d.Operations {
		i := op.index()
		if i < 0 {
			return nil, fmt.Errorf("operations: unknown operation %q", truncate(string(op)))
		}
		if r.ops&(1<<i) != 0 {
			return nil, fmt.Errorf("operations: %s listed twice", op)
		}
		r.ops |= 1 << i
	}
	if len(d.Methods) == 0 {
		r.methods = 1<<numMethods - 1
	}
	for _, m := range d.Methods {
		i := m.index()
		if i < 0 {
			return nil, fmt.Errorf("methods: unknown method %q", truncate(string(m)))
		}
		if r.methods&(1<<i) != 0 {
			return nil, fmt.Errorf("methods: %s listed twice", m)
		}
		r.methods |= 1 << i
	}
	if !d.Corridor.valid() {
		return nil, fmt.Errorf("corridor: unknown corridor %q (want %q, %q or none)", truncate(string(d.Corridor)), Domestic, CrossBorder)
	}
	from, err := c.places("from", d.From)
	if err != nil {
		return nil, err
	}
	to, err := c.places("to", d.To)
	if err != nil {
		return nil, err
	}
	r.pairs = pairs{from: from, to: to, corridor: d.Corridor}.normalized()
	if r.pairs.empty() {
		return nil, fmt.Errorf("can never match: no %s pair of countries from %v to %v", corridorName(d.Corridor), d.From, d.To)
	}
	r.fromAll = r.pairs.from == c.countries
	if r.send, r.sends, err = c.currencies("currencies", d.Currencies); err != nil {
		return nil, err
	}
	if r.recv, _, err = c.currencies("receive_currencies", d.ReceiveCurrencies); err != nil {
		return nil, err
	}
	mins, err := money("min_amount", d.MinAmount, r.sends)
	if err != nil {
		return nil, err
	}
	maxs, err := money("max_amount", d.MaxAmount, r.sends)
	if err != nil {
		return nil, err
	}
	if mins != nil || maxs != nil {
		r.bands = make([]band, len(r.sends))
		for i, cur := range r.sends {
			b := &r.bands[i]
			if mins != nil {
				b.min, b.hasMin = mins[i], true
			}
			if maxs != nil {
				b.max, b.hasMax = maxs[i], true
				if !b.max.IsPositive() {
					return nil, fmt.Errorf("max_amount: can never match: %s %s is not positive", b.max, cur.Code())
				}
			}
			if b.hasMin && b.hasMax && b.min.Cmp(b.max) > 0 {
				return nil, fmt.Errorf("can never match: min_amount %s %s is above max_amount %s", b.min, cur.Code(), b.max)
			}
		}
	}
	if r.payer, err = d.Payer.normalize(); err != nil {
		return nil, fmt.Errorf("payer: %w", err)
	}
	if r.mfrac, err = rate("markup", d.Markup); err != nil {
		return nil, err
	}
	r.markup = d.Markup
	r.factor = decimal.New(1, 0).Sub(r.mfrac)
	if d.Markup.IsPositive() && len(d.Currencies) == 1 && len(d.ReceiveCurrencies) == 1 && d.Currencies[0] == d.ReceiveCurrencies[0] {
		return nil, errors.New("markup: never applies: the rule never converts")
	}
	codes := map[string]bool{}
	for i, cd := range d.Components {
		field := fmt.Sprintf("components[%d]", i)
		if !validID(cd.Code) {
			return nil, fmt.Errorf("%s: code: want 1 to 64 letters, digits or -_.:/", field)
		}
		if codes[cd.Code] {
			return nil, fmt.Errorf("%s: code %q used twice", field, cd.Code)
		}
		codes[cd.Code] = true
		comp, err := c.component(field, cd, r.sends)
		if err != nil {
			return nil, err
		}
		if comp.kind == CrossBorderSurcharge && d.Corridor == Domestic {
			return nil, fmt.Errorf("%s: a cross-border surcharge never applies to a domestic rule", field)
		}
		r.slope = r.slope.Add(comp.maxRate)
		r.comps = append(r.comps, comp)
	}
	r.fmfrac, r.fast = toFrac(r.mfrac)
	for i := range r.comps {
		r.fast = r.fast && r.comps[i].compileFast(r.sends)
	}
	if r.payer == Recipient && r.slope.Cmp(decimal.New(1, 0)) >= 0 {
		return nil, errors.New("components: the rates add up to 100% or more, so fees deducted by the recipient would swallow any amount")
	}
	return r, nil
}

func corridorName(c Corridor) string {
	if c == AnyCorridor {
		return "matching"
	}
	return string(c)
}

func (c *compiler) component(field string, d Component, sends []currency.Currency) (component, error) {
	comp := component{code: d.Code, kind: d.Kind}
	if !d.Kind.valid() {
		return comp, fmt.Errorf("%s: kind: unknown kind %q", field, truncate(string(d.Kind)))
	}
	var err error
	percentKinds := d.Kind == Percentage || d.Kind == CrossBorderSurcharge
	if !percentKinds && !d.Percent.IsZero() {
		return comp, fmt.Errorf("%s: percent: not used by a %s component", field, d.Kind)
	}
	if d.Kind != Fixed && d.Amounts != nil {
		return comp, fmt.Errorf("%s: amounts: only fixed components have amounts", field)
	}
	if d.Kind != Graduated && d.Kind != Volume && d.Tiers != nil {
		return comp, fmt.Errorf("%s: tiers: only graduated and volume components have tiers", field)
	}
	switch d.Kind {
	case Percentage, CrossBorderSurcharge:
		if comp.rate, err = rate(field+": percent", d.Percent); err != nil {
			return comp, err
		}
		comp.percent = d.Percent
		comp.maxRate = comp.rate
	case Fixed:
		if d.Amounts == nil {
			return comp, fmt.Errorf("%s: amounts: required for a fixed component", field)
		}
		if comp.amounts, err = money(field+": amounts", d.Amounts, sends); err != nil {
			return comp, err
		}
		if d.Min != nil || d.Max != nil {
			return comp, fmt.Errorf("%s: a fixed component takes no min or max", field)
		}
	case Graduated, Volume:
		if len(d.Tiers) == 0 {
			return comp, fmt.Errorf("%s: tiers: at least one is required", field)
		}
		for i, td := range d.Tiers {
			tf := fmt.Sprintf("%s: tiers[%d]", field, i)
			var t tier
			if t.rate, err = rate(tf+": percent", td.Percent); err != nil {
				return comp, err
			}
			t.percent = td.Percent
			last := i == len(d.Tiers)-1
			if last != (td.UpTo == nil) {
				return comp, fmt.Errorf("%s: up_to: every tier but the last has up_to, the last has none", tf)
			}
			if t.upTo, err = money(tf+": up_to", td.UpTo, sends); err != nil {
				return comp, err
			}
			for k := range t.upTo {
				if !t.upTo[k].IsPositive() {
					return comp, fmt.Errorf("%s: up_to: %s %s is not positive", tf, t.upTo[k], sends[k].Code())
				}
				if i > 0 && t.upTo[k].Cmp(comp.tiers[i-1].upTo[k]) <= 0 {
					return comp, fmt.Errorf("%s: up_to: %s %s does not exceed the previous tier's", tf, t.upTo[k], sends[k].Code())
				}
			}
			if t.rate.Cmp(comp.maxRate) > 0 {
				comp.maxRate = t.rate
			}
			comp.tiers = append(comp.tiers, t)
		}
	}
	if comp.min, err = money(field+": min", d.Min, sends); err != nil {
		return comp, err
	}
	if comp.max, err = money(field+": max", d.Max, sends); err != nil {
		return comp, err
	}
	for k := range comp.min {
		if comp.max != nil && comp.min[k].Cmp(comp.max[k]) > 0 {
			return comp, fmt.Errorf("%s: min %s %s is above max %s", field, comp.min[k], sends[k].Code(), comp.max[k])
		}
	}
	for tag, text := range d.Labels {
		t, err := language.Parse(tag)
		if err != nil {
			return comp, fmt.Errorf("%s: labels: %q: %w", field, truncate(tag), err)
		}
		if text == "" {
			return comp, fmt.Errorf("%s: labels: %s: empty", field, tag)
		}
		comp.labels = append(comp.labels, label{tag: t, text: text})
	}
	slices.SortFunc(comp.labels, func(a, b label) int { return strings.Compare(a.tag.String(), b.tag.String()) })
	return comp, nil
}

// checkOverlaps refuses two rules that some request matches while neither is
// strictly narrower, and counts for every rule how many rules contain it.
func checkOverlaps(rules []*rule) error {
	for j, b := range rules {
		for _, a := range rules[:j] {
			if !a.intersects(b) {
				continue
			}
			aInB, bInA := a.within(b), b.within(a)
			switch {
			case aInB && bInA:
				return &RuleError{Index: j, ID: b.id, Err: &OverlapError{Other: a.id, Same: true}}
			case aInB:
				a.depth++
			case bInA:
				b.depth++
			default:
				return &RuleError{Index: j, ID: b.id, Err: &OverlapError{Other: a.id}}
			}
		}
	}
	return nil
}

func (r *rule) intersects(q *rule) bool {
	return r.ops&q.ops != 0 && r.methods&q.methods != 0 && r.recv.intersects(q.recv) &&
		r.pairs.intersects(q.pairs) && r.sendIntersects(q)
}

func (r *rule) within(q *rule) bool {
	return r.ops&^q.ops == 0 && r.methods&^q.methods == 0 && r.recv.within(q.recv) &&
		r.pairs.within(q.pairs) && r.sendWithin(q)
}

// bandFor returns the band of the send currency at position i of sends.
func (r *rule) bandFor(i int) band {
	if r.bands == nil || i < 0 {
		return band{}
	}
	return r.bands[i]
}

func (r *rule) sendPos(code string) int {
	for i, c := range r.sends {
		if c.Code() == code {
			return i
		}
	}
	return -1
}

func (r *rule) sendIntersects(q *rule) bool {
	if r.send.all || q.send.all {
		return true // a rule of every currency has no band, and explicit sets are never empty
	}
	for i, c := range r.sends {
		if j := q.sendPos(c.Code()); j >= 0 && r.bandFor(i).intersects(q.bandFor(j)) {
			return true
		}
	}
	return false
}

func (r *rule) sendWithin(q *rule) bool {
	if q.send.all {
		return true
	}
	if r.send.all {
		return false
	}
	for i, c := range r.sends {
		j := q.sendPos(c.Code())
		if j < 0 || !r.bandFor(i).within(q.bandFor(j)) {
			return false
		}
	}
	return true
}
