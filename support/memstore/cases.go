package memstore

import (
	"context"
	"slices"
	"sync"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/cases"
)

// CasesStore is an in-memory cases.Store: the refund and dispute cases of
// one process and their refund ledgers. The zero CasesStore is not usable;
// call NewCases. A CasesStore is safe for concurrent use: reads share a
// sync.RWMutex, and every write, AddRefund's check of the remaining amount
// included, runs whole under its write lock, so concurrent refunds can never
// overdraw a case. Every method is a map lookup (Refunds copies the ledger).
type CasesStore struct {
	mu       sync.RWMutex
	cases    map[support.ID]*cases.Case
	byTicket map[support.ID]support.ID
	ledgers  map[support.ID][]cases.Refund
	refunds  map[support.ID]struct{} // every refund ID
}

var _ cases.Store = (*CasesStore)(nil)

// NewCases returns an empty CasesStore.
func NewCases() *CasesStore {
	return &CasesStore{
		cases:    make(map[support.ID]*cases.Case),
		byTicket: make(map[support.ID]support.ID),
		ledgers:  make(map[support.ID][]cases.Refund),
		refunds:  make(map[support.ID]struct{}),
	}
}

// CreateCase implements cases.Store.
func (s *CasesStore) CreateCase(ctx context.Context, c cases.Case) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.Version != 1 {
		return &support.InputError{Field: "version", Reason: support.ErrInvalidInput, Detail: "a new case is at version 1"}
	}
	if err := c.Validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.cases[c.ID]; ok {
		return &cases.ExistsError{ID: c.ID, Ticket: c.Ticket, Existing: c.ID}
	}
	if id, ok := s.byTicket[c.Ticket]; ok {
		return &cases.ExistsError{ID: c.ID, Ticket: c.Ticket, Existing: id}
	}
	s.cases[c.ID] = c.Clone()
	s.byTicket[c.Ticket] = c.ID
	return nil
}

// Case implements cases.Store.
func (s *CasesStore) Case(ctx context.Context, id support.ID) (cases.Case, error) {
	if err := ctx.Err(); err != nil {
		return cases.Case{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.cases[id]
	if !ok {
		return cases.Case{}, &cases.NotFoundError{ID: id}
	}
	return *c.Clone(), nil
}

// CaseByTicket implements cases.Store.
func (s *CasesStore) CaseByTicket(ctx context.Context, ticket support.ID) (cases.Case, error) {
	if err := ctx.Err(); err != nil {
		return cases.Case{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	id, ok := s.byTicket[ticket]
	if !ok {
		return cases.Case{}, &cases.NotFoundError{ID: ticket}
	}
	return *s.cases[id].Clone(), nil
}

// UpdateCase implements cases.Store.
func (s *CasesStore) UpdateCase(ctx context.Context, c cases.Case) (cases.Case, error) {
	if err := ctx.Err(); err != nil {
		return cases.Case{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.cases[c.ID]
	if !ok {
		return cases.Case{}, &cases.NotFoundError{ID: c.ID}
	}
	if old.Version != c.Version {
		return cases.Case{}, &cases.VersionError{Case: c.ID, Expected: c.Version, Actual: old.Version}
	}
	if old.Submitted() && (!c.SubmittedAt.Equal(old.SubmittedAt) || !c.Evidence.Equal(old.Evidence)) {
		return cases.Case{}, &cases.SubmittedError{Case: c.ID, At: old.SubmittedAt}
	}
	next := c.Clone()
	next.Ticket, next.Customer, next.Kind = old.Ticket, old.Customer, old.Kind
	next.Transaction, next.Refunded, next.CreatedAt = old.Transaction, old.Refunded, old.CreatedAt
	next.Version = old.Version + 1
	if err := next.Validate(); err != nil {
		return cases.Case{}, err
	}
	s.cases[c.ID] = next
	return *next.Clone(), nil
}

// AddRefund implements cases.Store: cases.ApplyRefund and the append to the
// ledger run under one write lock.
func (s *CasesStore) AddRefund(ctx context.Context, r cases.Refund) (cases.Case, error) {
	if err := ctx.Err(); err != nil {
		return cases.Case{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.cases[r.Case]
	if !ok {
		return cases.Case{}, &cases.NotFoundError{ID: r.Case}
	}
	if _, dup := s.refunds[r.ID]; dup {
		return cases.Case{}, &cases.ExistsError{ID: r.ID, Ticket: old.Ticket, Existing: r.ID}
	}
	next, err := cases.ApplyRefund(*old, r)
	if err != nil {
		return cases.Case{}, err
	}
	s.cases[r.Case] = &next
	s.ledgers[r.Case] = append(s.ledgers[r.Case], r)
	s.refunds[r.ID] = struct{}{}
	return *next.Clone(), nil
}

// Refunds implements cases.Store.
func (s *CasesStore) Refunds(ctx context.Context, id support.ID) ([]cases.Refund, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Clone(s.ledgers[id]), nil
}
