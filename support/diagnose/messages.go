package diagnose

import (
	"fmt"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"

	"github.com/paydesk/paydesk/l10n"
)

// Message keys besides the per-cause keys (see Cause). A host rewording
// texts, or adding a language, sets keys on the builder from
// DefaultCatalog and passes it to NewMessages.
const (
	// MsgTimeLayout is a Go time layout for the times in texts (%[2]s and
	// %[3]s), such as "Mon 2 Jan 2006 15:04 MST".
	MsgTimeLayout = "diagnose.time.layout"
	// Waits, for %[4]s: %[1]d is the number.
	MsgWaitMinutes = "diagnose.wait.minutes"
	MsgWaitHour    = "diagnose.wait.hour"
	MsgWaitHours   = "diagnose.wait.hours"
	MsgWaitDay     = "diagnose.wait.day"
	MsgWaitDays    = "diagnose.wait.days"
)

// causeTexts are the three texts of a cause; an empty one is not set
// (sensitive causes have only an agent text).
type causeTexts struct{ customer, next, agent string }

func addCauses(m map[string]string, cs map[Cause]causeTexts) map[string]string {
	for c, t := range cs {
		if t.customer != "" {
			m[c.CustomerKey()] = t.customer
		}
		if t.next != "" {
			m[c.NextKey()] = t.next
		}
		if t.agent != "" {
			m[c.AgentKey()] = t.agent
		}
	}
	return m
}

// builtinMessages returns the built-in texts.
func builtinMessages() l10n.Table {
	return l10n.Table{
		language.English:            englishTexts(),
		language.SimplifiedChinese:  simplifiedTexts(),
		language.TraditionalChinese: traditionalTexts(),
	}
}

// DefaultCatalog returns a new catalog builder with the built-in texts in
// English (the fallback), Simplified and Traditional Chinese. Nothing
// global is changed: each call builds a new one.
func DefaultCatalog() *catalog.Builder { return l10n.MustCatalog(builtinMessages(), signupTexts()) }

// Messages renders Findings in the language best matching a viewer's. It
// is immutable and safe for concurrent use.
type Messages struct{ texts *l10n.Texts }

// NewMessages returns the messages of cat, negotiating among its languages
// with English as the fallback when cat has it. A catalog without
// languages is refused with an error matching l10n.ErrNoLanguages.
func NewMessages(cat catalog.Catalog) (*Messages, error) {
	t, err := l10n.New(cat)
	if err != nil {
		return nil, fmt.Errorf("diagnose: %w", err)
	}
	return &Messages{texts: t}, nil
}

// DefaultMessages returns the built-in messages.
func DefaultMessages() *Messages {
	m, err := NewMessages(DefaultCatalog())
	if err != nil {
		panic(err) // unreachable: the built-in catalog has languages
	}
	return m
}

// Language returns the language of m that serves lang.
func (m *Messages) Language(lang language.Tag) language.Tag { return m.texts.Match(lang) }

// Explain puts f into words in the language of m that best serves lang.
func (m *Messages) Explain(f Finding, lang language.Tag) Explanation {
	p := m.texts.Printer(lang)
	args := m.args(p, f)
	e := Explanation{
		Language:          m.texts.Match(lang),
		Code:              f.Code,
		Cause:             f.Cause,
		Text:              p.Sprintf(f.Text, args...),
		NextStep:          p.Sprintf(f.Next, args...),
		Retry:             f.Retry,
		NeedsVerification: f.NeedsVerification,
		NeedsAgent:        f.NeedsAgent,
	}
	if k := f.Retry.key(); k != "" {
		e.RetryText = p.Sprintf(k, args...)
	}
	if f.Article != "" {
		e.Articles = append(e.Articles, f.Article)
	}
	if f.SeeAlso != "" && f.SeeAlso != f.Article {
		e.Articles = append(e.Articles, f.SeeAlso)
	}
	return e
}

// text renders one key with f's arguments.
func (m *Messages) text(lang language.Tag, key string, f Finding) string {
	p := m.texts.Printer(lang)
	return p.Sprintf(key, m.args(p, f)...)
}

// args are the arguments every text gets (see Finding).
func (m *Messages) args(p *message.Printer, f Finding) []any {
	layout := p.Sprintf(MsgTimeLayout)
	at := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(layout)
	}
	return []any{f.Code, at(f.Expected), at(f.Worry), wait(p, f.Wait), f.Reference}
}

// wait renders a duration for people: minutes under two hours, hours
// under two days, then days, rounded up.
func wait(p *message.Printer, d time.Duration) string {
	switch {
	case d <= 0:
		return ""
	case d < 2*time.Hour && d != time.Hour:
		return p.Sprintf(MsgWaitMinutes, int((d+time.Minute-1)/time.Minute))
	case d == time.Hour:
		return p.Sprintf(MsgWaitHour)
	case d < 48*time.Hour && d != 24*time.Hour:
		return p.Sprintf(MsgWaitHours, int((d+time.Hour-1)/time.Hour))
	case d == 24*time.Hour:
		return p.Sprintf(MsgWaitDay)
	}
	return p.Sprintf(MsgWaitDays, int((d+24*time.Hour-1)/(24*time.Hour)))
}
