package faq

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// MaxVoterBytes bounds Ballot.Voter.
const MaxVoterBytes = 256

// Ballot is one voter's answer to "was this helpful?" for one article, a
// plain value. A voter has at most one ballot per article: voting again
// replaces it (in whatever language). Hosts persist ballots (Ballots) and
// load them back (RestoreVotes); the KB keeps them in memory only.
type Ballot struct {
	ArticleID string
	// Voter is the host's stable ID of whoever voted: a customer ID, or a
	// session ID for anonymous readers. It must not be empty.
	Voter    string
	Language language.Tag // the translation the voter read
	Helpful  bool
}

// VoteCount is the tally of the ballots for one article in one language, a
// plain value (the KB returns copies), derived from the ballots.
type VoteCount struct {
	ArticleID  string
	Language   language.Tag
	Helpful    int64
	NotHelpful int64
}

// VoteError reports a vote or a restored ballot that is not acceptable, such
// as one without a voter. It matches ErrInvalidVote.
type VoteError struct {
	ArticleID string
	Index     int // the position in RestoreVotes' ballots; -1 for Vote
	Reason    string
}

// Error names the article and what is wrong with the vote.
func (e *VoteError) Error() string {
	if e.Index >= 0 {
		return fmt.Sprintf("faq: invalid vote: ballots[%d] (article %q): %s", e.Index, e.ArticleID, e.Reason)
	}
	return fmt.Sprintf("faq: invalid vote for article %q: %s", e.ArticleID, e.Reason)
}

// Is reports whether target is ErrInvalidVote.
func (e *VoteError) Is(target error) bool { return target == ErrInvalidVote }

type voteKey struct {
	id   string
	lang language.Tag
}

type ballotKey struct {
	id, voter string
}

type ballotValue struct {
	lang    language.Tag
	helpful bool
}

// Vote records voter's answer to "was this helpful?" for article id, read
// in the translation negotiated for prefs exactly as Localized negotiates it
// (zh-CN votes for zh-Hans, a language the article lacks for its fallback
// translation), and returns that translation's language. One voter counts
// once per article: a second vote replaces the first, also when it changes
// language. It fails with a *NotFoundError for an unknown article and a
// *VoteError (ErrInvalidVote) for an empty, overlong or invalid voter; on
// error nothing changes.
func (kb *KB) Vote(id, voter string, helpful bool, prefs ...language.Tag) (language.Tag, error) {
	s := kb.snap.Load()
	a, ok := s.articles[id]
	if !ok {
		return language.Und, &NotFoundError{ID: id}
	}
	if reason := validVoter(voter); reason != "" {
		return language.Und, &VoteError{ArticleID: id, Index: -1, Reason: reason}
	}
	lang := s.negotiateArticle(a, prefs, kb.opts.DefaultLanguage)
	kb.votesMu.Lock()
	defer kb.votesMu.Unlock()
	kb.castLocked(ballotKey{id, voter}, ballotValue{lang, helpful})
	return lang, nil
}

func validVoter(voter string) string {
	switch {
	case strings.TrimSpace(voter) == "":
		return "the voter is empty"
	case len(voter) > MaxVoterBytes:
		return fmt.Sprintf("the voter is longer than %d bytes", MaxVoterBytes)
	case !utf8.ValidString(voter):
		return "the voter is not valid UTF-8"
	}
	return ""
}

// castLocked records ballot v under k, retracting k's previous ballot from
// the tallies. The caller holds votesMu.
func (kb *KB) castLocked(k ballotKey, v ballotValue) {
	if old, ok := kb.ballots[k]; ok {
		c := kb.votes[voteKey{k.id, old.lang}]
		if old.helpful {
			c.Helpful--
		} else {
			c.NotHelpful--
		}
		if c.Helpful == 0 && c.NotHelpful == 0 {
			delete(kb.votes, voteKey{k.id, old.lang})
		}
	}
	kb.ballots[k] = v
	vk := voteKey{k.id, v.lang}
	c := kb.votes[vk]
	if c == nil {
		c = &VoteCount{ArticleID: k.id, Language: v.lang}
		kb.votes[vk] = c
	}
	if v.helpful {
		c.Helpful++
	} else {
		c.NotHelpful++
	}
}

// VoteCounts returns the tally of every (article, language) pair that has
// ballots, sorted by article ID then language.
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

// Ballots returns every ballot, sorted by article ID then voter: what a host
// persists and gives back to RestoreVotes.
func (kb *KB) Ballots() []Ballot {
	kb.votesMu.RLock()
	out := make([]Ballot, 0, len(kb.ballots))
	for k, v := range kb.ballots {
		out = append(out, Ballot{ArticleID: k.id, Voter: k.voter, Language: v.lang, Helpful: v.helpful})
	}
	kb.votesMu.RUnlock()
	slices.SortFunc(out, func(a, b Ballot) int {
		if c := strings.Compare(a.ArticleID, b.ArticleID); c != 0 {
			return c
		}
		return strings.Compare(a.Voter, b.Voter)
	})
	return out
}

// RestoreVotes replaces all ballots (and so all tallies) with ballots,
// typically loaded from the host's storage at start-up. Every ballot needs a
// valid article ID and a voter, and a voter may appear only once per
// article; ballots of articles not (or no longer) in the KB are kept, so
// that restoring before Put is allowed. On error (a *VoteError) nothing
// changes.
func (kb *KB) RestoreVotes(ballots []Ballot) error {
	next := &KB{ballots: make(map[ballotKey]ballotValue, len(ballots)), votes: map[voteKey]*VoteCount{}}
	for i, b := range ballots {
		if validID(b.ArticleID) != "" {
			return &VoteError{ArticleID: clip(b.ArticleID, 64), Index: i, Reason: "bad article ID"}
		}
		if reason := validVoter(b.Voter); reason != "" {
			return &VoteError{ArticleID: b.ArticleID, Index: i, Reason: reason}
		}
		k := ballotKey{b.ArticleID, b.Voter}
		if _, dup := next.ballots[k]; dup {
			return &VoteError{ArticleID: b.ArticleID, Index: i, Reason: fmt.Sprintf("voter %q appears twice", clip(b.Voter, 64))}
		}
		next.castLocked(k, ballotValue{b.Language, b.Helpful})
	}
	kb.votesMu.Lock()
	kb.ballots, kb.votes = next.ballots, next.votes
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
