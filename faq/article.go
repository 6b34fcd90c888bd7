package faq

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// Status is the publication state of an article. It is a plain string value,
// safe for concurrent use. Only published articles
// are searched and suggested; drafts and archived articles can still be read
// by ID. The empty Status means StatusPublished: Validate accepts it and
// KB.Put and DecodeArticle store the article as published.
type Status string

// The publication states.
const (
	StatusDraft     Status = "draft"
	StatusPublished Status = "published"
	StatusArchived  Status = "archived"
)

// Valid reports whether s is one of the defined states (the empty Status,
// which Put reads as StatusPublished, is not one of them).
func (s Status) Valid() bool {
	switch s {
	case StatusDraft, StatusPublished, StatusArchived:
		return true
	}
	return false
}

// Limits on article content, checked by Article.Validate.
const (
	MaxIDBytes        = 128
	MaxTitleBytes     = 512
	MaxBodyBytes      = 64 << 10
	MaxQuestionBytes  = 1024
	MaxQuestions      = 10000 // per translation
	MaxTagBytes       = 128
	MaxTags           = 64
	MaxRelated        = 64
	MaxTranslations   = 64
	maxCategoryBytes  = 128
	minContentPerLang = 1 // a title or at least one question
)

// Translation is an article's content in one language. It is a plain value:
// safe to read concurrently, not to modify while others read it.
type Translation struct {
	// Title is the article's heading. It may be empty only when Questions is
	// not (an entry defined by example questions alone).
	Title string
	// Body is the answer, in Markdown.
	Body string
	// Questions are alternate questions: the ways customers actually ask for
	// this article. Search learns from them.
	Questions []string
}

// Article is one knowledge-base entry with its translations. An Article is a
// plain value with maps and slices: safe to read concurrently, not to modify
// while others read it. The KB keeps its own deep copy, so changing an
// Article after Put does not affect the KB, and the KB hands out copies.
type Article struct {
	ID           string   // unique; letters, digits, '-', '_' and '.'
	Category     string   // e.g. "payments"; used by search filters
	Tags         []string // keywords, searched in every language with the title's weight
	Related      []string // IDs of related articles
	Status       Status   // "" means StatusPublished
	Translations map[language.Tag]Translation
}

// Clone returns a deep copy of a.
func (a Article) Clone() Article {
	c := a
	c.Tags = slices.Clone(a.Tags)
	c.Related = slices.Clone(a.Related)
	if a.Translations != nil {
		c.Translations = make(map[language.Tag]Translation, len(a.Translations))
		for tag, tr := range a.Translations {
			tr.Questions = slices.Clone(tr.Questions)
			c.Translations[tag] = tr
		}
	}
	return c
}

// Languages returns the languages of a's translations, sorted by their
// BCP 47 string.
func (a Article) Languages() []language.Tag {
	tags := slices.Collect(maps.Keys(a.Translations))
	slices.SortFunc(tags, func(x, y language.Tag) int { return strings.Compare(x.String(), y.String()) })
	return tags
}

// Validate checks a on its own: ID syntax, status, sizes, valid UTF-8 and at
// least one translation with a title or a question. It does not check that
// Related IDs exist; KB.Put does that against the whole knowledge base. The
// error is an *ArticleError.
func (a Article) Validate() error {
	bad := func(field, format string, args ...any) error {
		return &ArticleError{ID: clip(a.ID, 64), Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	if err := validID(a.ID); err != "" {
		return bad("id", "%s", err)
	}
	if a.Status != "" && !a.Status.Valid() {
		return bad("status", "%q is not draft, published or archived", clip(string(a.Status), 32))
	}
	if err := validText(a.Category, maxCategoryBytes); err != "" {
		return bad("category", "%s", err)
	}
	if len(a.Tags) > MaxTags {
		return bad("tags", "%d tags, at most %d", len(a.Tags), MaxTags)
	}
	for i, t := range a.Tags {
		if err := validText(t, MaxTagBytes); err != "" || strings.TrimSpace(t) == "" {
			if err == "" {
				err = "empty"
			}
			return bad(fmt.Sprintf("tags[%d]", i), "%s", err)
		}
	}
	if len(a.Related) > MaxRelated {
		return bad("related", "%d related articles, at most %d", len(a.Related), MaxRelated)
	}
	for i, r := range a.Related {
		if err := validID(r); err != "" {
			return bad(fmt.Sprintf("related[%d]", i), "%s", err)
		}
		if r == a.ID {
			return bad(fmt.Sprintf("related[%d]", i), "an article cannot be related to itself")
		}
	}
	if len(a.Translations) == 0 {
		return bad("translations", "no translation")
	}
	if len(a.Translations) > MaxTranslations {
		return bad("translations", "%d translations, at most %d", len(a.Translations), MaxTranslations)
	}
	for _, tag := range a.Languages() {
		tr := a.Translations[tag]
		f := "translations[" + tag.String() + "]"
		if tag == language.Und {
			return bad(f, "undetermined language")
		}
		if err := validText(tr.Title, MaxTitleBytes); err != "" {
			return bad(f+".title", "%s", err)
		}
		if err := validText(tr.Body, MaxBodyBytes); err != "" {
			return bad(f+".body", "%s", err)
		}
		if len(tr.Questions) > MaxQuestions {
			return bad(f+".questions", "%d questions, at most %d", len(tr.Questions), MaxQuestions)
		}
		for i, q := range tr.Questions {
			if err := validText(q, MaxQuestionBytes); err != "" {
				return bad(fmt.Sprintf("%s.questions[%d]", f, i), "%s", err)
			}
			if strings.TrimSpace(q) == "" {
				return bad(fmt.Sprintf("%s.questions[%d]", f, i), "empty")
			}
		}
		if strings.TrimSpace(tr.Title) == "" && len(tr.Questions) < minContentPerLang {
			return bad(f, "needs a title or at least one question")
		}
	}
	return nil
}

func validID(id string) string {
	if id == "" {
		return "empty"
	}
	if len(id) > MaxIDBytes {
		return fmt.Sprintf("%d bytes, at most %d", len(id), MaxIDBytes)
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_', c == '.':
		default:
			return fmt.Sprintf("byte %q at %d is not a letter, digit, '-', '_' or '.'", c, i)
		}
	}
	return ""
}

func validText(s string, max int) string {
	if len(s) > max {
		return fmt.Sprintf("%d bytes, at most %d", len(s), max)
	}
	if !utf8.ValidString(s) {
		return "not valid UTF-8"
	}
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' && r != '\r' || r == 0x7f {
			return fmt.Sprintf("control character %U", r)
		}
	}
	return ""
}
