package memstore_test

import (
	"testing"

	"github.com/paydesk/paydesk/support/chat"
	"github.com/paydesk/paydesk/support/memstore"
	"github.com/paydesk/paydesk/support/storetest"
)

func TestChatConformance(t *testing.T) {
	storetest.RunChat(t, func(*testing.T) chat.Store { return memstore.NewChat() })
}
