package faq

import (
	"slices"

	"golang.org/x/text/language"
)

// Languages returns the languages that have at least one published
// translation, the default language first.
func (kb *KB) Languages() []language.Tag {
	return slices.Clone(kb.snap.Load().langs)
}

// Negotiate returns the language the KB would serve to a customer who
// prefers the given languages, most preferred first: the best match among the
// KB's languages by language.Matcher (zh-TW → zh-Hant, zh-CN → zh-Hans,
// pt → pt-BR), or the default language when nothing matches.
func (kb *KB) Negotiate(prefs ...language.Tag) language.Tag {
	return kb.snap.Load().negotiate(prefs)
}

// NegotiateHeader is Negotiate for an HTTP Accept-Language header. A header
// that does not parse yields the default language.
func (kb *KB) NegotiateHeader(acceptLanguage string) language.Tag {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil {
		tags = nil
	}
	return kb.Negotiate(tags...)
}

func (s *snapshot) negotiate(prefs []language.Tag) language.Tag {
	if len(prefs) == 0 {
		return s.langs[0]
	}
	_, idx, conf := s.matcher.Match(prefs...)
	if conf == language.No || idx < 0 || idx >= len(s.langs) {
		return s.langs[0]
	}
	// Map back by index: the matcher's returned tag may carry extensions
	// or regions that are not keys of the index map.
	return s.langs[idx]
}

// Localized is an article in the one language chosen for a reader. It is a
// copy the caller owns; like Article it is safe to read concurrently.
type Localized struct {
	ID       string
	Category string
	Tags     []string
	Related  []string
	Status   Status
	Language language.Tag // the translation served
	Translation
}

// Localized returns the translation of an article that best matches prefs
// (most preferred first) the way Search picks it: the first of the
// customer's languages the article is translated into, then the other
// script of Chinese (a zh-TW reader of an article without zh-Hant gets
// zh-Hans), then the KB's default language; failing those, the closest
// translation by language.Matcher, and finally the article's first
// language in BCP 47 order.
func (kb *KB) Localized(id string, prefs ...language.Tag) (Localized, error) {
	s := kb.snap.Load()
	a, ok := s.articles[id]
	if !ok {
		return Localized{}, &NotFoundError{ID: id}
	}
	tag := s.negotiateArticle(a, prefs, kb.opts.DefaultLanguage)
	tr := a.Translations[tag]
	tr.Questions = slices.Clone(tr.Questions)
	return Localized{
		ID: a.ID, Category: a.Category, Tags: slices.Clone(a.Tags), Related: slices.Clone(a.Related),
		Status: a.Status, Language: tag, Translation: tr,
	}, nil
}

func (s *snapshot) negotiateArticle(a *Article, prefs []language.Tag, def language.Tag) language.Tag {
	var buf [maxPlan]language.Tag
	plan := buf[:0]
	for _, p := range prefs {
		if t, ok := s.match(p); ok && len(plan) < maxPlan-2 {
			plan = append(plan, t)
		}
	}
	for _, t := range plan {
		if base, _ := t.Base(); base.String() == "zh" {
			if sib, ok := s.match(chineseSibling(t)); ok {
				plan = append(plan, sib)
				break
			}
		}
	}
	plan = append(plan, def)
	for _, t := range plan {
		if _, ok := a.Translations[t]; ok {
			return t
		}
	}
	have := a.Languages()
	if _, ok := a.Translations[def]; ok {
		// Put the default first so that it wins when nothing matches.
		i := slices.Index(have, def)
		have[0], have[i] = have[i], have[0]
	}
	if len(prefs) > 0 {
		_, idx, conf := language.NewMatcher(have).Match(prefs...)
		if conf != language.No && idx >= 0 && idx < len(have) {
			return have[idx]
		}
	}
	return have[0]
}
