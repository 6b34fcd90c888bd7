package l10n

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// ErrNoLanguages is returned by New for a catalog without any language.
var ErrNoLanguages = errors.New("l10n: message catalog has no languages")

// Table holds built-in texts: for each language, message key → format
// (fmt verbs with explicit argument indexes, such as "%[1]d").
type Table map[language.Tag]map[string]string

// Catalog returns a new catalog builder holding the texts of tables. A
// key that a language lacks gets the English text, so that every language
// renders every key. It returns an error naming the language and key of a
// malformed text (the built-in tables are tested); a key set by two tables
// takes the later.
func Catalog(tables ...Table) (*catalog.Builder, error) {
	merged := map[language.Tag]map[string]string{}
	for _, t := range tables {
		for tag, msgs := range t {
			if merged[tag] == nil {
				merged[tag] = map[string]string{}
			}
			for key, msg := range msgs {
				merged[tag][key] = msg
			}
		}
	}
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	en := merged[language.English]
	for _, tag := range sortedTags(merged) {
		msgs := merged[tag]
		for _, key := range sortedKeys(msgs, en) {
			msg, ok := msgs[key]
			if !ok {
				msg = en[key]
			}
			if err := b.SetString(tag, key, msg); err != nil {
				return nil, fmt.Errorf("l10n: %s text %q: %w", tag, key, err)
			}
		}
	}
	return b, nil
}

// sortedKeys returns the keys of a and b, sorted, each once.
func sortedKeys(a, b map[string]string) []string {
	keys := make([]string, 0, len(a)+len(b))
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// MustCatalog is Catalog for built-in tables, which tests prove well
// formed: it panics on an error.
func MustCatalog(tables ...Table) *catalog.Builder {
	b, err := Catalog(tables...)
	if err != nil {
		panic(err)
	}
	return b
}

func sortedTags(t map[language.Tag]map[string]string) []language.Tag {
	tags := make([]language.Tag, 0, len(t))
	for tag := range t {
		tags = append(tags, tag)
	}
	slices.SortFunc(tags, func(a, b language.Tag) int {
		switch as, bs := a.String(), b.String(); {
		case as < bs:
			return -1
		case as > bs:
			return 1
		}
		return 0
	})
	return tags
}

// Texts renders the messages of one catalog in the language that best
// matches a customer's. It is immutable and safe for concurrent use.
type Texts struct {
	tags     []language.Tag
	matcher  language.Matcher
	printers []*message.Printer
	// matched remembers the negotiation of up to maxMatched tags (a
	// language.Matcher allocates on every call); tags beyond are matched
	// each time, so hostile input cannot grow it.
	matched  sync.Map // language.Tag → int
	nMatched atomic.Int32
}

// maxMatched bounds the negotiations a Texts remembers.
const maxMatched = 512

// New returns the Texts of cat, negotiating among its languages with
// English as the fallback when cat has it, otherwise cat's first language.
func New(cat catalog.Catalog) (*Texts, error) {
	if cat == nil {
		return nil, ErrNoLanguages
	}
	tags := slices.Clone(cat.Languages())
	if len(tags) == 0 {
		return nil, ErrNoLanguages
	}
	// The matcher's first tag is its fallback.
	if i := slices.Index(tags, language.English); i > 0 {
		tags[0], tags[i] = tags[i], tags[0]
	}
	t := &Texts{tags: tags, matcher: language.NewMatcher(tags), printers: make([]*message.Printer, len(tags))}
	for i, tag := range tags {
		t.printers[i] = message.NewPrinter(tag, message.Catalog(cat))
	}
	return t, nil
}

// Languages returns the languages t has texts in, the fallback first.
func (t *Texts) Languages() []language.Tag { return slices.Clone(t.tags) }

// Match returns the language of t that serves lang.
func (t *Texts) Match(lang language.Tag) language.Tag { return t.tags[t.index(lang)] }

// Printer returns the printer of the language that serves lang, for
// callers that render several texts at once.
func (t *Texts) Printer(lang language.Tag) *message.Printer { return t.printers[t.index(lang)] }

// index returns the index of the language that serves lang.
func (t *Texts) index(lang language.Tag) int {
	if i, ok := t.matched.Load(lang); ok {
		return i.(int)
	}
	_, i, _ := t.matcher.Match(lang)
	if t.nMatched.Load() < maxMatched {
		if _, loaded := t.matched.LoadOrStore(lang, i); !loaded {
			t.nMatched.Add(1)
		}
	}
	return i
}

// Sprintf renders the text of key in the language that serves lang, with
// args. A key the catalog does not have renders as the key itself.
func (t *Texts) Sprintf(lang language.Tag, key string, args ...any) string {
	return t.Printer(lang).Sprintf(key, args...)
}
