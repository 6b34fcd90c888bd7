package faq

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/language"
)

// VoteCount is the tally of "was this helpful?" answers for one article in
// one language, a plain value (the KB returns copies). Hosts persist these values (VoteCounts) and load them back
// (RestoreVotes); the KB keeps them in memory only.
type VoteCount struct {
	ArticleID  string
	Language   language.Tag
	Helpful    int64
	NotHelpful int64
}

type voteKey struct {
	id   string
	lang language.Tag
}

// Vote records one answer to "was this helpful?" for the article id read in
// language lang. The article must exist and have a translation in lang.
func (kb *KB) Vote(id string, lang language.Tag, helpful bool) error {
	a, ok := kb.snap.Load().articles[id]
	if !ok {
		return &NotFoundError{ID: id}
	}
	if _, ok := a.Translations[lang]; !ok {
		return fmt.Errorf("%w: article %q has no %s translation", ErrInvalidVote, id, lang)
	}
	kb.votesMu.Lock()
	defer kb.votesMu.Unlock()
	k := voteKey{id, lang}
	c := kb.votes[k]
	if c == nil {
		c = &VoteCount{ArticleID: id, Language: lang}
		kb.votes[k] = c
	}
	if helpful {
		c.Helpful++
	} else {
		c.NotHelpful++
	}
	return nil
}

// VoteCounts returns every tally, sorted by article ID then language.
func (kb *KB) VoteCounts() []VoteCount {
	kb.votesMu.RLock()
	out := make([]VoteCount, 0, len(kb.votes))
	for _, c := range kb.votes {
		out = append(out, *c)
	}
	kb.votesMu.RUnlock()
	slices.SortFunc(out, func(a, b VoteCount) int {
		if c := strings.Compare(a.ArticleID, b.ArticleID); c != 0 {
			return c
		}
		return strings.Compare(a.Language.String(), b.Language.String())
	})
	return out
}

// RestoreVotes replaces all tallies with counts, typically loaded from the
// host's storage at start-up. Counts must not be negative and must not repeat
// an (article, language) pair; tallies of articles not (or no longer) in the
// KB are kept, so that restoring before Put is allowed. On error nothing
// changes.
func (kb *KB) RestoreVotes(counts []VoteCount) error {
	next := make(map[voteKey]*VoteCount, len(counts))
	for i, c := range counts {
		if c.Helpful < 0 || c.NotHelpful < 0 {
			return fmt.Errorf("%w: counts[%d]: negative count", ErrInvalidVote, i)
		}
		if validID(c.ArticleID) != "" {
			return fmt.Errorf("%w: counts[%d]: bad article ID %q", ErrInvalidVote, i, clip(c.ArticleID, 64))
		}
		k := voteKey{c.ArticleID, c.Language}
		if _, dup := next[k]; dup {
			return fmt.Errorf("%w: counts[%d]: %s/%s appears twice", ErrInvalidVote, i, c.ArticleID, c.Language)
		}
		cc := c
		next[k] = &cc
	}
	kb.votesMu.Lock()
	kb.votes = next
	kb.votesMu.Unlock()
	return nil
}

// votePrior returns the multiplier the helpfulness prior applies to the
// score of a translation with the tally c (nil: no votes). The caller checks
// that the prior is enabled.
func (kb *KB) votePrior(c *VoteCount) float64 {
	var h, n float64
	if c != nil {
		h, n = float64(c.Helpful), float64(c.NotHelpful)
	}
	return 1 + min(kb.opts.VotePrior, 1)*(h-n)/(h+n+10)
}
