package faq

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"golang.org/x/text/language"
)

//go:embed builtin/articles/*.json
var builtinFS embed.FS

// articleJSON is the JSON form of an Article, as stored in
// builtin/articles/<id>.json:
//
//	{"id": "card-payment-declined", "category": "payments", "tags": ["card"],
//	 "related": ["insufficient-balance"], "status": "published",
//	 "translations": {"en": {"title": "...", "body": "Markdown ...", "questions": ["..."]}}}
type articleJSON struct {
	ID           string                     `json:"id"`
	Category     string                     `json:"category"`
	Tags         []string                   `json:"tags,omitempty"`
	Related      []string                   `json:"related,omitempty"`
	Status       Status                     `json:"status"`
	Translations map[string]translationJSON `json:"translations"`
}

type translationJSON struct {
	Title     string   `json:"title"`
	Body      string   `json:"body"`
	Questions []string `json:"questions"`
}

// maxArticleJSON bounds the size of one encoded article.
const maxArticleJSON = 4 << 20

// DecodeArticle parses one article in the JSON form of the built-in files
// and validates it. Unknown fields, trailing data, unknown language tags and
// duplicate translations (e.g. "zh-hans" and "zh-Hans") are errors.
func DecodeArticle(data []byte) (Article, error) {
	if len(data) > maxArticleJSON {
		return Article{}, fmt.Errorf("%w: %d bytes of JSON, at most %d", ErrInvalidArticle, len(data), maxArticleJSON)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var aj articleJSON
	if err := dec.Decode(&aj); err != nil {
		return Article{}, fmt.Errorf("%w: %w", ErrInvalidArticle, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Article{}, fmt.Errorf("%w: trailing data after the article", ErrInvalidArticle)
	}
	a := Article{ID: aj.ID, Category: aj.Category, Tags: aj.Tags, Related: aj.Related, Status: aj.Status,
		Translations: make(map[language.Tag]Translation, len(aj.Translations))}
	for key, tj := range aj.Translations {
		tag, err := language.Parse(key)
		if err != nil {
			return Article{}, &ArticleError{ID: clip(aj.ID, 64), Field: "translations", Reason: fmt.Sprintf("language %q: %v", clip(key, 32), err)}
		}
		if _, dup := a.Translations[tag]; dup {
			return Article{}, &ArticleError{ID: clip(aj.ID, 64), Field: "translations", Reason: fmt.Sprintf("language %s appears twice", tag)}
		}
		a.Translations[tag] = Translation{Title: tj.Title, Body: tj.Body, Questions: tj.Questions}
	}
	if err := a.Validate(); err != nil {
		return Article{}, err
	}
	if a.Status == "" {
		a.Status = StatusPublished
	}
	return a, nil
}

// EncodeArticle returns the JSON form of a, the inverse of DecodeArticle.
func EncodeArticle(a Article) ([]byte, error) {
	aj := articleJSON{ID: a.ID, Category: a.Category, Tags: a.Tags, Related: a.Related, Status: a.Status,
		Translations: make(map[string]translationJSON, len(a.Translations))}
	for tag, tr := range a.Translations {
		aj.Translations[tag.String()] = translationJSON{Title: tr.Title, Body: tr.Body, Questions: tr.Questions}
	}
	return json.MarshalIndent(aj, "", "  ")
}

// LoadArticles decodes every *.json file of dir in fsys as one article. The
// file name (without .json) must equal the article ID.
func LoadArticles(fsys fs.FS, dir string) ([]Article, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("faq: listing articles: %w", err)
	}
	out := make([]Article, 0, len(names))
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("faq: reading %s: %w", name, err)
		}
		a, err := DecodeArticle(data)
		if err != nil {
			return nil, fmt.Errorf("faq: %s: %w", name, err)
		}
		if want := strings.TrimSuffix(path.Base(name), ".json"); a.ID != want {
			return nil, fmt.Errorf("faq: %s: %w", name, &ArticleError{ID: a.ID, Field: "id", Reason: fmt.Sprintf("file name says %q", want)})
		}
		out = append(out, a)
	}
	return out, nil
}

// BuiltinArticles returns the articles of the built-in knowledge base, which
// is embedded in the binary: more than 30 articles on sign-up and email
// verification, failed and delayed payments, locked accounts, refunds and
// disputes, fees, currency conversion, security, account changes, live chat
// and complaints, each in English and Simplified Chinese. A host can Put them
// into its own KB and add or replace articles.
func BuiltinArticles() ([]Article, error) {
	return LoadArticles(builtinFS, "builtin/articles")
}

// Builtin returns a new KB with the built-in articles and the given options.
func Builtin(opts Options) (*KB, error) {
	arts, err := BuiltinArticles()
	if err != nil {
		return nil, err
	}
	kb := New(opts)
	if err := kb.Put(arts...); err != nil {
		return nil, fmt.Errorf("faq: built-in articles: %w", err)
	}
	return kb, nil
}
