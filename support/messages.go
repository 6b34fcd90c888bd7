package support

import (
	"fmt"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/message/catalog"

	"github.com/paydesk/paydesk/l10n"
)

// Message keys of the notification texts. A host translating them into more
// languages sets these keys in its catalog; the arguments are %[1]s the
// ticket ID, %[2]s the subject, and %[3]s the reply excerpt (MsgReply) or
// the ticket merged into (MsgMerged).
const (
	MsgTitle      = "support.notify.title"
	MsgCreated    = "support.notify.created"
	MsgReply      = "support.notify.reply"
	MsgInProgress = "support.notify.in_progress"
	MsgPending    = "support.notify.pending"
	MsgOnHold     = "support.notify.on_hold"
	MsgSolved     = "support.notify.solved"
	MsgReopened   = "support.notify.reopened"
	MsgClosed     = "support.notify.closed"
	MsgMerged     = "support.notify.merged"
	MsgUpdated    = "support.notify.updated" // a public field changed (category, language, references, a host status, a custom field)
)

// builtinMessages returns the built-in texts.
func builtinMessages() l10n.Table {
	return l10n.Table{
		language.English: {
			MsgTitle:      "Update on your request %[1]s",
			MsgCreated:    "We received your request “%[2]s” (ticket %[1]s). We will reply as soon as we can.",
			MsgReply:      "New reply on your request “%[2]s” (ticket %[1]s): %[3]s",
			MsgInProgress: "We are working on your request “%[2]s” (ticket %[1]s).",
			MsgPending:    "We need more information from you to continue with your request “%[2]s” (ticket %[1]s). Please reply.",
			MsgOnHold:     "Your request “%[2]s” (ticket %[1]s) is waiting on a third party, such as your bank. We will keep you updated.",
			MsgSolved:     "Your request “%[2]s” (ticket %[1]s) has been solved. If you still need help, just reply.",
			MsgReopened:   "Your request “%[2]s” (ticket %[1]s) has been reopened.",
			MsgClosed:     "Your request “%[2]s” (ticket %[1]s) is now closed.",
			MsgMerged:     "Your request “%[2]s” (ticket %[1]s) was merged into ticket %[3]s; we will continue there.",
			MsgUpdated:    "Your request “%[2]s” (ticket %[1]s) was updated.",
		},
		language.SimplifiedChinese: {
			MsgTitle:      "您的请求 %[1]s 有新进展",
			MsgCreated:    "我们已收到您的请求“%[2]s”（工单 %[1]s），会尽快答复您。",
			MsgReply:      "您的请求“%[2]s”（工单 %[1]s）有新回复：%[3]s",
			MsgInProgress: "我们正在处理您的请求“%[2]s”（工单 %[1]s）。",
			MsgPending:    "处理您的请求“%[2]s”（工单 %[1]s）需要您提供更多信息，请回复。",
			MsgOnHold:     "您的请求“%[2]s”（工单 %[1]s）正在等待第三方（例如您的银行）处理，我们会随时告知进展。",
			MsgSolved:     "您的请求“%[2]s”（工单 %[1]s）已解决。如仍需帮助，请直接回复。",
			MsgReopened:   "您的请求“%[2]s”（工单 %[1]s）已重新打开。",
			MsgClosed:     "您的请求“%[2]s”（工单 %[1]s）已关闭。",
			MsgMerged:     "您的请求“%[2]s”（工单 %[1]s）已合并到工单 %[3]s，我们将在那里继续处理。",
			MsgUpdated:    "您的请求“%[2]s”（工单 %[1]s）已更新。",
		},
		language.TraditionalChinese: {
			MsgTitle:      "您的請求 %[1]s 有新進展",
			MsgCreated:    "我們已收到您的請求「%[2]s」（工單 %[1]s），會盡快回覆您。",
			MsgReply:      "您的請求「%[2]s」（工單 %[1]s）有新回覆：%[3]s",
			MsgInProgress: "我們正在處理您的請求「%[2]s」（工單 %[1]s）。",
			MsgPending:    "處理您的請求「%[2]s」（工單 %[1]s）需要您提供更多資訊，請回覆。",
			MsgOnHold:     "您的請求「%[2]s」（工單 %[1]s）正在等待第三方（例如您的銀行）處理，我們會隨時告知進展。",
			MsgSolved:     "您的請求「%[2]s」（工單 %[1]s）已解決。如仍需協助，請直接回覆。",
			MsgReopened:   "您的請求「%[2]s」（工單 %[1]s）已重新開啟。",
			MsgClosed:     "您的請求「%[2]s」（工單 %[1]s）已關閉。",
			MsgMerged:     "您的請求「%[2]s」（工單 %[1]s）已合併到工單 %[3]s，我們將在那裡繼續處理。",
			MsgUpdated:    "您的請求「%[2]s」（工單 %[1]s）已更新。",
		},
	}
}

// DefaultCatalog returns a new catalog builder holding the built-in
// notification texts in English (the fallback), Simplified and Traditional
// Chinese. A host adds languages or rewords messages by setting the Msg keys
// on the builder it got, then passes it to NewMessages; nothing global is
// changed.
func DefaultCatalog() *catalog.Builder { return l10n.MustCatalog(builtinMessages()) }

// Messages renders localized notification texts. It is immutable and safe
// for concurrent use.
type Messages struct{ texts *l10n.Texts }

// NewMessages returns the messages of cat, negotiating among its languages;
// English is the fallback when cat has it, otherwise its first language.
func NewMessages(cat catalog.Catalog) (*Messages, error) {
	t, err := l10n.New(cat)
	if err != nil {
		return nil, fmt.Errorf("support: %w: %w", ErrInvalidInput, err)
	}
	return &Messages{texts: t}, nil
}

// DefaultMessages returns the built-in messages (DefaultCatalog).
func DefaultMessages() *Messages {
	m, err := NewMessages(DefaultCatalog())
	if err != nil {
		panic(err) // unreachable: the built-in catalog has languages
	}
	return m
}

// Languages returns the languages m has texts in, the fallback first.
func (m *Messages) Languages() []language.Tag { return m.texts.Languages() }

// Render returns the localized title and text telling t's customer about
// events (one change on t, in the customer's view), in the language best
// matching t.Language, and false when nothing in events is worth telling:
// only the customer's own replies, custom events, or the kept side of a
// merge (the duplicate's notification tells of it).
func (m *Messages) Render(t *Ticket, events []Event) (title, text string, lang language.Tag, ok bool) {
	key, extra := "", ""
	for _, e := range events {
		if e.Kind == EventMerge && e.Field == "from" {
			// The kept ticket of a merge: the customer hears of the merge,
			// and where it continues, from the duplicate's notification.
			return "", "", language.Und, false
		}
		k, x := messageFor(e)
		if k != "" && (key == "" || rank(k) > rank(key)) {
			key, extra = k, x
		}
	}
	if key == "" {
		return "", "", language.Und, false
	}
	p, lang := m.texts.Printer(t.Language), m.texts.Match(t.Language)
	id, subject := string(t.ID), excerpt(t.Subject, 120)
	return p.Sprintf(MsgTitle, id), p.Sprintf(key, id, subject, extra), lang, true
}

// messageFor returns the message key for one event and its third argument.
func messageFor(e Event) (key, extra string) {
	switch e.Kind {
	case EventCreated:
		return MsgCreated, ""
	case EventReply:
		if e.Actor.Role.IsStaff() {
			return MsgReply, excerpt(e.Body, 280)
		}
	case EventMerge:
		if e.Field == "into" {
			return MsgMerged, string(e.Related)
		}
	case EventFieldChange:
		return MsgUpdated, "" // only public changes reach here
	case EventStatus:
		switch e.To {
		case StatusOpen.String():
			if e.From == StatusSolved.String() {
				return MsgReopened, ""
			}
			return MsgInProgress, ""
		case StatusPending.String():
			return MsgPending, ""
		case StatusOnHold.String():
			return MsgOnHold, ""
		case StatusSolved.String():
			return MsgSolved, ""
		case StatusClosed.String():
			return MsgClosed, ""
		}
	}
	return "", ""
}

// rank orders message keys when one change has several events: a merge
// says the most, then a reply, then the status, then a field change.
func rank(key string) int {
	switch key {
	case MsgMerged:
		return 3
	case MsgReply:
		return 2
	case MsgUpdated:
		return 0
	}
	return 1
}

// excerpt shortens s to at most n runes, marking the cut with "…".
func excerpt(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, count := 0, 0
	for i = range s {
		if count == n {
			break
		}
		count++
	}
	return s[:i] + "…"
}
