package support

import (
	"fmt"
	"sort"
)

// HostStatus is a status a host defines for its own workflow, such as
// "awaiting_bank" or "needs_documents", mapped onto one lifecycle Status
// (StatusOnHold and StatusPending for those). The lifecycle rules apply to
// the mapped status; the host status is recorded on the ticket
// (Ticket.HostStatus) and in the history. A HostStatus is a plain value,
// safe for concurrent use.
type HostStatus struct {
	Name   string // lower-case identifier: letters, digits, '_' and '-'
	Status Status // the lifecycle status it belongs to
}

// HostStatuses is an immutable set of host statuses, built by
// NewHostStatuses. It is safe for concurrent use.
type HostStatuses struct {
	byName map[string]Status
	names  []string
}

// NewHostStatuses validates defs and returns the set. Names must be valid
// identifiers, unique, and must not be lifecycle status names; each must map
// onto an active status or StatusSolved.
func NewHostStatuses(defs ...HostStatus) (*HostStatuses, error) {
	h := &HostStatuses{byName: make(map[string]Status, len(defs))}
	for _, d := range defs {
		if err := checkIdent("host_status", d.Name); err != nil {
			return nil, err
		}
		if _, err := ParseStatus(d.Name); err == nil {
			return nil, fmt.Errorf("support: host status %q shadows a lifecycle status: %w", d.Name, ErrInvalidInput)
		}
		if !d.Status.IsValid() || d.Status == StatusClosed || d.Status == StatusNew {
			return nil, fmt.Errorf("support: host status %q maps onto %v: %w", d.Name, d.Status, ErrUnknownStatus)
		}
		if _, dup := h.byName[d.Name]; dup {
			return nil, fmt.Errorf("support: host status %q defined twice: %w", d.Name, ErrInvalidInput)
		}
		h.byName[d.Name] = d.Status
		h.names = append(h.names, d.Name)
	}
	sort.Strings(h.names)
	return h, nil
}

// Lookup returns the lifecycle status that host status name maps onto.
func (h *HostStatuses) Lookup(name string) (Status, bool) {
	if h == nil {
		return 0, false
	}
	s, ok := h.byName[name]
	return s, ok
}

// Names returns the host status names in sorted order.
func (h *HostStatuses) Names() []string {
	if h == nil {
		return nil
	}
	return append([]string(nil), h.names...)
}
