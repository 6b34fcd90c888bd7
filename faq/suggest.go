package faq

import (
	"errors"
	"slices"
	"sort"
	"strings"

	"golang.org/x/text/language"
)

// Suggestion is a completion offered while a customer types: an article's
// title or one of its alternate questions. It is a plain value.
type Suggestion struct {
	Text      string // the title or question, as written in the article
	ArticleID string
}

// suggestPhrase is one title or question that can be suggested.
type suggestPhrase struct {
	text    string
	norm    string // normalized: folded, single spaces
	article string
	doc     int32
	isTitle bool
}

// suggester finds phrases by prefix (the whole phrase starts with what was
// typed) and by words (every complete word typed occurs in the phrase and
// the last, possibly partial, word starts one of its words). It is immutable
// and safe for concurrent use.
type suggester struct {
	phrases []suggestPhrase
	byNorm  []int32            // phrase IDs sorted by norm
	words   map[string][]int32 // surface word → phrase IDs (ascending)
	vocab   []string           // sorted surface words, for prefix expansion
}

// maxSuggestPhrases bounds how many questions per article are offered as
// suggestions, so that one article with thousands of examples does not
// crowd out the others.
const maxSuggestPhrases = 32

func buildSuggester(an *analyzer, docs []document) *suggester {
	s := &suggester{words: map[string][]int32{}}
	for d, doc := range docs {
		add := func(text string, title bool) {
			norm := normalizePhrase(text)
			if norm == "" {
				return
			}
			id := int32(len(s.phrases))
			s.phrases = append(s.phrases, suggestPhrase{text: text, norm: norm, article: doc.article.ID, doc: int32(d), isTitle: title})
			for _, t := range an.analyze(text, 0) {
				if t.kind == kindCJKBigram {
					continue
				}
				ids := s.words[t.surface]
				if len(ids) == 0 || ids[len(ids)-1] != id {
					s.words[t.surface] = append(ids, id)
				}
			}
		}
		if doc.tr.Title != "" {
			add(doc.tr.Title, true)
		}
		for i, q := range doc.tr.Questions {
			if i == maxSuggestPhrases {
				break
			}
			add(q, false)
		}
	}
	s.byNorm = make([]int32, len(s.phrases))
	for i := range s.byNorm {
		s.byNorm[i] = int32(i)
	}
	sort.SliceStable(s.byNorm, func(i, j int) bool { return s.phrases[s.byNorm[i]].norm < s.phrases[s.byNorm[j]].norm })
	for w := range s.words {
		s.vocab = append(s.vocab, w)
	}
	sort.Strings(s.vocab)
	return s
}

// normalizePhrase folds text for prefix comparison and collapses spaces.
func normalizePhrase(s string) string {
	return strings.Join(strings.Fields(normalize(s)), " ")
}

// maxPrefixExpansion bounds how many indexed words a partial last word may
// stand for.
const maxPrefixExpansion = 64

// suggest returns up to limit suggestions for what the customer typed so
// far. keep reports whether a document passes the caller's filters.
func (s *suggester) suggest(an *analyzer, typed string, limit int, keep func(doc int32) bool) []Suggestion {
	norm := normalizePhrase(typed)
	if norm == "" || limit <= 0 {
		return nil
	}
	var out []Suggestion
	seen := map[string]struct{}{}
	emit := func(id int32) bool {
		p := &s.phrases[id]
		if !keep(p.doc) {
			return len(out) < limit
		}
		if _, dup := seen[p.norm]; dup {
			return len(out) < limit
		}
		seen[p.norm] = struct{}{}
		out = append(out, Suggestion{Text: p.text, ArticleID: p.article})
		return len(out) < limit
	}
	// 1. Phrases that start with what was typed, titles first, then shorter first.
	lo := sort.Search(len(s.byNorm), func(i int) bool { return s.phrases[s.byNorm[i]].norm >= norm })
	var prefixed []int32
	for i := lo; i < len(s.byNorm) && strings.HasPrefix(s.phrases[s.byNorm[i]].norm, norm); i++ {
		prefixed = append(prefixed, s.byNorm[i])
		if len(prefixed) == 4*limit+64 {
			break
		}
	}
	s.sortByRank(prefixed)
	for _, id := range prefixed {
		if !emit(id) {
			return out
		}
	}
	// 2. Phrases containing every typed word, the last one as a prefix.
	toks := an.analyze(typed, maxQueryTokens)
	var words []string
	for _, t := range toks {
		if t.kind != kindCJKBigram {
			words = append(words, t.surface)
		}
	}
	if len(words) == 0 {
		return out
	}
	partial := !strings.HasSuffix(typed, " ") && toks[len(toks)-1].kind == kindWord
	var cand []int32
	if partial {
		last := words[len(words)-1]
		words = words[:len(words)-1]
		i := sort.SearchStrings(s.vocab, last)
		for n := 0; i < len(s.vocab) && strings.HasPrefix(s.vocab[i], last) && n < maxPrefixExpansion; i, n = i+1, n+1 {
			cand = append(cand, s.words[s.vocab[i]]...)
		}
		slices.Sort(cand)
		cand = slices.Compact(cand)
	}
	for i, w := range words {
		ids := s.words[w]
		if i == 0 && !partial {
			cand = slices.Clone(ids)
			continue
		}
		cand = intersectSorted(cand, ids)
	}
	s.sortByRank(cand)
	for _, id := range cand {
		if !emit(id) {
			break
		}
	}
	return out
}

func (s *suggester) sortByRank(ids []int32) {
	sort.SliceStable(ids, func(i, j int) bool {
		a, b := &s.phrases[ids[i]], &s.phrases[ids[j]]
		if a.isTitle != b.isTitle {
			return a.isTitle
		}
		if len(a.norm) != len(b.norm) {
			return len(a.norm) < len(b.norm)
		}
		return a.norm < b.norm
	})
}

func intersectSorted(a, b []int32) []int32 {
	out := a[:0:0]
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

// SuggestQuery is a request for completions of partly typed text, a plain
// value the KB only reads.
type SuggestQuery struct {
	Text           string         // what the customer typed so far
	Languages      []language.Tag // as in Query
	AcceptLanguage string         // as in Query
	Categories     []string       // as in Query
	Limit          int            // 0 means DefaultLimit; capped at MaxLimit
}

// Suggest returns titles and alternate questions of published articles that
// complete what the customer typed: phrases that start with it first, then
// phrases containing every typed word with the last word taken as a prefix.
// It returns a *QueryError for overlong or invalid input and no suggestions
// for empty input.
func (kb *KB) Suggest(q SuggestQuery) ([]Suggestion, error) {
	if err := checkQuery(q.Text); err != nil {
		if errors.Is(err, ErrEmptyQuery) {
			return nil, nil
		}
		return nil, err
	}
	s := kb.snap.Load()
	var buf [maxPlan]language.Tag
	lang := s.searchPlan(Query{Text: q.Text, Languages: q.Languages, AcceptLanguage: q.AcceptLanguage}, buf[:0])[0]
	ix := s.indexes[lang]
	if ix == nil {
		return nil, nil
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	keep := func(d int32) bool {
		a := ix.docs[d].article
		return a != nil && (len(q.Categories) == 0 || slices.Contains(q.Categories, a.Category))
	}
	return ix.suggest.suggest(ix.an, q.Text, limit, keep), nil
}
