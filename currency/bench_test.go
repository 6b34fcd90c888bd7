package currency_test

import (
	"encoding/json"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/paydesk/paydesk/currency"
)

// Sinks keep the compiler from optimising benchmarked calls away.
var (
	sinkAmount  currency.Amount
	sinkAmounts []currency.Amount
	sinkBytes   []byte
)

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		a, err := currency.ParseAmount("USD 1234.56")
		if err != nil {
			b.Fatal(err)
		}
		sinkAmount = a
	}
}

func BenchmarkParseStrict(b *testing.B) {
	p := currency.Parser{Currency: "EUR", Strict: true}
	b.ReportAllocs()
	for b.Loop() {
		a, err := p.Parse("1234.56")
		if err != nil {
			b.Fatal(err)
		}
		sinkAmount = a
	}
}

func BenchmarkAdd(b *testing.B) {
	x, y := amt(b, "1234.56", "USD"), amt(b, "0.99", "USD")
	b.ReportAllocs()
	for b.Loop() {
		a, err := x.Add(y)
		if err != nil {
			b.Fatal(err)
		}
		sinkAmount = a
	}
}

// BenchmarkAddMixedScale adds amounts written with different numbers of
// decimals, which needs rescaling.
func BenchmarkAddMixedScale(b *testing.B) {
	x, y := amt(b, "1234.56", "USD"), amt(b, "0.5", "USD")
	b.ReportAllocs()
	for b.Loop() {
		a, err := x.Add(y)
		if err != nil {
			b.Fatal(err)
		}
		sinkAmount = a
	}
}

func BenchmarkRound(b *testing.B) {
	x := amt(b, "1234.5650", "USD")
	b.ReportAllocs()
	for b.Loop() {
		sinkAmount = x.Round(currency.HalfEven)
	}
}

func BenchmarkRoundCash(b *testing.B) {
	x := amt(b, "1234.5650", "CHF")
	b.ReportAllocs()
	for b.Loop() {
		sinkAmount = x.RoundCash(currency.HalfUp)
	}
}

func BenchmarkDiv(b *testing.B) {
	x, by := amt(b, "1234.56", "USD"), decimal.NewFromInt(7)
	b.ReportAllocs()
	for b.Loop() {
		a, err := x.Div(by, currency.HalfEven)
		if err != nil {
			b.Fatal(err)
		}
		sinkAmount = a
	}
}

func BenchmarkAllocate(b *testing.B) {
	x := amt(b, "1234.56", "USD")
	ratios := []decimal.Decimal{decimal.NewFromInt(50), decimal.NewFromInt(30), decimal.NewFromInt(20)}
	b.ReportAllocs()
	for b.Loop() {
		parts, err := x.Allocate(ratios...)
		if err != nil {
			b.Fatal(err)
		}
		sinkAmounts = parts
	}
}

func BenchmarkSplit(b *testing.B) {
	x := amt(b, "100.00", "USD")
	b.ReportAllocs()
	for b.Loop() {
		parts, err := x.Split(3)
		if err != nil {
			b.Fatal(err)
		}
		sinkAmounts = parts
	}
}

func BenchmarkMarshalJSON(b *testing.B) {
	x := amt(b, "1234.5", "USD")
	b.ReportAllocs()
	for b.Loop() {
		out, err := x.MarshalJSON()
		if err != nil {
			b.Fatal(err)
		}
		sinkBytes = out
	}
}

// BenchmarkMarshalJSONStruct includes encoding/json's own work (reflection,
// validating and compacting what MarshalJSON returns).
func BenchmarkMarshalJSONStruct(b *testing.B) {
	x := struct {
		Total currency.Amount `json:"total"`
	}{amt(b, "1234.5", "USD")}
	b.ReportAllocs()
	for b.Loop() {
		out, err := json.Marshal(x)
		if err != nil {
			b.Fatal(err)
		}
		sinkBytes = out
	}
}

func BenchmarkUnmarshalJSON(b *testing.B) {
	in := []byte(`{"amount":"1234.50","currency":"USD"}`)
	b.ReportAllocs()
	for b.Loop() {
		var a currency.Amount
		if err := a.UnmarshalJSON(in); err != nil {
			b.Fatal(err)
		}
		sinkAmount = a
	}
}

// BenchmarkDecodeJSONNumber decodes a JSON number amount, which a
// JSONDecoder accepts with AllowNumbers.
func BenchmarkDecodeJSONNumber(b *testing.B) {
	in := []byte(`{"amount":1234.5,"currency":"USD"}`)
	d := currency.JSONDecoder{AllowNumbers: true}
	b.ReportAllocs()
	for b.Loop() {
		a, err := d.Decode(in)
		if err != nil {
			b.Fatal(err)
		}
		sinkAmount = a
	}
}

// BenchmarkUnmarshalJSONEscaped decodes strings with JSON escapes.
func BenchmarkUnmarshalJSONEscaped(b *testing.B) {
	in := []byte(`{"amount":"1234.50","currency":"\u0055SD"}`)
	b.ReportAllocs()
	for b.Loop() {
		var a currency.Amount
		if err := a.UnmarshalJSON(in); err != nil {
			b.Fatal(err)
		}
		sinkAmount = a
	}
}

// BenchmarkDecodeJSONRejected measures refusing an object with an unknown
// member, which takes encoding/json's tokenizer to find and report.
func BenchmarkDecodeJSONRejected(b *testing.B) {
	in := []byte(`{"amount":"1234.50","currency":"USD","memo":"x"}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := (currency.JSONDecoder{}).Decode(in); err == nil {
			b.Fatal("accepted")
		}
	}
}

func BenchmarkString(b *testing.B) {
	x := amt(b, "1234.5", "USD")
	b.ReportAllocs()
	for b.Loop() {
		sinkBytes = []byte(x.String())
	}
}
