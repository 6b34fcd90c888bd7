package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestTwoInstances runs two help desks on one database, as two app
// instances behind a load balancer: a customer connected to instance A
// chats with an agent working on instance B, each receiving the other's
// messages live over Server-Sent Events (through PostgreSQL LISTEN/NOTIFY,
// or SQLite polling); a code sent by one instance checks on the other;
// and A restarts without losing anything.
func TestTwoInstances(t *testing.T) {
	for _, b := range dbBackends {
		t.Run(b.name, func(t *testing.T) {
			db := b.place(t)
			instA, instB := newEnvOn(t, db), newEnvOn(t, db)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()

			// The customer, on A, starts a chat and asks for a person.
			turn := instA.must(t, 201, mei, "POST", "/api/chats", map[string]any{"message": "How long does a refund take?", "lang": "en"})
			id := turn["ticket"].(string)
			tr := instA.must(t, 200, mei, "GET", "/api/chats/"+id+"/transcript", nil)
			cust := instA.stream(t, ctx, mei, id, fmt.Sprint(int64(tr["last"].(float64))))
			instA.must(t, 200, mei, "POST", "/api/chats/"+id+"/handoff", nil)
			cust.until(t, "chat.handoff")

			// The agent, on B, comes online, takes the chat and opens it.
			instB.must(t, 200, li, "POST", "/api/agent/presence", map[string]any{"presence": "online", "capacity": 2})
			if r := instB.call(t, li, "POST", "/api/agent/chats/"+id+"/take", nil); r.status != 200 && r.code(t) != "not_waiting" {
				t.Fatalf("take on B: %d %s", r.status, r.body)
			}
			agent := instB.stream(t, ctx, li, id, "")
			agent.until(t, "chat.handoff")

			// Live both ways: what one writes on its instance reaches the
			// other's open stream on the other instance.
			instA.must(t, 201, mei, "POST", "/api/chats/"+id+"/messages", map[string]any{"text": "Are you there?"})
			agent.until(t, "Are you there?")
			instB.must(t, 201, li, "POST", "/api/chats/"+id+"/messages", map[string]any{"text": "Yes, I am looking at it."})
			lastSeen := cust.until(t, "Yes, I am looking at it.")
			if b.name == "postgres" {
				// Signals cross instances on PostgreSQL too (a PollHub
				// keeps them local: they are ephemeral).
				instB.must(t, 204, li, "POST", "/api/chats/"+id+"/typing", map[string]any{"typing": true})
				for {
					m := cust.next(t)
					if m.id != "" {
						lastSeen = append(lastSeen, m.id)
					}
					if m.event == "signal" && strings.Contains(m.data, `"typing"`) {
						break
					}
				}
			}

			// A one-time code sent through A checks on B (one CodeKey).
			ch := instA.must(t, 201, ann, "POST", "/api/account/email-change", map[string]any{"new_email": "ann@example.org"})
			instA.mu.Lock()
			code := instA.codes["ann@example.com"]
			instA.mu.Unlock()
			instB.must(t, 200, ann, "POST", "/api/account/email-change/"+ch["id"].(string)+"/confirm", map[string]any{"code": code})

			// A restarts: the tickets and the conversation are in the
			// database, and nothing of the demo data is doubled.
			cust.res.Body.Close()
			before := instB.must(t, 200, mei, "GET", "/api/tickets", nil)["tickets"].([]any)
			instA.stop()
			instA = newEnvOn(t, db)
			after := instA.must(t, 200, mei, "GET", "/api/tickets", nil)["tickets"].([]any)
			if len(after) != 3 || len(after) != len(before) {
				t.Fatalf("mei's tickets after the restart: %d, before %d, want 3 (2 seeded, the chat)", len(after), len(before))
			}
			lines := instA.must(t, 200, mei, "GET", "/api/chats/"+id+"/transcript", nil)["lines"].([]any)
			if !strings.Contains(fmt.Sprint(lines), "Yes, I am looking at it.") {
				t.Errorf("transcript after the restart: %v", lines)
			}
			// The customer's page reconnects to the new A after the last
			// event it saw, and the conversation goes on live.
			cust = instA.stream(t, ctx, mei, id, lastSeen[len(lastSeen)-1])
			instB.must(t, 201, li, "POST", "/api/chats/"+id+"/messages", map[string]any{"text": "Your bank declined it; try again now."})
			ids := cust.until(t, "try again now")
			last := lastSeen[len(lastSeen)-1]
			for _, x := range ids {
				if len(x) < len(last) || len(x) == len(last) && x <= last {
					t.Errorf("resumed stream repeats event %s (last seen %s)", x, last)
				}
			}
		})
	}
}
