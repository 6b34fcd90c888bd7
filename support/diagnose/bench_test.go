package diagnose_test

import (
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/fees"
	"github.com/paydesk/paydesk/support/diagnose"
)

var sinkFinding diagnose.Finding

func BenchmarkDeclineLookup(b *testing.B) {
	table := diagnose.DefaultDeclines()
	b.ReportAllocs()
	for b.Loop() {
		d, _ := table.Lookup("insufficient_funds")
		sinkFinding = d.ForCustomer()
	}
}

func BenchmarkDeclineLookupNormalized(b *testing.B) {
	table := diagnose.DefaultDeclines()
	b.ReportAllocs()
	for b.Loop() {
		d, _ := table.Lookup("card_declined: Insufficient-Funds")
		sinkFinding = d.ForAgent()
	}
}

func BenchmarkDeclineLookupUnknown(b *testing.B) {
	table := diagnose.DefaultDeclines()
	b.ReportAllocs()
	for b.Loop() {
		d, _ := table.Lookup("acme_processor_code_17")
		sinkFinding = d.ForCustomer()
	}
}

func BenchmarkExplain(b *testing.B) {
	table := diagnose.DefaultDeclines()
	msgs := diagnose.DefaultMessages()
	d, _ := table.Lookup("card_velocity_exceeded")
	f := d.ForCustomer()
	b.ReportAllocs()
	for b.Loop() {
		_ = msgs.Explain(f, language.SimplifiedChinese)
	}
}

func BenchmarkDelayCheck(b *testing.B) {
	delays := diagnose.DefaultDelays()
	sent := time.Date(2026, 3, 6, 18, 0, 0, 0, time.UTC)
	now := sent.Add(90 * time.Hour)
	p := diagnose.Payment{Method: fees.BankTransfer, From: "FR", To: "DE", Sent: sent}
	b.ReportAllocs()
	for b.Loop() {
		d, _ := delays.Check(p, now)
		sinkFinding = d.ForCustomer()
	}
}
