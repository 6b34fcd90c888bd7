package chat_test

import (
	"errors"
	"testing"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/chat"
)

func TestAgentValidate(t *testing.T) {
	ok := chat.Agent{ID: "li", Presence: chat.Online, Capacity: 1}
	if err := ok.Validate(); err != nil {
		t.Fatalf("a valid agent: %v", err)
	}
	for name, a := range map[string]chat.Agent{
		"no ID":         {ID: " ", Presence: chat.Online, Capacity: 1},
		"bad presence":  {ID: "li", Presence: chat.Presence(99), Capacity: 1},
		"zero capacity": {ID: "li", Presence: chat.Online},
	} {
		var ie *support.InputError
		if err := a.Validate(); !errors.Is(err, support.ErrInvalidInput) || !errors.As(err, &ie) {
			t.Errorf("%s: Validate() = %v, want a *support.InputError matching ErrInvalidInput", name, err)
		}
	}
}
