package support_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/paydesk/paydesk/support"
)

// TestConcurrentUpdatesLoseNothing has 32 goroutines update one ticket at
// once: every update that succeeds is in the history exactly once, and the
// versions count every change.
func TestConcurrentUpdatesLoseNothing(t *testing.T) {
	f := newFixture(t, func(o *support.Options) { o.MaxRetries = 1000 })
	ctx := context.Background()
	tk := f.open(t, alice, support.OpenRequest{})
	const workers, each = 32, 8
	var (
		wg        sync.WaitGroup
		mu        sync.Mutex
		succeeded = map[string]bool{}
	)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				body := fmt.Sprintf("update %d/%d", w, i)
				var err error
				switch i % 3 {
				case 0:
					_, err = f.desk.AddNote(ctx, agent, tk.ID, body)
				case 1:
					_, err = f.desk.Reply(ctx, alice, tk.ID, support.ReplyRequest{Body: body})
				default:
					_, err = f.desk.UpdateFields(ctx, agent, tk.ID, support.FieldUpdate{Set: []support.Field{{Name: fmt.Sprintf("w%d", w), Value: body}}})
				}
				if err != nil && !errors.Is(err, support.ErrStaleVersion) {
					t.Error(err)
					return
				}
				if err == nil {
					mu.Lock()
					succeeded[body] = true
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	seen := map[string]int{}
	h := f.history(t, tk.ID)
	for i, e := range h {
		eq(t, int64(i+1), e.Seq, "sequence")
		switch e.Kind {
		case support.EventNote, support.EventReply:
			seen[e.Body]++
		case support.EventFieldChange:
			seen[e.To]++
		}
	}
	if len(succeeded) == 0 {
		t.Fatal("no update succeeded")
	}
	for body := range succeeded {
		eq(t, 1, seen[body], "occurrences of "+body)
	}
	eq(t, len(succeeded), len(seen), "updates in the history")
	eq(t, int64(1+len(succeeded)), f.stored(t, tk.ID).Version, "version counts every change")
	f.checkReplay(t, tk.ID)
}
