package currency_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paydesk/paydesk/currency"
)

const ecbHead = `<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
	<gesmes:subject>Reference rates</gesmes:subject>
	<gesmes:Sender><gesmes:name>European Central Bank</gesmes:name></gesmes:Sender>
	<Cube>`

const ecbTail = `
	</Cube>
</gesmes:Envelope>`

// ecbDoc wraps dated Cubes in the ECB envelope.
func ecbDoc(cubes string) string { return ecbHead + cubes + ecbTail }

func TestParseECBFixture(t *testing.T) {
	f, err := os.Open("testdata/eurofxref-daily.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rates, err := currency.ParseECB(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(rates) != 29 {
		t.Fatalf("%d rates, want the ECB's 29", len(rates))
	}
	seen := map[string]bool{}
	for _, r := range rates {
		if r.From != "EUR" || r.Source != "ECB" || !r.Time.Equal(rateDay) || r.Time.Location() != time.UTC || !r.Value.IsPositive() || len(r.Chain) != 0 {
			t.Errorf("rate %+v", r)
		}
		if _, err := currency.Lookup(r.To); err != nil || seen[r.To] {
			t.Errorf("currency %s unknown or repeated", r.To)
		}
		seen[r.To] = true
	}
	if first, last := rates[0], rates[len(rates)-1]; first.To != "USD" || first.Value.String() != "1.1572" || last.To != "ZAR" || last.Value.String() != "20.0417" {
		t.Errorf("first %s %s, last %s %s: not in document order", first.To, first.Value, last.To, last.Value)
	}
}

func TestParseECBHistory(t *testing.T) {
	doc := ecbDoc(`
		<Cube time="2026-07-15"><Cube currency="USD" rate="1.1655"/><Cube currency="JPY" rate="172.1"/></Cube>
		<!-- older days follow -->
		<Cube time='2026-03-30'><Cube currency='USD' rate='1.0801'/></Cube>
		<Cube time='2026-03-27'>
			<Cube currency='USD' rate='1.0799' extra='ignored'/>
		</Cube>`)
	rates, err := currency.ParseECB(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		to, value string
		at        time.Time
	}{
		{"USD", "1.1655", time.Date(2026, 7, 15, 14, 0, 0, 0, time.UTC)}, // CEST
		{"JPY", "172.1", time.Date(2026, 7, 15, 14, 0, 0, 0, time.UTC)},
		{"USD", "1.0801", time.Date(2026, 3, 30, 14, 0, 0, 0, time.UTC)}, // the Monday after the switch
		{"USD", "1.0799", time.Date(2026, 3, 27, 15, 0, 0, 0, time.UTC)}, // CET
	}
	if len(rates) != len(want) {
		t.Fatalf("%d rates, want %d", len(rates), len(want))
	}
	for i, w := range want {
		r := rates[i]
		if r.To != w.to || r.Value.String() != w.value || !r.Time.Equal(w.at) {
			t.Errorf("rate %d = %s %s %v, want %s %s %v", i, r.To, r.Value, r.Time, w.to, w.value, w.at)
		}
	}

	// A table keeps the newest day's rates.
	var table currency.RateTable
	if err := table.Set(rates...); err != nil {
		t.Fatal(err)
	}
	got := table.Rates()
	if len(got) != 2 || got[1].To != "USD" || got[1].Value.String() != "1.1655" {
		t.Errorf("table after history: %v", got)
	}
}

// TestParseECBPublicationTime checks the computed CET/CEST offset against the
// time-zone database for every day from the euro's first to 2040.
func TestParseECBPublicationTime(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skipf("no time-zone database: %v", err)
	}
	var doc strings.Builder
	doc.WriteString(ecbHead)
	var days []time.Time
	for d := time.Date(1999, 1, 4, 0, 0, 0, 0, time.UTC); d.Year() < 2041; d = d.AddDate(0, 0, 1) {
		fmt.Fprintf(&doc, "<Cube time='%s'><Cube currency='USD' rate='1.1'/></Cube>\n", d.Format(time.DateOnly))
		days = append(days, d)
	}
	doc.WriteString(ecbTail)
	rates, err := currency.ParseECB(strings.NewReader(doc.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(rates) != len(days) {
		t.Fatalf("%d rates for %d days", len(rates), len(days))
	}
	for i, d := range days {
		want := time.Date(d.Year(), d.Month(), d.Day(), 16, 0, 0, 0, berlin)
		if !rates[i].Time.Equal(want) {
			t.Fatalf("%s: Time %v, want %v", d.Format(time.DateOnly), rates[i].Time, want.UTC())
		}
	}
}

func TestParseECBLenient(t *testing.T) {
	docs := map[string]string{
		"no declaration or namespaces": `<Envelope><Cube><Cube time="2026-11-24"><Cube currency="USD" rate="1.1572"></Cube></Cube></Cube></Envelope>`,
		"comments and instructions":    `<?xml version="1.0"?><!-- c --><Envelope><?pi x?><Cube><!-- c --><Cube time="2026-11-24"><!-- c --><Cube currency="USD" rate="1.1572"/></Cube></Cube></Envelope><!-- end -->` + "\n",
		"leading zeros and plus":       ecbDoc(`<Cube time="2026-11-24"><Cube currency="USD" rate="+01.1572"/></Cube>`),
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			rates, err := currency.ParseECB(strings.NewReader(doc))
			if err != nil {
				t.Fatal(err)
			}
			if len(rates) != 1 || rates[0].To != "USD" || rates[0].Value.String() != "1.1572" {
				t.Errorf("rates %v", rates)
			}
		})
	}
}

func TestParseECBErrors(t *testing.T) {
	day := func(cubes string) string { return ecbDoc(`<Cube time='2026-11-24'>` + cubes + `</Cube>`) }
	tests := []struct {
		name    string
		doc     string
		reason  string // a part of the message
		unknown bool   // matches ErrUnknownCurrency too
	}{
		{"empty", "", "empty input", false},
		{"blank", " \n\t", "empty input", false},
		{"not XML", "USD 1.1572", "root element", false},
		{"HTML", "<html><body>Service unavailable</body></html>", "root element", false},
		{"malformed", "<Envelope><Cube></Envelope>", "malformed XML", false},
		{"truncated", ecbHead + `<Cube time='2026-11-24'><Cube currency='USD' rate='1.1572'/>`, "", false},
		{"truncated root", `<Envelope>`, "malformed XML", false},
		{"no cubes", `<Envelope><subject>x</subject></Envelope>`, "no rates", false},
		{"no days", ecbDoc(``), "no rates", false},
		{"day without time", ecbDoc(`<Cube><Cube currency='USD' rate='1'/></Cube>`), "without a time", false},
		{"bad month", ecbDoc(`<Cube time='2026-13-01'><Cube currency='USD' rate='1'/></Cube>`), "bad date", false},
		{"German date", ecbDoc(`<Cube time='24.11.2026'><Cube currency='USD' rate='1'/></Cube>`), "bad date", false},
		{"date and time", ecbDoc(`<Cube time='2026-11-24T16:00:00'><Cube currency='USD' rate='1'/></Cube>`), "bad date", false},
		{"empty date", ecbDoc(`<Cube time=''><Cube currency='USD' rate='1'/></Cube>`), "bad date", false},
		{"date twice", ecbDoc(`<Cube time='2026-11-24'><Cube currency='USD' rate='1'/></Cube><Cube time='2026-11-24'><Cube currency='JPY' rate='1'/></Cube>`), "given twice", false},
		{"day without rates", day(``), "no rates for 2026-11-24", false},
		{"unknown currency", day(`<Cube currency='XYZ' rate='1'/>`), "unknown currency", true},
		{"lower-case currency", day(`<Cube currency='usd' rate='1'/>`), "unknown currency", true},
		{"no currency", day(`<Cube rate='1'/>`), "without a currency", false},
		{"EUR against itself", day(`<Cube currency='EUR' rate='1'/>`), "EUR against itself", false},
		{"currency twice", day(`<Cube currency='USD' rate='1.1'/><Cube currency='USD' rate='1.2'/>`), "USD given twice", false},
		{"no rate", day(`<Cube currency='USD'/>`), "no rate attribute", false},
		{"rate not a number", day(`<Cube currency='USD' rate='abc'/>`), "bad rate", false},
		{"rate with exponent", day(`<Cube currency='USD' rate='1.1e0'/>`), "bad rate", false},
		{"rate with comma", day(`<Cube currency='USD' rate='1,1572'/>`), "bad rate", false},
		{"rate NaN", day(`<Cube currency='USD' rate='NaN'/>`), "bad rate", false},
		{"rate empty", day(`<Cube currency='USD' rate=''/>`), "bad rate", false},
		{"rate zero", day(`<Cube currency='USD' rate='0.0000'/>`), "not positive", false},
		{"rate negative", day(`<Cube currency='USD' rate='-1.1572'/>`), "not positive", false},
		{"rate huge", day(`<Cube currency='USD' rate='1` + strings.Repeat("0", 40) + `'/>`), "bad rate", false},
		{"rate with spaces", day(`<Cube currency='USD' rate=' 1.1572'/>`), "bad rate", false},
		{"rate Cube not empty", day(`<Cube currency='USD' rate='1'><Cube currency='JPY' rate='1'/></Cube>`), "not empty", false},
		{"text in a day", day(`1.1572`), "unexpected text", false},
		{"other element in a day", day(`<Rate currency='USD' rate='1'/>`), "unexpected element", false},
		{"other element in Cube", ecbDoc(`<Day time='2026-11-24'/>`), "unexpected element", false},
		{"two outer Cubes", `<Envelope><Cube><Cube time='2026-11-24'><Cube currency='USD' rate='1'/></Cube></Cube><Cube/></Envelope>`, "more than one", false},
		{"second root", ecbDoc(`<Cube time='2026-11-24'><Cube currency='USD' rate='1'/></Cube>`) + `<Envelope/>`, "after the Envelope", false},
		{"text in Envelope", `<Envelope>rates</Envelope>`, "unexpected text", false},
		{"long tag", ecbDoc(`<Cube time='2026-11-24'><Cube currency='USD' rate='1'` + strings.Repeat(` a="1"`, 700) + `/></Cube>`), "tag longer than 4096 bytes", false},
		{"long tag with quoted >", `<Envelope><subject a='` + strings.Repeat(">", 5000) + `'/></Envelope>`, "tag longer than 4096 bytes", false},
		{"deeply nested extra element", `<Envelope>` + strings.Repeat("<a>", 40) + strings.Repeat("</a>", 40) +
			`<Cube><Cube time='2026-11-24'><Cube currency='USD' rate='1'/></Cube></Cube></Envelope>`, "nested more than 32 deep", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rates, err := currency.ParseECB(strings.NewReader(tt.doc))
			if err == nil {
				t.Fatalf("ParseECB = %v, want an error", rates)
			}
			if rates != nil {
				t.Errorf("rates returned with an error: %v", rates)
			}
			var ee *currency.ECBError
			if !errors.As(err, &ee) || !errors.Is(err, currency.ErrInvalidRate) {
				t.Fatalf("error %v (%T) is not an *ECBError matching ErrInvalidRate", err, err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "currency: ECB rates: at byte ") || !strings.Contains(msg, tt.reason) {
				t.Errorf("message %q, want it to mention %q", msg, tt.reason)
			}
			if got := errors.Is(err, currency.ErrUnknownCurrency); got != tt.unknown {
				t.Errorf("errors.Is(err, ErrUnknownCurrency) = %v, want %v", got, tt.unknown)
			}
		})
	}
}

// ecbEndless is a reader that never ends: a valid start, then comment text.
type ecbEndless struct{ head io.Reader }

func (e *ecbEndless) Read(b []byte) (int, error) {
	if n, err := e.head.Read(b); n > 0 || err != io.EOF {
		return n, err
	}
	for i := range b {
		b[i] = 'x'
	}
	return len(b), nil
}

func TestParseECBSizeLimit(t *testing.T) {
	doc := ecbDoc(`<Cube time='2026-11-24'><Cube currency='USD' rate='1'/></Cube>`)
	limit := int64(len(doc) + 100)
	pad := strings.Repeat(" ", 100)
	if _, err := currency.ParseECBLimit(strings.NewReader(doc+pad), limit); err != nil {
		t.Errorf("a document of exactly the limit: %v", err)
	}
	_, err := currency.ParseECBLimit(strings.NewReader(doc+pad+" "), limit)
	var ee *currency.ECBError
	if !errors.As(err, &ee) || !strings.Contains(err.Error(), fmt.Sprintf("input larger than %d bytes", limit)) {
		t.Errorf("a document one byte over the limit: %v", err)
	}
	_, err = currency.ParseECBLimit(&ecbEndless{head: strings.NewReader(ecbHead + "<!--")}, 4096)
	if !errors.As(err, &ee) || ee.Offset > 4096 {
		t.Fatalf("ecbEndless input: %v", err)
	}
}

// TestParseECBDeepNestingMemory checks that a document of nothing but start
// tags is refused early: the XML decoder keeps a stack entry per open
// element, so reading it to the end would take about 60 bytes of memory per
// byte of input.
func TestParseECBDeepNestingMemory(t *testing.T) {
	doc := `<Envelope><subject>` + strings.Repeat("<a>", 1<<20)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := currency.ParseECB(strings.NewReader(doc))
	runtime.ReadMemStats(&after)
	var ee *currency.ECBError
	if !errors.As(err, &ee) || !strings.Contains(err.Error(), "nested") {
		t.Fatalf("ParseECB of deeply nested elements: %v", err)
	}
	if ee.Offset > 4096 {
		t.Errorf("refused at byte %d, want within the first 4096", ee.Offset)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("ParseECB allocated %d MiB for a %d KiB document", alloc>>20, len(doc)>>10)
	}
}

// TestParseECBManyAttributesMemory checks that one tag with a million
// attributes is refused early: the XML decoder holds all of a tag's
// attributes at once, about 50 bytes of memory per byte of input.
func TestParseECBManyAttributesMemory(t *testing.T) {
	doc := `<Envelope><subject` + strings.Repeat(` a=""`, 1<<20) + `/></Envelope>`
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := currency.ParseECB(strings.NewReader(doc))
	runtime.ReadMemStats(&after)
	if !errors.Is(err, currency.ErrInvalidRate) || !strings.Contains(err.Error(), "tag longer") {
		t.Fatalf("ParseECB of a tag with a million attributes: %v", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("ParseECB allocated %d MiB for a %d KiB document", alloc>>20, len(doc)>>10)
	}
}

// TestParseECBTagLimitKeepsValidDocuments checks that the tag limit counts
// only markup: long text and a long tag just under the limit are accepted.
func TestParseECBTagLimitKeepsValidDocuments(t *testing.T) {
	doc := `<Envelope><subject>` + strings.Repeat("rates > 1 'quoted' ", 1000) + `</subject>` +
		`<Sender name='` + strings.Repeat("x", 4000) + `'/>` +
		`<Cube><Cube time='2026-11-24'><Cube currency='USD' rate='1.1572'/></Cube></Cube></Envelope>`
	rates, err := currency.ParseECB(strings.NewReader(doc))
	if err != nil || len(rates) != 1 {
		t.Fatalf("ParseECB = %v, %v", rates, err)
	}
}

// ecbFailingReader fails after its content.
type ecbFailingReader struct{ r io.Reader }

func (f ecbFailingReader) Read(b []byte) (int, error) {
	n, err := f.r.Read(b)
	if err == io.EOF {
		return n, errors.New("connection reset")
	}
	return n, err
}

func TestParseECBReadError(t *testing.T) {
	_, err := currency.ParseECB(ecbFailingReader{strings.NewReader(ecbHead)})
	if err == nil || !strings.Contains(err.Error(), "connection reset") {
		t.Fatalf("ParseECB with a failing reader: %v", err)
	}
}

// writeECB renders rates (EUR→X, grouped by consecutive equal times) as ECB
// XML, for the fuzz target's round trip.
func writeECB(rates []currency.Rate) string {
	var b bytes.Buffer
	b.WriteString(ecbHead)
	for i, r := range rates {
		if i == 0 || !r.Time.Equal(rates[i-1].Time) {
			if i > 0 {
				b.WriteString("</Cube>")
			}
			// 16:00 in Frankfurt is 14:00 or 15:00 UTC, always the same date.
			fmt.Fprintf(&b, "<Cube time='%s'>", r.Time.Format(time.DateOnly))
		}
		fmt.Fprintf(&b, "<Cube currency='%s' rate='%s'/>", r.To, r.Value.String())
	}
	if len(rates) > 0 {
		b.WriteString("</Cube>")
	}
	b.WriteString(ecbTail)
	return b.String()
}

func FuzzParseECB(f *testing.F) {
	fixture, err := os.ReadFile("testdata/eurofxref-daily.xml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(fixture)
	f.Add([]byte(ecbDoc(`<Cube time='2026-03-29'><Cube currency='USD' rate='1.08'/><Cube currency='JPY' rate='160.5'/></Cube><Cube time='2026-03-27'><Cube currency='USD' rate='1.0799'/></Cube>`)))
	f.Add([]byte(`<Envelope><Cube><Cube time="2026-11-24"><Cube currency="KWD" rate="0.35"/></Cube></Cube></Envelope>`))
	f.Add([]byte(ecbDoc(`<Cube time='2026-11-24'><Cube currency='USD' rate='-1'/></Cube>`)))
	f.Add([]byte(`<Envelope><Cube><Cube time="2026-02-30">`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rates, err := currency.ParseECB(bytes.NewReader(data))
		if err != nil {
			if rates != nil || !errors.Is(err, currency.ErrInvalidRate) || !strings.HasPrefix(err.Error(), "currency: ECB rates: ") {
				t.Fatalf("error %v with rates %v", err, rates)
			}
			return
		}
		if len(rates) == 0 {
			t.Fatal("no rates and no error")
		}
		for _, r := range rates {
			if r.From != "EUR" || r.To == "EUR" || r.Source != "ECB" || r.Time.IsZero() || !r.Value.IsPositive() {
				t.Fatalf("invalid rate %+v", r)
			}
			if h := r.Time.Hour(); r.Time.Location() != time.UTC || (h != 14 && h != 15) {
				t.Fatalf("rate time %v is not 16:00 in Frankfurt", r.Time)
			}
		}
		var table currency.RateTable
		if err := table.Set(rates...); err != nil {
			t.Fatalf("Set refused parsed rates: %v", err)
		}
		// Writing the rates back and parsing them again gives the same rates.
		again, err := currency.ParseECB(strings.NewReader(writeECB(rates)))
		if err != nil {
			t.Fatalf("re-parse: %v", err)
		}
		if len(again) != len(rates) {
			t.Fatalf("re-parse gave %d rates, want %d", len(again), len(rates))
		}
		for i := range rates {
			a, b := rates[i], again[i]
			if a.To != b.To || !a.Value.Equal(b.Value) || !a.Time.Equal(b.Time) {
				t.Fatalf("re-parse rate %d: %+v, want %+v", i, b, a)
			}
		}
	})
}

func TestECBParserRegistry(t *testing.T) {
	// A registry's own definitions resolve the quoted codes.
	doc := ecbDoc(`<Cube time='2022-12-30'><Cube currency='USD' rate='1.0666'/><Cube currency='HRK' rate='7.5365'/></Cube>`)
	reg, err := currency.NewRegistry(currency.Definition{Code: "HRK", Name: "Croatian Kuna", Digits: 2})
	if err != nil {
		t.Fatal(err)
	}
	rates, err := currency.ECBParser{Registry: reg}.Parse(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if got := ratePairs(rates); !slices.Equal(got, []string{"EUR/USD", "EUR/HRK"}) {
		t.Fatalf("rates %v", got)
	}
	table, err := currency.NewRateTable(currency.WithRegistry(reg))
	if err != nil {
		t.Fatal(err)
	}
	if err := table.Set(rates...); err != nil {
		t.Fatal(err)
	}
}

// TestParseECBHistoricalDaily reads a 2022 daily file, which quotes HRK (and
// BGN), with the default registry: retired codes are rate codes, so the
// rates load and convert, while new HRK amounts stay refused.
func TestParseECBHistoricalDaily(t *testing.T) {
	f, err := os.Open("testdata/eurofxref-daily-2022-12-30.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rates, err := currency.ParseECB(f)
	if err != nil {
		t.Fatalf("ParseECB(2022 daily with HRK): %v", err)
	}
	if len(rates) != 31 {
		t.Fatalf("%d rates, want 31", len(rates))
	}
	var hrk currency.Rate
	for _, r := range rates {
		if r.To == "HRK" {
			hrk = r
		}
	}
	if hrk.Value.String() != "7.5365" || hrk.Time.Format("2006-01-02") != "2022-12-30" {
		t.Fatalf("EUR/HRK = %v", hrk)
	}
	table, err := currency.NewRateTable(currency.WithPivots("EUR"))
	if err != nil {
		t.Fatal(err)
	}
	if err := table.Set(rates...); err != nil {
		t.Fatal(err)
	}
	cross, err := table.Rate(context.Background(), "HRK", "USD")
	if err != nil || len(cross.Chain) != 2 {
		t.Fatalf("HRK/USD = %v, %v", cross, err)
	}
	// A past HRK payment converts for a dispute once the host allows HRK
	// amounts; the default registry refuses new HRK amounts.
	if _, err := currency.NewAmount("100.00", "HRK"); !errors.Is(err, currency.ErrRetiredCurrency) {
		t.Fatalf("NewAmount in HRK: %v, want ErrRetiredCurrency", err)
	}
	reg, err := (*currency.Registry)(nil).AllowRetired("HRK")
	if err != nil {
		t.Fatal(err)
	}
	paid, err := currency.Parser{Registry: reg}.Parse("HRK 753.65")
	if err != nil {
		t.Fatal(err)
	}
	conv := currency.Converter{Rates: table, MaxAge: -1, Mode: currency.HalfEven, Registry: reg}
	c, err := conv.Convert(context.Background(), paid, "EUR")
	if err != nil || c.Result.String() != "100.00 EUR" {
		t.Fatalf("753.65 HRK → EUR = %v, %v", c.Result, err)
	}
	if _, err := (currency.Converter{Rates: table, MaxAge: -1}).Convert(context.Background(), c.Result, "HRK"); !errors.Is(err, currency.ErrRetiredCurrency) {
		t.Fatalf("EUR → HRK without AllowRetired: %v, want ErrRetiredCurrency", err)
	}
}
