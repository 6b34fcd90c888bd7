package faq

import (
	"os"
	"syscall"
	"testing"
	"time"

	"golang.org/x/text/language"
)

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestCPUPerQuery(t *testing.T) {
	if os.Getenv("PAYDESK_CPU") == "" {
		t.Skip()
	}
	texts, labels := loadBanking77(t)
	byCat := map[string]*Article{}
	var arts []Article
	for i, s := range texts {
		if i%5 == 0 {
			continue
		}
		a := byCat[labels[i]]
		if a == nil {
			a = &Article{ID: "x" + labels[i][:3] + string(rune('a'+len(byCat)%26)) + string(rune('a'+len(byCat)/26)), Status: StatusPublished, Translations: map[language.Tag]Translation{language.English: {}}}
			byCat[labels[i]] = a
		}
		tr := a.Translations[language.English]
		tr.Questions = append(tr.Questions, s)
		a.Translations[language.English] = tr
	}
	for _, a := range byCat {
		arts = append(arts, *a)
	}
	kb := New(Options{})
	c0 := cpuTime()
	if err := kb.Put(arts...); err != nil {
		t.Fatal(err)
	}
	t.Logf("build cpu %v", cpuTime()-c0)
	var qs []string
	for i := 0; i < len(texts); i += 5 {
		qs = append(qs, texts[i])
	}
	for round := 0; round < 3; round++ {
		c0 := cpuTime()
		for _, q := range qs {
			kb.Search(Query{Text: q, Limit: 10, NoSnippets: true})
		}
		t.Logf("cpu per query %v", (cpuTime()-c0)/time.Duration(len(qs)))
	}
}
