package support_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
)

func TestNotificationsAreLocalized(t *testing.T) {
	tests := []struct {
		lang      language.Tag
		wantLang  language.Tag
		created   string
		reply     string
		solvedMsg string
	}{
		{language.English, language.English, "We received your request", "New reply on your request", "has been solved"},
		{language.Und, language.English, "We received your request", "New reply on your request", "has been solved"},
		{language.MustParse("zh-CN"), language.SimplifiedChinese, "我们已收到您的请求", "有新回复", "已解决"},
		{language.MustParse("zh-Hans-SG"), language.SimplifiedChinese, "我们已收到您的请求", "有新回复", "已解决"},
		{language.MustParse("zh-TW"), language.TraditionalChinese, "我們已收到您的請求", "有新回覆", "已解決"},
		{language.MustParse("zh-HK"), language.TraditionalChinese, "我們已收到您的請求", "有新回覆", "已解決"},
		{language.German, language.English, "We received your request", "New reply on your request", "has been solved"},
	}
	for _, tc := range tests {
		t.Run(tc.lang.String(), func(t *testing.T) {
			f := newFixture(t)
			ctx := context.Background()
			tk := f.open(t, alice, support.OpenRequest{Subject: "Card declined", Language: tc.lang})
			_, err := f.desk.Reply(ctx, agent, tk.ID, support.ReplyRequest{Body: "Please try again now."})
			noErr(t, err)
			_, err = f.desk.AddNote(ctx, agent, tk.ID, "internal, no notification")
			noErr(t, err)
			_, err = f.desk.Solve(ctx, agent, tk.ID)
			noErr(t, err)
			n := f.notes.all()
			eq(t, 3, len(n), "notifications: created, reply, solved")
			for i, want := range []string{tc.created, tc.reply, tc.solvedMsg} {
				if !strings.Contains(n[i].Text, want) || !strings.Contains(n[i].Text, string(tk.ID)) {
					t.Errorf("notification %d = %q, want it to contain %q and the ticket ID", i, n[i].Text, want)
				}
				eq(t, tc.wantLang, n[i].Language, "language")
				eq(t, "alice", n[i].Customer, "customer")
				if n[i].Title == "" {
					t.Error("no title")
				}
				for _, e := range n[i].Events {
					if e.Internal {
						t.Errorf("notification carries internal event %+v", e)
					}
				}
			}
			if !strings.Contains(n[1].Text, "Please try again now.") {
				t.Errorf("reply notification %q lacks the reply", n[1].Text)
			}
		})
	}
}

func TestCustomerIsNotToldOfOwnActions(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tk := f.open(t, alice, support.OpenRequest{})
	_, err := f.desk.Reply(ctx, alice, tk.ID, support.ReplyRequest{Body: "more details"})
	noErr(t, err)
	_, err = f.desk.Solve(ctx, alice, tk.ID)
	noErr(t, err)
	eq(t, 1, len(f.notes.all()), "only the confirmation of the new ticket")
}

func TestFailingNotifierKeepsTheChange(t *testing.T) {
	var logs bytes.Buffer
	f := newFixture(t, func(o *support.Options) {
		o.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	})
	f.notes.fail = errors.New("smtp: connection refused")
	ctx := context.Background()
	tk := f.open(t, alice, support.OpenRequest{})
	ev, err := f.desk.Reply(ctx, agent, tk.ID, support.ReplyRequest{Body: "Fixed"})
	noErr(t, err)
	eq(t, support.EventReply, ev.Kind, "the reply is returned")
	h := f.history(t, tk.ID)
	var failed []support.Event
	for _, e := range h {
		if e.Kind == support.EventNotifyFailed {
			failed = append(failed, e)
		}
	}
	eq(t, 2, len(failed), "failures recorded (open and reply)")
	if !failed[0].Internal || !strings.Contains(failed[1].Body, "connection refused") || failed[1].Field != "reply" {
		t.Fatalf("failure event %+v", failed[1])
	}
	if !strings.Contains(logs.String(), "connection refused") {
		t.Fatalf("failure not logged: %s", logs.String())
	}
	cust, err := f.desk.History(ctx, alice, tk.ID, 0, 0)
	noErr(t, err)
	for _, e := range cust {
		if e.Kind == support.EventNotifyFailed {
			t.Fatal("the customer sees the failure record")
		}
	}
	f.checkReplay(t, tk.ID)
}

func TestCustomCatalog(t *testing.T) {
	b := support.DefaultCatalog()
	noErr(t, b.SetString(language.French, support.MsgCreated, "Nous avons bien reçu votre demande « %[2]s » (%[1]s)."))
	noErr(t, b.SetString(language.French, support.MsgTitle, "Votre demande %[1]s"))
	msgs, err := support.NewMessages(b)
	noErr(t, err)
	f := newFixture(t, func(o *support.Options) { o.Messages = msgs })
	tk := f.open(t, alice, support.OpenRequest{Subject: "Carte refusée", Language: language.MustParse("fr-CA")})
	n := f.notes.all()
	eq(t, 1, len(n), "notifications")
	eq(t, "Nous avons bien reçu votre demande « Carte refusée » ("+string(tk.ID)+").", n[0].Text, "text")
	eq(t, language.French, n[0].Language, "language")
	// The default messages are untouched.
	if strings.Contains(strings.Join(tagsOf(support.DefaultMessages()), ","), "fr") {
		t.Fatal("the default catalog changed")
	}
}

func tagsOf(m *support.Messages) []string {
	var out []string
	for _, t := range m.Languages() {
		out = append(out, t.String())
	}
	return out
}

func TestBuiltinMessagesRender(t *testing.T) {
	m := support.DefaultMessages()
	eq(t, "en,zh-Hans,zh-Hant", strings.Join(tagsOf(m), ","), "languages")
	tk := &support.Ticket{ID: "T-7", Subject: "Refund"}
	events := map[string]support.Event{
		"created":  {Kind: support.EventCreated},
		"reply":    {Kind: support.EventReply, Actor: support.Agent(""), Body: "Done"},
		"open":     {Kind: support.EventStatus, From: "new", To: "open"},
		"reopened": {Kind: support.EventStatus, From: "solved", To: "open"},
		"pending":  {Kind: support.EventStatus, From: "open", To: "pending"},
		"on_hold":  {Kind: support.EventStatus, From: "open", To: "on_hold"},
		"solved":   {Kind: support.EventStatus, From: "open", To: "solved"},
		"closed":   {Kind: support.EventStatus, From: "solved", To: "closed"},
		"merged":   {Kind: support.EventMerge, Field: "into", Related: "T-8"},
		"updated":  {Kind: support.EventFieldChange, Field: "language", From: "en", To: "de"},
	}
	for _, lang := range []language.Tag{language.English, language.SimplifiedChinese} {
		seen := map[string]bool{}
		for name, e := range events {
			tk.Language = lang
			title, text, got, ok := m.Render(tk, []support.Event{e})
			if !ok {
				t.Fatalf("%s %s: nothing rendered", lang, name)
			}
			eq(t, lang, got, "language")
			if strings.Contains(text, "%!") || strings.Contains(title, "%!") || !strings.Contains(text, "T-7") {
				t.Errorf("%s %s: %q / %q", lang, name, title, text)
			}
			if seen[text] {
				t.Errorf("%s %s: text %q used twice", lang, name, text)
			}
			seen[text] = true
		}
	}
	// Customer replies, internal kinds and custom events say nothing.
	for _, e := range []support.Event{
		{Kind: support.EventReply, Actor: support.Customer("c")},
		{Kind: support.EventNote},
		{Kind: support.EventMerge, Field: "from"},
		{Kind: support.EventCustom, Field: "cases.progress"},
	} {
		if _, _, _, ok := m.Render(tk, []support.Event{e}); ok {
			t.Errorf("%v rendered a notification", e.Kind)
		}
	}
}

// TestPublicFieldChangesAreNotified is a regression test: the customer was
// told nothing when the business changed something they can see on their
// ticket (category, references, a public custom field), although the
// Notifier is promised every customer-visible change. Internal changes stay
// silent.
func TestPublicFieldChangesAreNotified(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tk := f.open(t, alice, support.OpenRequest{Category: support.CategoryOther})
	tests := []struct {
		name   string
		update support.FieldUpdate
		told   bool
	}{
		{"category", support.FieldUpdate{Category: support.CategoryRefund}, true},
		{"references", support.FieldUpdate{AddTransactions: []string{"tx_9"}}, true},
		{"public field", support.FieldUpdate{Set: []support.Field{{Name: "order", Value: "A-1"}}}, true},
		{"tags", support.FieldUpdate{AddTags: []string{"vip"}}, false},
		{"internal field", support.FieldUpdate{Set: []support.Field{{Name: "risk", Value: "high", Internal: true}}}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := len(f.notes.all())
			_, err := f.desk.UpdateFields(ctx, agent, tk.ID, tc.update)
			noErr(t, err)
			got := f.notes.all()[before:]
			if !tc.told {
				eq(t, 0, len(got), "notifications")
				return
			}
			eq(t, 1, len(got), "notifications")
			eq(t, "Your request “My card payment failed” (ticket T1) was updated.", got[0].Text, "text")
			for _, e := range got[0].Events {
				if e.Internal {
					t.Fatalf("notification carries internal event %+v", e)
				}
			}
		})
	}
}
