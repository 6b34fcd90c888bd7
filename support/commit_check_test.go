package support_test

import (
	"errors"
	"testing"
	"time"

	"github.com/paydesk/paydesk/support"
)

func TestCommitCheck(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	write := func(id support.ID, prev int64, kinds ...support.EventKind) support.Write {
		tk := &support.Ticket{ID: id, Customer: "c1", Subject: "s", Status: support.StatusNew, Channel: support.ChannelWeb,
			CreatedAt: at, UpdatedAt: at, Version: prev + 1}
		w := support.Write{Ticket: tk, Prev: prev}
		for _, k := range kinds {
			w.Events = append(w.Events, support.Event{Ticket: id, Version: prev + 1, Kind: k, At: at, Actor: support.Customer("c1")})
		}
		return w
	}
	ok := support.Commit{
		Writes: []support.Write{write("t1", 0, support.EventCreated), write("t2", 3, support.EventReply, support.EventStatus)},
		Keys:   []support.KeyRecord{{Scope: "open", Key: "k1", Ticket: "t1", At: at}, {Scope: "reply", Key: "k1", Ticket: "t2", At: at}},
		Outbox: []support.OutboxMessage{{ID: "t1/v1"}, {ID: "t2/v4"}},
	}
	if err := ok.Check(); err != nil {
		t.Fatalf("a good commit: %v", err)
	}
	bad := map[string]func(c *support.Commit){
		"no writes":         func(c *support.Commit) { c.Writes = nil },
		"nil ticket":        func(c *support.Commit) { c.Writes[0].Ticket = nil },
		"no ID":             func(c *support.Commit) { c.Writes[0].Ticket.ID = "" },
		"no customer":       func(c *support.Commit) { c.Writes[1].Ticket.Customer = "" },
		"version skip":      func(c *support.Commit) { c.Writes[1].Ticket.Version = 5 },
		"negative prev":     func(c *support.Commit) { c.Writes[0].Prev, c.Writes[0].Ticket.Version = -1, 0 },
		"no events":         func(c *support.Commit) { c.Writes[1].Events = nil },
		"created not first": func(c *support.Commit) { c.Writes[0].Events[0].Kind = support.EventReply },
		"event of another":  func(c *support.Commit) { c.Writes[1].Events[1].Ticket = "t1" },
		"event version":     func(c *support.Commit) { c.Writes[1].Events[0].Version = 3 },
		"ticket twice":      func(c *support.Commit) { c.Writes[1] = write("t1", 3, support.EventReply) },
		"key twice":         func(c *support.Commit) { c.Keys[1].Scope = "open" },
		"outbox without ID": func(c *support.Commit) { c.Outbox[1].ID = "" },
		"outbox ID twice":   func(c *support.Commit) { c.Outbox[1].ID = "t1/v1" },
	}
	for name, spoil := range bad {
		c := support.Commit{
			Writes: []support.Write{write("t1", 0, support.EventCreated), write("t2", 3, support.EventReply, support.EventStatus)},
			Keys:   append([]support.KeyRecord(nil), ok.Keys...),
			Outbox: append([]support.OutboxMessage(nil), ok.Outbox...),
		}
		spoil(&c)
		if err := c.Check(); !errors.Is(err, support.ErrInvalidInput) {
			t.Errorf("%s: Check() = %v, want ErrInvalidInput", name, err)
		}
	}
}
