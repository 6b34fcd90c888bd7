package support_test

import (
	"testing"

	"github.com/paydesk/paydesk/support"
)

func TestCanTransition(t *testing.T) {
	const (
		N = support.StatusNew
		O = support.StatusOpen
		P = support.StatusPending
		H = support.StatusOnHold
		S = support.StatusSolved
		C = support.StatusClosed
	)
	allowed := map[support.Status][]support.Status{
		N: {N, O, P, H, S},
		O: {O, P, H, S},
		P: {O, P, H, S},
		H: {O, P, H, S},
		S: {O, S, C},
		C: {},
	}
	all := []support.Status{N, O, P, H, S, C}
	for _, from := range all {
		for _, to := range all {
			want := false
			for _, s := range allowed[from] {
				want = want || s == to
			}
			if got := support.CanTransition(from, to); got != want {
				t.Errorf("CanTransition(%v, %v) = %v, want %v", from, to, got, want)
			}
		}
		if support.CanTransition(from, 0) || support.CanTransition(0, from) || support.CanTransition(from, 9) {
			t.Errorf("invalid statuses accepted with %v", from)
		}
	}
	eq(t, 0, len(support.Transitions(C)), "transitions from closed")
	next := support.Transitions(S)
	next[0] = C // the result is a copy
	eq(t, support.StatusOpen, support.Transitions(S)[0], "transitions are copied")
}

func TestParseNames(t *testing.T) {
	for s := support.StatusNew; s <= support.StatusClosed; s++ {
		got, err := support.ParseStatus(s.String())
		noErr(t, err)
		eq(t, s, got, "status round trip")
	}
	for c := support.ChannelWeb; c <= support.ChannelPhone; c++ {
		got, err := support.ParseChannel(c.String())
		noErr(t, err)
		eq(t, c, got, "channel round trip")
	}
	for r := support.RoleCustomer; r <= support.RoleSystem; r++ {
		got, err := support.ParseRole(r.String())
		noErr(t, err)
		eq(t, r, got, "role round trip")
	}
	for k := support.EventCreated; k <= support.EventCustom; k++ {
		got, err := support.ParseEventKind(k.String())
		noErr(t, err)
		eq(t, k, got, "event kind round trip")
	}
	for _, bad := range []string{"", "Open", "solved ", "reopened"} {
		if _, err := support.ParseStatus(bad); err == nil {
			t.Errorf("ParseStatus(%q) accepted", bad)
		}
	}
	eq(t, "Status(9)", support.Status(9).String(), "invalid status")
}
