package support_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/paydesk/paydesk/support"
)

// plain returns s with full-width digits made ASCII and every character
// that is neither a digit nor a mask dropped, so that a card number written
// with any separators reads as its bare digits.
func plain(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '０' && r <= '９':
			b.WriteByte(byte('0' + r - '０'))
		case r >= '0' && r <= '9', r == '*', r == '＊':
			b.WriteRune(r)
		case r == ' ', r == '-', r == '.', r == '\u00a0', r == '\u3000', r == '－', r == '．':
			// a separator a card number may be written with
		default:
			b.WriteByte('|')
		}
	}
	return b.String()
}

// storedJSON returns everything the store holds for ticket id, as JSON.
func (f *fixture) storedJSON(t *testing.T, id support.ID) string {
	t.Helper()
	tk, err := f.store.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(struct {
		T *support.Ticket
		H []support.Event
	}{tk, f.history(t, id)})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDeskMasksEveryStoredText(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	cards := []string{"4111111111111111", "5555555555554444", "378282246310005"}
	tk := f.open(t, alice, support.OpenRequest{
		Subject:      "charged twice on 4111 1111 1111 1111",
		Description:  "my card ５５５５－５５５５－５５５５－４４４４, cvv 123",
		Transactions: []string{"378282246310005"},
		Fields:       []support.Field{{Name: "card", Value: "4111.1111.1111.1111"}},
	})
	if !strings.Contains(tk.Subject, "4111 11** **** 1111") {
		t.Errorf("subject %q: the card is not masked as PCI DSS allows", tk.Subject)
	}
	if _, err := f.desk.Reply(ctx, alice, tk.ID, support.ReplyRequest{Body: "again: 5555 5555 5555 4444, code 123456", IdempotencyKey: "r1"}); err != nil {
		t.Fatal(err)
	}
	// A retry with the same text replays the first reply: the masked text
	// is what is fingerprinted.
	if _, err := f.desk.Reply(ctx, alice, tk.ID, support.ReplyRequest{Body: "again: 5555 5555 5555 4444, code 123456", IdempotencyKey: "r1"}); err != nil {
		t.Fatalf("retried reply: %v", err)
	}
	if _, err := f.desk.AddNote(ctx, agent, tk.ID, "customer read 4111111111111111 out on the phone"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.desk.UpdateFields(ctx, agent, tk.ID, support.FieldUpdate{
		AddTransactions: []string{"5555555555554444"},
		Set:             []support.Field{{Name: "backup_card", Value: "3782 822463 10005"}},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.desk.Record(ctx, support.System("cases"), tk.ID, support.Event{
		Kind: support.EventCustom, Field: "cases.note", Body: "refund to 4111-1111-1111-1111", From: "5555555555554444", To: "378282246310005",
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.desk.SetStatus(ctx, agent, tk.ID, support.StatusChange{To: support.StatusSolved}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.desk.AddFeedback(ctx, alice, tk.ID, support.Feedback{Rating: 2, Comment: "you asked for 4111 1111 1111 1111!"}); err != nil {
		t.Fatal(err)
	}

	all := f.storedJSON(t, tk.ID)
	for _, c := range cards {
		if strings.Contains(plain(all), c) {
			t.Errorf("card %s reached the store:\n%s", c, all)
		}
	}
	for _, secret := range []string{"123456", "cvv 123"} {
		if strings.Contains(all, secret) {
			t.Errorf("%q reached the store", secret)
		}
	}
	if h := f.history(t, tk.ID); countKind(h, support.EventReply) != 1 {
		t.Errorf("%d replies stored, want 1 (the retry replays)", countKind(h, support.EventReply))
	}
}

func countKind(h []support.Event, k support.EventKind) int {
	n := 0
	for _, e := range h {
		if e.Kind == k {
			n++
		}
	}
	return n
}

func TestDeskRedactReportsWhatItMasks(t *testing.T) {
	f := newFixture(t)
	r := f.desk.Redact("card 4111 1111 1111 1111 cvv 123")
	if r.Text != "card 4111 11** **** 1111 cvv ***" || len(r.Findings) != 2 {
		t.Errorf("Redact = %q, %v", r.Text, r.Findings)
	}
	if r := f.desk.Redact("no secrets here"); r.Redacted() {
		t.Errorf("Redact masked %v in a text without secrets", r.Findings)
	}
}

// luhnCard returns a 16-digit card number starting with the 15 digits of
// body (zero-padded), with its Luhn check digit.
func luhnCard(body uint64) string {
	d := strconv.FormatUint(body%1e15, 10)
	d = strings.Repeat("0", 15-len(d)) + d
	sum := 0
	for i := 14; i >= 0; i-- {
		v := int(d[i] - '0')
		if (14-i)%2 == 0 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return d + strconv.Itoa((10-sum%10)%10)
}

// FuzzDeskStoresNoCard writes a Luhn-valid card number, in any separators
// and in ASCII or full-width digits, inside arbitrary text through a reply,
// and checks that its digits never reach the store.
func FuzzDeskStoresNoCard(f *testing.F) {
	f.Add("my card is", uint64(411111111111111), uint8(' '), false, "thanks")
	f.Add("卡号", uint64(555555555555444), uint8('-'), true, "谢谢")
	f.Add("", uint64(0), uint8(0), false, "")
	f.Add("password:", uint64(378282246310005), uint8('.'), true, "12")
	f.Fuzz(func(t *testing.T, before string, body uint64, sep uint8, wide bool, after string) {
		card := luhnCard(body)
		var b strings.Builder
		for i, c := range card {
			if i > 0 && i%4 == 0 && sep != 0 {
				switch sep % 4 {
				case 1:
					b.WriteByte(' ')
				case 2:
					b.WriteByte('-')
				case 3:
					b.WriteByte('.')
				default:
					b.WriteString("\u3000")
				}
			}
			if wide {
				b.WriteRune('０' + c - '0')
			} else {
				b.WriteRune(c)
			}
		}
		// A line break keeps the card's digits from running into digits
		// of the surrounding text (a 20-digit run is no card number).
		text := before + "\n" + b.String() + "\n" + after
		if !utf8.ValidString(text) || strings.Contains(plain(before+"\n"+after), card) {
			t.Skip()
		}
		fx := newFixture(t)
		tk := fx.open(t, alice, support.OpenRequest{})
		_, err := fx.desk.Reply(context.Background(), alice, tk.ID, support.ReplyRequest{Body: text})
		if err != nil {
			return // refused input stores nothing; other tests cover refusals
		}
		if all := fx.storedJSON(t, tk.ID); strings.Contains(plain(all), card) {
			t.Fatalf("card %s reached the store from %q", card, text)
		}
	})
}
