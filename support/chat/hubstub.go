package chat

// TEMPORARY: replaced by hub.go from the hub branch.

import (
	"context"
	"time"

	"github.com/paydesk/paydesk/support"
)

type Source interface {
	HistoryPage(ctx context.Context, a support.Actor, id support.ID, after int64, limit int) (support.HistoryPage, error)
}
type SignalKind uint8

const (
	SignalTyping SignalKind = iota + 1
	SignalReceipt
	SignalQueue
)

type Signal struct {
	Kind     SignalKind
	Actor    support.Actor
	Typing   bool
	Seq      int64
	Position int
	Wait     time.Duration
}
type Delivery struct {
	Ticket   support.ID
	Event    support.Event
	Signal   Signal
	IsSignal bool
}
type SubscribeRequest struct {
	Source Source
	Viewer support.Actor
	Ticket support.ID
	After  int64
}
type Hub interface {
	support.Publisher
	Signal(ctx context.Context, ticket support.ID, s Signal)
	Subscribe(ctx context.Context, r SubscribeRequest) (Subscription, error)
}
type Subscription interface {
	Next(ctx context.Context) (Delivery, error)
	Last() int64
	Close() error
}
