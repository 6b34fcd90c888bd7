package support_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestNotificationTextsGolden renders every built-in notification in every
// built-in language and compares them with testdata/notifications.golden;
// run with -update after changing a text on purpose.
func TestNotificationTextsGolden(t *testing.T) {
	m := support.DefaultMessages()
	tk := &support.Ticket{ID: "tkt_42", Subject: "Transfer to my landlord is late"}
	cases := []struct {
		name string
		e    support.Event
	}{
		{"created", support.Event{Kind: support.EventCreated}},
		{"reply", support.Event{Kind: support.EventReply, Actor: support.Agent("li"), Body: "Your bank confirmed the transfer; it arrives today."}},
		{"in progress", support.Event{Kind: support.EventStatus, From: "new", To: "open"}},
		{"pending", support.Event{Kind: support.EventStatus, From: "open", To: "pending"}},
		{"on hold", support.Event{Kind: support.EventStatus, From: "open", To: "on_hold"}},
		{"solved", support.Event{Kind: support.EventStatus, From: "open", To: "solved"}},
		{"reopened", support.Event{Kind: support.EventStatus, From: "solved", To: "open"}},
		{"closed", support.Event{Kind: support.EventStatus, From: "solved", To: "closed"}},
		{"merged", support.Event{Kind: support.EventMerge, Field: "into", Related: "tkt_7"}},
		{"updated", support.Event{Kind: support.EventFieldChange, Field: "category", From: "other", To: "refund"}},
		{"long reply", support.Event{Kind: support.EventReply, Actor: support.Agent("li"), Body: strings.Repeat("0123456789", 40)}},
	}
	var b strings.Builder
	for _, lang := range m.Languages() {
		tk.Language = lang
		for _, c := range cases {
			title, text, got, ok := m.Render(tk, []support.Event{c.e})
			if !ok {
				t.Fatalf("%s %s: nothing rendered", lang, c.name)
			}
			fmt.Fprintf(&b, "[%s] %s\n  title: %s\n  text:  %s\n", got, c.name, title, text)
		}
	}
	tk.Language = language.MustParse("zh-TW") // no Traditional Chinese: the matcher picks Simplified
	_, text, got, _ := m.Render(tk, []support.Event{{Kind: support.EventCreated}})
	fmt.Fprintf(&b, "[zh-TW -> %s] created\n  text:  %s\n", got, text)

	path := filepath.Join("testdata", "notifications.golden")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestNotificationTextsGolden -update)", err)
	}
	if b.String() != string(want) {
		t.Errorf("notification texts differ from %s (run with -update if intended):\n%s", path, b.String())
	}
}
