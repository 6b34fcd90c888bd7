package support

import (
	"fmt"
	"strings"
)

// Role is what an actor is to the desk. It decides what the actor may do:
//
//   - RoleCustomer reaches only the customer's own tickets, sees them without
//     internal notes and internal fields, and may open, reply, solve, reopen,
//     and leave feedback.
//   - RoleAgent and RoleAdmin reach every ticket the Desk's Access hook allows
//     (all of them by default) and may do everything the lifecycle allows.
//   - RoleSystem is the host's automation (SLA checks, auto-close); it
//     reaches every ticket and may do what an admin may.
//
// A Role is a plain value, safe for concurrent use.
type Role uint8

// The roles. The zero Role is invalid.
const (
	RoleCustomer Role = iota + 1
	RoleAgent
	RoleAdmin
	RoleSystem
)

var roleNames = [...]string{"", "customer", "agent", "admin", "system"}

// String returns the role's name: "customer", "agent", "admin" or "system".
func (r Role) String() string {
	if int(r) < len(roleNames) && r != 0 {
		return roleNames[r]
	}
	return fmt.Sprintf("Role(%d)", uint8(r))
}

// IsValid reports whether r is one of the defined roles.
func (r Role) IsValid() bool { return r >= RoleCustomer && r <= RoleSystem }

// IsStaff reports whether r acts for the business (agent, admin or system).
func (r Role) IsStaff() bool { return r >= RoleAgent && r <= RoleSystem }

// ParseRole parses a role name as written by String.
func ParseRole(s string) (Role, error) {
	for i := 1; i < len(roleNames); i++ {
		if roleNames[i] == s {
			return Role(i), nil
		}
	}
	return 0, fmt.Errorf("support: unknown role %q: %w", s, ErrInvalidActor)
}

// MarshalText encodes r as its name.
func (r Role) MarshalText() ([]byte, error) {
	if !r.IsValid() {
		return nil, fmt.Errorf("support: cannot encode %v: %w", r, ErrInvalidActor)
	}
	return []byte(r.String()), nil
}

// UnmarshalText decodes a role name.
func (r *Role) UnmarshalText(b []byte) error {
	v, err := ParseRole(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// Actor is who performs an operation: every Desk call takes one, and every
// history event records one. Actor is a small value type, safe for
// concurrent use.
type Actor struct {
	Role Role   `json:"role"`
	ID   string `json:"id"` // the customer's, agent's or admin's ID, or the automation's name
}

// Customer returns the actor for customer id.
func Customer(id string) Actor { return Actor{Role: RoleCustomer, ID: id} }

// Agent returns the actor for agent id.
func Agent(id string) Actor { return Actor{Role: RoleAgent, ID: id} }

// Admin returns the actor for administrator id.
func Admin(id string) Actor { return Actor{Role: RoleAdmin, ID: id} }

// System returns the actor for the host's automation called name.
func System(name string) Actor { return Actor{Role: RoleSystem, ID: name} }

// String returns "role:id".
func (a Actor) String() string { return a.Role.String() + ":" + a.ID }

// Validate reports an *InputError matching ErrInvalidActor when a has no
// valid role or no ID.
func (a Actor) Validate() error {
	if !a.Role.IsValid() {
		return inputErr("actor.role", ErrInvalidActor, "unknown role")
	}
	if strings.TrimSpace(a.ID) == "" {
		return inputErr("actor.id", ErrInvalidActor, "empty ID")
	}
	if err := checkText("actor.id", a.ID, maxNameBytes); err != nil {
		return err
	}
	return nil
}
