package currency

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// MaxECBSize is the largest input ParseECB reads, in bytes. The ECB's daily
// file is about 1.5 KB and its 90-day file about 40 KB; the full history since
// 1999 is roughly 10 MiB and grows by about a third of a megabyte a year.
const MaxECBSize = 32 << 20

// ECBSource is the Source of the rates ParseECB returns.
const ECBSource = "ECB"

// ECBError reports why ECB reference-rate XML was refused: malformed XML, an
// unexpected structure, a bad date, an unknown currency, a rate that is not a
// positive plain decimal, or input larger than MaxECBSize. Offset is the byte
// offset in the input at which the problem was found; Err, when not nil, is
// the underlying cause (such as an *xml.SyntaxError or *UnknownCurrencyError).
// It matches ErrInvalidRate and, through Unwrap, its cause.
// Nothing modifies it once returned, so it is safe for concurrent use.
type ECBError struct {
	Offset int64
	Reason string
	Err    error
}

// Error returns the message, which names the package and the problem.
func (e *ECBError) Error() string {
	return fmt.Sprintf("currency: ECB rates: at byte %d: %s", e.Offset, e.Reason)
}

// Is reports whether target is ErrInvalidRate.
func (e *ECBError) Is(target error) bool { return target == ErrInvalidRate }

// Unwrap returns the underlying cause, or nil.
func (e *ECBError) Unwrap() error { return e.Err }

// errECBTooLarge is returned by ecbLimitReader once MaxECBSize is exceeded.
var errECBTooLarge = errors.New("currency: ECB rates: input too large")

// errECBTagTooLong is returned by ecbLimitReader for a markup tag longer than
// maxECBTagLen.
var errECBTagTooLong = errors.New("currency: ECB rates: tag too long")

// maxECBTagLen bounds the length in bytes of one tag, from its "<" to its
// ">". The ECB's longest, the Envelope start tag with its namespaces, is
// under 200 bytes; the XML decoder holds all of a tag's attributes at once,
// at about 50 bytes of memory per byte of attribute text, so without a bound
// one hostile tag within MaxECBSize would cost gigabytes.
const maxECBTagLen = 4096

// ParseECB reads the European Central Bank's euro foreign exchange reference
// rates in the XML of eurofxref-daily.xml, or of the 90-day and historical
// files (eurofxref-hist-90d.xml, eurofxref-hist.xml), which hold one dated
// Cube per day:
//
//	<gesmes:Envelope ...>
//	  <Cube>
//	    <Cube time="2026-11-24">
//	      <Cube currency="USD" rate="1.1572"/>
//	      ...
//
// It returns every rate in document order (the ECB lists the newest day
// first): From "EUR", To the quoted currency, Source ECBSource, and Time the
// moment of publication, 16:00 Central European Time on the reference date,
// in UTC. The ECB publishes "around 16:00 CET"; the offset (UTC+1 in winter,
// UTC+2 from the last Sunday of March to the last Sunday of October, the EU
// rule in force for all ECB data since 1999) is computed rather than read from
// the host's time-zone database, so the result is the same on every machine
// and needs no tzdata. Give the rates to RateTable.Set, which keeps the newest
// rate of each pair.
//
// ParseECB is strict: malformed XML, another root element than Envelope, a
// missing or malformed date, a date given twice, a day without rates, a code
// that is not a known ISO 4217 currency (or is EUR), a currency given twice on
// one day, and a rate that is not a positive plain decimal give an *ECBError
// (matching ErrInvalidRate); it reads at most MaxECBSize bytes. Elements
// outside the Cubes (subject, Sender) are ignored, unless they nest more
// than 32 elements deep. A tag longer than 4096 bytes is refused too. An error from r itself is
// returned wrapped, not as an *ECBError.
//
// The full history (eurofxref-hist.xml) and older daily files also quote
// currencies that ISO 4217 no longer lists (BGN, CYP, EEK, HRK, LTL, LVL,
// MTL, ROL, SIT, SKK, TRL): they are retired codes the package ships (see
// RetiredCodes), so such files load by default and their rates are usable
// in a RateTable; amounts in those currencies still need a Registry that
// allows them (Registry.AllowRetired).
func ParseECB(r io.Reader) ([]Rate, error) {
	return ECBParser{}.Parse(r)
}

// ECBParser reads ECB reference-rate XML as ParseECB does, with its own
// registry of currencies. The zero ECBParser is ParseECB. It is a plain value,
// safe for concurrent use.
type ECBParser struct {
	// Registry resolves the quoted currency codes; nil means the ISO 4217 list.
	Registry *Registry
}

// Parse reads the rates in r; see ParseECB.
func (p ECBParser) Parse(r io.Reader) ([]Rate, error) {
	return p.parse(r, MaxECBSize)
}

// parse is Parse reading at most limit bytes.
func (p ECBParser) parse(r io.Reader, limit int64) ([]Rate, error) {
	st := ecbParser{dec: xml.NewDecoder(&ecbLimitReader{r: r, left: limit}), limit: limit, reg: p.Registry}
	return st.parse()
}

// ecbParser is the state of one parse.
type ecbParser struct {
	dec   *xml.Decoder
	limit int64
	reg   *Registry
	rates []Rate
	days  map[string]bool
}

// fail returns an *ECBError at the decoder's current offset.
func (p *ecbParser) fail(reason string, err error) error {
	return &ECBError{Offset: p.dec.InputOffset(), Reason: reason, Err: err}
}

// token returns the next token that matters: elements and non-blank text.
// Comments, processing instructions and directives are skipped.
func (p *ecbParser) token() (xml.Token, error) {
	for {
		tok, err := p.dec.Token()
		if err != nil {
			if err == io.EOF {
				return nil, err
			}
			if errors.Is(err, errECBTooLarge) {
				return nil, p.fail(fmt.Sprintf("input larger than %d bytes", p.limit), err)
			}
			if errors.Is(err, errECBTagTooLong) {
				return nil, p.fail(fmt.Sprintf("a tag longer than %d bytes", maxECBTagLen), err)
			}
			var syntax *xml.SyntaxError
			if !errors.As(err, &syntax) && !strings.HasPrefix(err.Error(), "xml: ") {
				return nil, fmt.Errorf("currency: ECB rates: reading: %w", err) // the reader's own failure
			}
			return nil, p.fail("malformed XML: "+err.Error(), err)
		}
		switch t := tok.(type) {
		case xml.StartElement, xml.EndElement:
			return tok, nil
		case xml.CharData:
			if len(strings.TrimSpace(string(t))) > 0 {
				return tok, nil
			}
		}
	}
}

func (p *ecbParser) parse() ([]Rate, error) {
	tok, err := p.token()
	if err == io.EOF {
		return nil, p.fail("empty input", nil)
	}
	if err != nil {
		return nil, err
	}
	root, ok := tok.(xml.StartElement)
	if !ok || root.Name.Local != "Envelope" {
		return nil, p.fail("root element is not a gesmes Envelope", nil)
	}
	cubes := 0
	for {
		tok, err := p.token()
		if err == io.EOF {
			return nil, p.fail("unexpected end of input in Envelope", io.ErrUnexpectedEOF)
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.EndElement: // </Envelope>
			if cubes == 0 || len(p.rates) == 0 {
				return nil, p.fail("no rates", nil)
			}
			if err := p.end(); err != nil {
				return nil, err
			}
			return p.rates, nil
		case xml.StartElement:
			if t.Name.Local != "Cube" {
				if err := p.skip(); err != nil { // subject, Sender and the like
					return nil, err
				}
				continue
			}
			if cubes++; cubes > 1 {
				return nil, p.fail("more than one outer Cube", nil)
			}
			if err := p.outerCube(); err != nil {
				return nil, err
			}
		default:
			return nil, p.fail("unexpected text in Envelope", nil)
		}
	}
}

// maxECBSkipDepth bounds how deeply the elements ParseECB skips (subject,
// Sender and the like) may nest. The ECB's own files nest them two deep;
// without a bound, a hostile document of nothing but start tags would make
// the XML decoder hold one stack entry per three bytes of input (hundreds of
// megabytes within MaxECBSize).
const maxECBSkipDepth = 32

// skip skips the element just started, with everything inside it.
func (p *ecbParser) skip() error {
	for depth := 1; depth > 0; {
		if depth > maxECBSkipDepth {
			return p.fail(fmt.Sprintf("elements nested more than %d deep", maxECBSkipDepth), nil)
		}
		tok, err := p.token()
		if err == io.EOF {
			return p.fail("unexpected end of input", io.ErrUnexpectedEOF)
		}
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// end checks that nothing but blanks, comments and processing instructions
// follow the root element.
func (p *ecbParser) end() error {
	_, err := p.token()
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return err
	}
	return p.fail("content after the Envelope", nil)
}

// outerCube reads the dated Cubes inside the outer Cube.
func (p *ecbParser) outerCube() error {
	for {
		tok, err := p.token()
		if err == io.EOF {
			return p.fail("unexpected end of input in Cube", io.ErrUnexpectedEOF)
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			if t.Name.Local != "Cube" {
				return p.fail("unexpected element "+rateQuoteCode(t.Name.Local)+" in Cube", nil)
			}
			if err := p.dayCube(t); err != nil {
				return err
			}
		default:
			return p.fail("unexpected text in Cube", nil)
		}
	}
}

// dayCube reads one <Cube time="YYYY-MM-DD"> and its rates.
func (p *ecbParser) dayCube(start xml.StartElement) error {
	date, ok := ecbAttr(start, "time")
	if !ok {
		return p.fail("Cube without a time attribute", nil)
	}
	day, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return p.fail("bad date "+rateQuoteCode(date), err)
	}
	if p.days == nil {
		p.days = make(map[string]bool)
	}
	if p.days[date] {
		return p.fail("date "+date+" given twice", nil)
	}
	p.days[date] = true
	at := ecbPublication(day)
	first := len(p.rates)
	for {
		tok, err := p.token()
		if err == io.EOF {
			return p.fail("unexpected end of input in Cube "+date, io.ErrUnexpectedEOF)
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if len(p.rates) == first {
				return p.fail("no rates for "+date, nil)
			}
			return nil
		case xml.StartElement:
			if t.Name.Local != "Cube" {
				return p.fail("unexpected element "+rateQuoteCode(t.Name.Local)+" in Cube "+date, nil)
			}
			r, err := p.rateCube(t, date, at)
			if err != nil {
				return err
			}
			for _, prev := range p.rates[first:] {
				if prev.To == r.To {
					return p.fail(r.To+" given twice for "+date, nil)
				}
			}
			p.rates = append(p.rates, r)
		default:
			return p.fail("unexpected text in Cube "+date, nil)
		}
	}
}

// rateCube reads one empty <Cube currency="USD" rate="1.1572"/>.
func (p *ecbParser) rateCube(start xml.StartElement, date string, at time.Time) (Rate, error) {
	code, ok := ecbAttr(start, "currency")
	if !ok {
		return Rate{}, p.fail("Cube in "+date+" without a currency attribute", nil)
	}
	c, err := p.reg.LookupAny(code)
	if err != nil || c.Code() != code {
		if err == nil {
			err = &UnknownCurrencyError{Code: code}
		}
		return Rate{}, p.fail("unknown currency "+rateQuoteCode(code)+" on "+date, err)
	}
	if code == "EUR" {
		return Rate{}, p.fail("rate of EUR against itself on "+date, nil)
	}
	text, ok := ecbAttr(start, "rate")
	if !ok {
		return Rate{}, p.fail(code+" on "+date+" has no rate attribute", nil)
	}
	v, err := parseNumber(text, -1)
	if err != nil {
		return Rate{}, p.fail("bad rate "+rateQuoteCode(text)+" for "+code+" on "+date, err)
	}
	if reason := checkRateValue(v); reason != "" {
		return Rate{}, p.fail("bad rate "+rateQuoteCode(text)+" for "+code+" on "+date+": "+reason, nil)
	}
	// A rate Cube holds nothing; read up to its end tag.
	tok, err := p.token()
	if err != nil {
		if err == io.EOF {
			return Rate{}, p.fail("unexpected end of input in Cube "+date, io.ErrUnexpectedEOF)
		}
		return Rate{}, err
	}
	if _, ok := tok.(xml.EndElement); !ok {
		return Rate{}, p.fail("the "+code+" Cube on "+date+" is not empty", nil)
	}
	return Rate{From: "EUR", To: code, Value: v, Time: at, Source: ECBSource}, nil
}

func ecbAttr(e xml.StartElement, name string) (string, bool) {
	for _, a := range e.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value, true
		}
	}
	return "", false
}

// ecbPublication returns 16:00 Central European (Summer) Time on day, in UTC.
// Summer time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on
// the last Sunday of October (Directive 2000/84/EC, the rule since 1996), so
// at 16:00 local time it is in force on the days from the first Sunday to the
// day before the second.
func ecbPublication(day time.Time) time.Time {
	y, m, d := day.Date()
	date := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	offset := time.Hour
	if !date.Before(ecbLastSunday(y, time.March)) && date.Before(ecbLastSunday(y, time.October)) {
		offset = 2 * time.Hour
	}
	return date.Add(16 * time.Hour).Add(-offset)
}

// ecbLastSunday returns the last Sunday of month (which has 31 days) in year y.
func ecbLastSunday(y int, month time.Month) time.Time {
	last := time.Date(y, month, 31, 0, 0, 0, 0, time.UTC)
	return last.AddDate(0, 0, -int(last.Weekday()))
}

// ecbLimitReader reads at most left bytes from r and then fails with
// errECBTooLarge if r has more. It also fails with errECBTagTooLong at a tag
// (from "<" to the next ">" outside quotes) longer than maxECBTagLen.
type ecbLimitReader struct {
	r    io.Reader
	left int64

	inTag  bool
	quote  byte // the quote character of the attribute value being read, or 0
	tagLen int
}

func (l *ecbLimitReader) Read(b []byte) (int, error) {
	if l.left <= 0 {
		var probe [1]byte
		n, err := l.r.Read(probe[:])
		if n > 0 {
			return 0, errECBTooLarge
		}
		return 0, err
	}
	if int64(len(b)) > l.left {
		b = b[:l.left]
	}
	n, err := l.r.Read(b)
	l.left -= int64(n)
	if !l.scanTags(b[:n]) {
		return 0, errECBTagTooLong
	}
	return n, err
}

// scanTags follows the tags in b and reports false when one grows longer
// than maxECBTagLen.
func (l *ecbLimitReader) scanTags(b []byte) bool {
	for _, c := range b {
		if !l.inTag {
			if c == '<' {
				l.inTag, l.quote, l.tagLen = true, 0, 1
			}
			continue
		}
		if l.tagLen++; l.tagLen > maxECBTagLen {
			return false
		}
		switch {
		case l.quote != 0:
			if c == l.quote {
				l.quote = 0
			}
		case c == '"' || c == '\'':
			l.quote = c
		case c == '>':
			l.inTag = false
		}
	}
	return true
}
