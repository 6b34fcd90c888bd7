package verify_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/memstore"
	"github.com/paydesk/paydesk/support/verify"
)

// An e-mail change guarded by a code: the customer asks for the change in
// a support ticket, the code goes to the OLD address (the new one only
// gets a notice), a mistyped code is refused, and the right one applies
// the change exactly once. The ticket's history records every step but
// never the code.
func Example() {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	desk, _ := support.NewDesk(memstore.New(), support.Options{Now: clock, NoSLA: true,
		NewID: func() support.ID { return "T-1" }})
	ana := support.Customer("ana")
	tk, _ := desk.Open(ctx, ana, support.OpenRequest{Subject: "New e-mail address", Category: support.CategoryAccountDetailsChange})

	// The host's e-mail/SMS provider; here it prints where messages go
	// and keeps the last code, as the customer's inbox would.
	var inbox string
	sender := verify.SenderFunc(func(_ context.Context, m verify.Message) error {
		fmt.Println("send", m.Kind, "to", m.To)
		if m.Kind == verify.KindCode {
			inbox = m.Code
		}
		return nil
	})
	keys, err := verify.NewKeyring(verify.Key{ID: "2026-03", Secret: bytes.Repeat([]byte("k"), 32)}) // from a secret store
	if err != nil {
		fmt.Println(err)
		return
	}
	svc, err := verify.New(verify.Options{Store: memstore.NewVerify(), Keys: keys, Sender: sender, Desk: desk, Now: clock})
	if err != nil {
		fmt.Println(err)
		return
	}

	c, err := svc.RequestChange(ctx, ana, verify.ChangeRequest{
		Account: "ana", Ticket: tk.ID, Kind: verify.ChangeEmail,
		Old: "ana@example.com", New: "ana@example.org", Language: language.English,
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	// The host's user store, changed only after the code is verified.
	apply := func(_ context.Context, account string, ch verify.Change) error {
		fmt.Printf("apply: %s's %s %s → %s\n", account, ch.Kind, ch.Old, ch.New)
		return nil
	}
	mistyped := []byte(inbox)
	mistyped[0] = '0' + (mistyped[0]-'0'+1)%10
	_, err = svc.Apply(ctx, ana, c.ID, string(mistyped), apply)
	var wrong *verify.WrongCodeError
	if errors.As(err, &wrong) {
		fmt.Println("wrong code,", wrong.Left, "attempts left")
	}

	now = now.Add(time.Minute)
	done, err := svc.Apply(ctx, ana, c.ID, inbox, apply)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("change:", done.Change.Status)
	_, err = svc.Apply(ctx, ana, c.ID, inbox, apply) // a replay
	fmt.Println("replay refused:", errors.Is(err, verify.ErrUsed))

	evs, _ := desk.History(ctx, support.Agent("li"), tk.ID, 0, 0)
	for _, e := range evs {
		if strings.HasPrefix(e.Field, "verify.") {
			fmt.Printf("%-24s internal=%-5v %s\n", e.Field, e.Internal, e.Body)
		}
	}
	// Output:
	// send code to ana@example.com
	// send notice to ana@example.org
	// wrong code, 4 attempts left
	// apply: ana's email ana@example.com → ana@example.org
	// send notice to ana@example.com
	// send notice to ana@example.org
	// change: applied
	// replay refused: true
	// verify.change_requested  internal=false You asked to change your e-mail address. It changes once the verification sent to a***@example.com is confirmed.
	// verify.failed            internal=true  A wrong verification was entered; 4 attempts left.
	// verify.verified          internal=false Identity verified.
	// verify.change_applied    internal=false Your e-mail address was changed.
	// verify.refused           internal=true  A verification was refused: used.
}
