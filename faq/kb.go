package faq

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/text/language"
)

// Options configure a KB. The zero value is usable: English default
// language, the built-in synonym groups, no vote prior, slog.Default. New
// copies what it needs; Options are not used concurrently by the KB.
type Options struct {
	// DefaultLanguage is served when negotiation finds no acceptable
	// translation. Zero means English.
	DefaultLanguage language.Tag
	// Synonyms are equivalent phrases per language; every phrase of a group
	// is searched as the group's first phrase. Nil means DefaultSynonyms();
	// an empty non-nil map disables synonyms. A language without an entry
	// uses the groups of its base language ("pt-BR" uses "pt").
	Synonyms map[language.Tag][][]string
	// VotePrior is the strength of the helpfulness prior in [0, 1]: a score
	// is multiplied by 1 + VotePrior·(helpful−unhelpful)/(helpful+unhelpful+10).
	// Zero disables it.
	VotePrior float64
	// Logger receives index rebuild reports at debug level. Nil means
	// slog.Default().
	Logger *slog.Logger
	// Now is the clock used to time index builds. Nil means time.Now.
	Now func() time.Time
}

// KB is a knowledge base: articles, their translations and the search
// indexes built from them. A KB is safe for concurrent use: searches read an
// immutable snapshot while Put and Delete build a new one and swap it in
// atomically, so a search sees either all or none of an update.
type KB struct {
	opts Options
	log  *slog.Logger
	now  func() time.Time

	mu   sync.Mutex // serializes writers
	snap atomic.Pointer[snapshot]

	votesMu sync.RWMutex
	votes   map[voteKey]*VoteCount // tallies derived from ballots
	ballots map[ballotKey]ballotValue
}

// snapshot is one immutable state of the KB.
type snapshot struct {
	articles map[string]*Article
	langs    []language.Tag // languages with a published translation; default first
	matcher  language.Matcher
	indexes  map[language.Tag]*langIndex
	// lacking holds the pairs {L, M} of languages where some published
	// article with a translation in L has none in M: a search that has
	// searched M skips L's index unless the pair is here.
	lacking map[[2]language.Tag]bool
	// matches caches match (language.Tag → matchResult), at most
	// maxMatchCache entries counted by nMatches.
	matches  sync.Map
	nMatches atomic.Int64
}

// New returns an empty knowledge base.
func New(opts Options) *KB {
	if opts.DefaultLanguage == language.Und {
		opts.DefaultLanguage = language.English
	}
	if opts.Synonyms == nil {
		opts.Synonyms = DefaultSynonyms()
	}
	kb := &KB{opts: opts, log: opts.Logger, now: opts.Now, votes: map[voteKey]*VoteCount{}, ballots: map[ballotKey]ballotValue{}}
	if kb.log == nil {
		kb.log = slog.Default()
	}
	if kb.now == nil {
		kb.now = time.Now
	}
	kb.snap.Store(kb.build(map[string]*Article{}, nil, nil))
	return kb
}

// DefaultLanguage returns the language served when negotiation fails.
func (kb *KB) DefaultLanguage() language.Tag { return kb.opts.DefaultLanguage }

// Put adds or replaces articles, all or none: every article is validated,
// IDs must be unique within the call, and every Related ID must name an
// article of the KB after the update. On success the search indexes of the
// affected languages are rebuilt (training included: about a second for
// 10,000 alternate questions) before Put returns — or, for a few articles
// in a large index, updated incrementally in milliseconds (see Rebuild).
func (kb *KB) Put(articles ...Article) error {
	kb.mu.Lock()
	defer kb.mu.Unlock()
	old := kb.snap.Load()
	next := make(map[string]*Article, len(old.articles)+len(articles))
	for id, a := range old.articles {
		next[id] = a
	}
	inCall := make(map[string]bool, len(articles))
	changed := map[language.Tag]*delta{}
	touch := func(tag language.Tag) *delta {
		if changed[tag] == nil {
			changed[tag] = &delta{}
		}
		return changed[tag]
	}
	for _, a := range articles {
		if err := a.Validate(); err != nil {
			return err
		}
		if inCall[a.ID] {
			return &ArticleError{ID: a.ID, Field: "id", Reason: "appears twice in one Put"}
		}
		inCall[a.ID] = true
		if prev, ok := next[a.ID]; ok {
			for tag := range prev.Translations {
				d := touch(tag)
				d.remove = append(d.remove, a.ID)
			}
		}
		c := a.Clone()
		if c.Status == "" {
			c.Status = StatusPublished
		}
		next[a.ID] = &c
		for tag := range c.Translations {
			d := touch(tag)
			if c.Status == StatusPublished {
				d.add = append(d.add, &c)
			}
		}
	}
	if err := checkRelated(next); err != nil {
		return err
	}
	kb.snap.Store(kb.build(next, old, changed))
	return nil
}

// Delete removes the articles with the given IDs, all or none. It fails with
// a *NotFoundError for an unknown ID and with an *ArticleError when a
// remaining article still lists a deleted one as related.
func (kb *KB) Delete(ids ...string) error {
	kb.mu.Lock()
	defer kb.mu.Unlock()
	old := kb.snap.Load()
	next := make(map[string]*Article, len(old.articles))
	for id, a := range old.articles {
		next[id] = a
	}
	changed := map[language.Tag]*delta{}
	for _, id := range ids {
		a, ok := next[id]
		if !ok {
			return &NotFoundError{ID: id}
		}
		for tag := range a.Translations {
			if changed[tag] == nil {
				changed[tag] = &delta{}
			}
			changed[tag].remove = append(changed[tag].remove, id)
		}
		delete(next, id)
	}
	if err := checkRelated(next); err != nil {
		return err
	}
	kb.snap.Store(kb.build(next, old, changed))
	return nil
}

func checkRelated(arts map[string]*Article) error {
	ids := make([]string, 0, len(arts))
	for id := range arts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		for i, r := range arts[id].Related {
			if _, ok := arts[r]; !ok {
				return &ArticleError{ID: id, Field: fmt.Sprintf("related[%d]", i), Reason: fmt.Sprintf("no article %q", r)}
			}
		}
	}
	return nil
}

// delta is what an update changes in one language: the IDs of the articles
// whose translations leave the index and the published articles whose
// translations enter it.
type delta struct {
	remove []string
	add    []*Article
}

// Rebuild rebuilds every language index from scratch: exact BM25F
// statistics, the learned model retrained on every article, typo
// corrections and suggestions for every word and article. Put and Delete of
// a few articles in a large index update it incrementally instead (see
// Stale); a host calls Rebuild when it suits it, for example every few
// minutes while Stale is above zero. Searches continue on the previous
// snapshot while it runs. It returns ctx's error, changing nothing, if ctx
// is done before the new indexes are swapped in.
func (kb *KB) Rebuild(ctx context.Context) error {
	kb.mu.Lock()
	defer kb.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return err
	}
	s := kb.build(kb.snap.Load().articles, nil, nil)
	if err := ctx.Err(); err != nil {
		return err
	}
	kb.snap.Store(s)
	return nil
}

// Stale returns how many article translations were added, replaced or
// deleted incrementally since their language index was last built in full
// (by Put, Delete or Rebuild). Zero means every index is exact.
func (kb *KB) Stale() int {
	n := 0
	for _, ix := range kb.snap.Load().indexes {
		n += ix.stale
	}
	return n
}

// build makes a snapshot of arts, reusing the indexes of old for languages
// not in changed and updating those in changed incrementally where it can.
// A nil old rebuilds everything.
func (kb *KB) build(arts map[string]*Article, old *snapshot, changed map[language.Tag]*delta) *snapshot {
	start := kb.now()
	s := &snapshot{articles: arts, indexes: map[language.Tag]*langIndex{}}
	ids := make([]string, 0, len(arts))
	byLang := map[language.Tag][]*Article{}
	for id := range arts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		a := arts[id]
		if a.Status != StatusPublished {
			continue
		}
		for tag := range a.Translations {
			byLang[tag] = append(byLang[tag], a)
		}
	}
	langs := []language.Tag{kb.opts.DefaultLanguage}
	for tag := range byLang {
		if tag != kb.opts.DefaultLanguage {
			langs = append(langs, tag)
		}
	}
	slices.SortFunc(langs[1:], func(a, b language.Tag) int { return strings.Compare(a.String(), b.String()) })
	s.langs = langs
	s.lacking = map[[2]language.Tag]bool{}
	if len(langs) > 1 {
		for _, id := range ids {
			a := arts[id]
			if a.Status != StatusPublished {
				continue
			}
			for l := range a.Translations {
				for _, m := range langs {
					if _, ok := a.Translations[m]; !ok {
						s.lacking[[2]language.Tag{l, m}] = true
					}
				}
			}
		}
	}
	s.matcher = language.NewMatcher(langs)
	for tag, list := range byLang {
		if old != nil && changed[tag] == nil && old.indexes[tag] != nil {
			s.indexes[tag] = old.indexes[tag]
			continue
		}
		if old != nil && changed[tag] != nil {
			d := changed[tag]
			if ix := old.indexes[tag]; ix.canUpdate(len(d.remove) + len(d.add)) {
				s.indexes[tag] = ix.update(d.remove, d.add)
				continue
			}
		}
		an := newAnalyzer(tag, kb.synonymsFor(tag))
		s.indexes[tag] = buildLangIndex(tag, an, list, defaultSearchParams())
	}
	kb.log.Debug("faq: index built", "articles", len(arts), "languages", len(byLang), "elapsed", kb.now().Sub(start))
	return s
}

func (kb *KB) synonymsFor(tag language.Tag) [][]string {
	if g, ok := kb.opts.Synonyms[tag]; ok {
		return g
	}
	for t := tag; t != language.Und; t = t.Parent() {
		if g, ok := kb.opts.Synonyms[t]; ok {
			return g
		}
	}
	base, _ := tag.Base()
	if g, ok := kb.opts.Synonyms[language.Make(base.String())]; ok {
		return g
	}
	return nil
}

// Article returns a copy of the article with the given ID, whatever its
// status.
func (kb *KB) Article(id string) (Article, error) {
	a, ok := kb.snap.Load().articles[id]
	if !ok {
		return Article{}, &NotFoundError{ID: id}
	}
	return a.Clone(), nil
}

// Articles returns copies of all articles, sorted by ID.
func (kb *KB) Articles() []Article {
	s := kb.snap.Load()
	out := make([]Article, 0, len(s.articles))
	for _, a := range s.articles {
		out = append(out, a.Clone())
	}
	slices.SortFunc(out, func(a, b Article) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// Len returns the number of articles of any status.
func (kb *KB) Len() int { return len(kb.snap.Load().articles) }
