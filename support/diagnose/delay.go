package diagnose

import (
	"slices"
	"strings"
	"time"

	"github.com/paydesk/paydesk/fees"
	"github.com/paydesk/paydesk/support"
)

// The causes of a delayed-payment diagnosis: where the payment stands
// against its window.
const (
	CauseDelayWithin  Cause = "delay_within"  // still inside its normal window
	CauseDelaySlow    Cause = "delay_slow"    // past the usual time, not yet worrying
	CauseDelayOverdue Cause = "delay_overdue" // past the window: contact support
	CauseDelayUnknown Cause = "delay_unknown" // no window is known for this method and route
)

// Period is how long a payment takes: whole business days on the
// calendar, then elapsed time. N business days after a payment is sent
// end at midnight (in the calendar's time zone) at the end of the Nth
// business day after the day it was sent, so a payment sent on Friday
// evening with one business day is due by the end of Monday. A Period of
// Elapsed only is wall-clock time, weekends included. Period is a plain
// value, safe for concurrent use.
type Period struct {
	BusinessDays int           `json:"business_days,omitempty"`
	Elapsed      time.Duration `json:"elapsed,omitempty"`
}

// maxBusinessDays bounds a Period.
const maxBusinessDays = 60

func (p Period) valid() bool {
	return p.BusinessDays >= 0 && p.BusinessDays <= maxBusinessDays && p.Elapsed >= 0 && p.Elapsed <= maxWait &&
		(p.BusinessDays > 0 || p.Elapsed > 0)
}

// Window is how long payments of one method normally take on one route,
// host data (the fees schedule prices payments but says nothing of their
// timing). A window applies to payments of its Method on its Corridor
// (fees.Domestic, fees.CrossBorder, or fees.AnyCorridor for both); a
// window with a Region applies only when both the sender's and the
// recipient's countries are among its Countries (a region such as the
// SEPA area). The most specific window wins: a region over a corridor
// over any corridor.
//
// A payment is within its window until Expected has passed since it was
// sent; after that it is slow but not yet a worry until Worry has passed,
// and overdue after. A Window is a plain value; do not modify its
// Countries while a Delays built from it is in use (NewDelays copies it).
type Window struct {
	Method    fees.Method   `json:"method"`
	Corridor  fees.Corridor `json:"corridor,omitempty"`
	Region    string        `json:"region,omitempty"`    // a name, such as "SEPA"; set with Countries
	Countries []string      `json:"countries,omitempty"` // ISO 3166-1 alpha-2 codes of the region
	Expected  Period        `json:"expected"`
	Worry     Period        `json:"worry"`
	Article   string        `json:"article,omitempty"`  // a faq article ID; empty: payment-pending
	SeeAlso   string        `json:"see_also,omitempty"` // an optional second article
}

func (w Window) key() string { return string(w.Method) + "|" + string(w.Corridor) + "|" + w.Region }

func (w Window) validate() string {
	switch {
	case !methodName(string(w.Method)):
		return "method is not a method name such as bank-transfer"
	case w.Corridor != fees.AnyCorridor && w.Corridor != fees.Domestic && w.Corridor != fees.CrossBorder:
		return "corridor must be empty, domestic or cross-border"
	case (w.Region == "") != (len(w.Countries) == 0):
		return "a region needs a name and countries"
	case len(w.Region) > 64:
		return "region name too long"
	case !w.Expected.valid() || !w.Worry.valid():
		return "periods must be 1 to 60 business days and/or up to 30 days elapsed"
	case w.Worry.BusinessDays < w.Expected.BusinessDays ||
		w.Worry.BusinessDays == w.Expected.BusinessDays && w.Worry.Elapsed < w.Expected.Elapsed:
		return "worry must not come before expected"
	case !articleID(w.Article) || !articleID(w.SeeAlso):
		return "article is not an article ID"
	}
	for _, c := range w.Countries {
		if !countryCode(c) {
			return "country " + clip(c) + " is not an ISO 3166-1 alpha-2 code"
		}
	}
	return ""
}

func methodName(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c == '-' || c == '_' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func countryCode(s string) bool {
	return len(s) == 2 && letter(s[0]) && letter(s[1])
}

func letter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// Delays answers "where is my payment?": it holds the windows and the
// business calendar. It is immutable once built and safe for concurrent
// use.
type Delays struct {
	windows  []window
	workdays [7]bool
	holidays map[support.Date]bool
	loc      *time.Location
}

type window struct {
	Window
	countries map[string]bool
}

// NewDelays returns the built-in windows (BuiltinWindows) with windows
// merged over them: a window with the method, corridor and region of a
// built-in one replaces it, any other is added. Business days are counted
// on cal: the weekdays with business hours that are not holidays, in its
// time zone; a nil cal means Monday to Friday in UTC, without holidays.
// A window that does not validate, or two with the same method, corridor
// and region in windows, is a *RuleError matching ErrInvalidRule.
func NewDelays(cal *support.Calendar, windows ...Window) (*Delays, error) {
	d := &Delays{loc: time.UTC}
	if cal == nil {
		for wd := time.Monday; wd <= time.Friday; wd++ {
			d.workdays[wd] = true
		}
	} else {
		d.loc = cal.Location()
		for _, s := range cal.Hours() {
			d.workdays[s.Day] = true
		}
		if hs := cal.Holidays(); len(hs) > 0 {
			d.holidays = make(map[support.Date]bool, len(hs))
			for _, h := range hs {
				d.holidays[h] = true
			}
		}
	}
	index := map[string]int{}
	add := func(i int, w Window, host bool) error {
		if reason := w.validate(); reason != "" {
			if !host {
				reason = "built in: " + reason
			}
			return &RuleError{Table: "windows", Index: i, Code: clip(string(w.Method)), Reason: reason}
		}
		c := window{Window: w}
		c.Countries = slices.Clone(w.Countries)
		if len(w.Countries) > 0 {
			c.countries = make(map[string]bool, len(w.Countries))
			for _, cc := range w.Countries {
				c.countries[strings.ToUpper(cc)] = true
			}
		}
		if j, ok := index[w.key()]; ok {
			d.windows[j] = c
			return nil
		}
		index[w.key()] = len(d.windows)
		d.windows = append(d.windows, c)
		return nil
	}
	for i, w := range BuiltinWindows() {
		if err := add(i, w, false); err != nil {
			return nil, err
		}
	}
	seen := map[string]bool{}
	for i, w := range windows {
		if seen[w.key()] {
			return nil, &RuleError{Table: "windows", Index: i, Code: clip(string(w.Method)), Reason: "method, corridor and region given twice"}
		}
		seen[w.key()] = true
		if err := add(i, w, true); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// DefaultDelays returns the built-in windows on the Monday-to-Friday
// calendar.
func DefaultDelays() *Delays {
	d, err := NewDelays(nil)
	if err != nil {
		panic(err) // unreachable: the built-in windows are tested
	}
	return d
}

// Windows returns the windows in use, the built-in ones first, in a new
// slice.
func (d *Delays) Windows() []Window {
	out := make([]Window, len(d.windows))
	for i, w := range d.windows {
		out[i] = w.Window
		out[i].Countries = slices.Clone(w.Countries)
	}
	return out
}

// Payment is a payment a customer asks about. It is a plain value.
type Payment struct {
	Method    fees.Method
	From, To  string    // ISO 3166-1 alpha-2 countries of the sender and the recipient; the same for a domestic payment
	Sent      time.Time // when it was sent; the times of the diagnosis are in its location
	Reference string    // the transaction reference, if any, for the texts (%[5]s)
}

// DelayState is where a payment stands against its window. It is a plain
// value, safe for concurrent use.
type DelayState uint8

// The states.
const (
	DelayUnknown DelayState = iota // no window is known for the method and route
	DelayWithin                    // before Expected: nothing to do yet
	DelaySlow                      // after Expected, before Worry: some take longer
	DelayOverdue                   // after Worry: the customer should contact support
)

var delayNames = [...]string{"unknown", "within", "slow", "overdue"}

// String returns "unknown", "within", "slow" or "overdue".
func (s DelayState) String() string {
	if int(s) < len(delayNames) {
		return delayNames[s]
	}
	return "DelayState(?)"
}

// Delay is the diagnosis of a payment that has not arrived. It is a plain
// value, safe for concurrent use.
type Delay struct {
	State    DelayState
	Window   Window    // the window that applied; zero for DelayUnknown
	Expected time.Time // when it normally arrives by; zero for DelayUnknown
	Worry    time.Time // after when to contact support; zero for DelayUnknown
	payment  Payment
}

// Check says whether p, asked about at now, is still within its normal
// window. A payment whose method and route no window covers is
// DelayUnknown: a safe answer that tells the customer to contact support,
// not an error. Malformed input (no method or a method that is not a name,
// countries that are not two letters, no time sent) is a
// *support.InputError matching ErrInvalidPayment. A payment sent after now
// (clocks disagree) is within its window.
func (d *Delays) Check(p Payment, now time.Time) (Delay, error) {
	switch {
	case !methodName(string(p.Method)):
		return Delay{}, &support.InputError{Field: "method", Reason: ErrInvalidPayment, Detail: "want a payment method such as card or bank-transfer"}
	case !countryCode(p.From) || !countryCode(p.To):
		return Delay{}, &support.InputError{Field: "country", Reason: ErrInvalidPayment, Detail: "want ISO 3166-1 alpha-2 codes such as US"}
	case p.Sent.IsZero():
		return Delay{}, &support.InputError{Field: "sent", Reason: ErrInvalidPayment, Detail: "the time the payment was sent is required"}
	case len(p.Reference) > support.MaxSubjectBytes:
		return Delay{}, &support.InputError{Field: "reference", Reason: support.ErrTooLong}
	}
	w, ok := d.match(p)
	if !ok {
		return Delay{State: DelayUnknown, payment: p}, nil
	}
	r := Delay{Window: w.Window, payment: p}
	r.Window.Countries = slices.Clone(w.Countries)
	loc := p.Sent.Location()
	r.Expected = d.add(p.Sent, w.Expected).In(loc)
	r.Worry = d.add(p.Sent, w.Worry).In(loc)
	if r.Worry.Before(r.Expected) { // more business days, less elapsed time
		r.Worry = r.Expected
	}
	switch {
	case now.Before(r.Expected):
		r.State = DelayWithin
	case now.Before(r.Worry):
		r.State = DelaySlow
	default:
		r.State = DelayOverdue
	}
	return r, nil
}

// match finds the most specific window for p.
func (d *Delays) match(p Payment) (window, bool) {
	domestic := strings.EqualFold(p.From, p.To)
	from, to := strings.ToUpper(p.From), strings.ToUpper(p.To)
	best, score := -1, -1
	for i, w := range d.windows {
		if w.Method != p.Method {
			continue
		}
		s := 0
		switch w.Corridor {
		case fees.Domestic:
			if !domestic {
				continue
			}
			s = 1
		case fees.CrossBorder:
			if domestic {
				continue
			}
			s = 1
		}
		if w.countries != nil {
			if !w.countries[from] || !w.countries[to] {
				continue
			}
			s += 2
		}
		if s > score {
			best, score = i, s
		}
	}
	if best < 0 {
		return window{}, false
	}
	return d.windows[best], true
}

// add returns the instant p after t.
func (d *Delays) add(t time.Time, p Period) time.Time {
	if p.BusinessDays > 0 {
		lt := t.In(d.loc)
		y, m, day := lt.Date()
		n := 0
		for i := 1; i <= 3660; i++ {
			dt := time.Date(y, m, day+i, 0, 0, 0, 0, d.loc)
			if d.businessDay(dt) {
				n++
				if n == p.BusinessDays {
					t = time.Date(y, m, day+i+1, 0, 0, 0, 0, d.loc)
					break
				}
			}
		}
	}
	return t.Add(p.Elapsed)
}

func (d *Delays) businessDay(t time.Time) bool {
	if !d.workdays[t.Weekday()] {
		return false
	}
	y, m, day := t.Date()
	return !d.holidays[support.Date{Year: y, Month: m, Day: day}]
}

// ForCustomer returns what the customer is told: the state, when the
// payment is expected by and when to worry (%[2]s and %[3]s of the texts),
// and the article. An overdue or unknown payment NeedsAgent.
func (d Delay) ForCustomer() Finding {
	f := Finding{Cause: d.cause(), Expected: d.Expected, Worry: d.Worry, Reference: d.payment.Reference,
		Article: d.Window.Article, SeeAlso: d.Window.SeeAlso}
	f.Text, f.Next = f.Cause.CustomerKey(), f.Cause.NextKey()
	if f.Article == "" {
		f.Article = "payment-pending"
	}
	f.NeedsAgent = d.State == DelayOverdue || d.State == DelayUnknown
	return f
}

// ForAgent returns what an agent is told: the same facts, with the
// agent's text (what to check) and the customer's next step as Next.
func (d Delay) ForAgent() Finding {
	f := d.ForCustomer()
	f.Text = f.Cause.AgentKey()
	return f
}

func (d Delay) cause() Cause {
	switch d.State {
	case DelayWithin:
		return CauseDelayWithin
	case DelaySlow:
		return CauseDelaySlow
	case DelayOverdue:
		return CauseDelayOverdue
	}
	return CauseDelayUnknown
}
