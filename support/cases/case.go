package cases

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paydesk/paydesk/currency"
	"github.com/paydesk/paydesk/fees"
	"github.com/paydesk/paydesk/support"
)

// Kind says what a case is: a refund request or a card-network dispute. A
// Kind is a plain value, safe for concurrent use; the zero Kind is invalid.
type Kind uint8

// The kinds of case.
const (
	// KindRefund is a customer's request for money back from a merchant or
	// the platform, settled by staff with Service.Refund.
	KindRefund Kind = iota + 1
	// KindDispute contests a charge through the card network: it has a
	// reason, an evidence checklist, a respond-by deadline and an outcome.
	KindDispute
)

var kindNames = [...]string{"", "refund", "dispute"}

// String returns "refund" or "dispute".
func (k Kind) String() string {
	if k.IsValid() {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// IsValid reports whether k is one of the defined kinds.
func (k Kind) IsValid() bool { return k == KindRefund || k == KindDispute }

// ParseKind parses a kind as written by String.
func ParseKind(s string) (Kind, error) {
	for i := 1; i < len(kindNames); i++ {
		if kindNames[i] == s {
			return Kind(i), nil
		}
	}
	return 0, inputErr("kind", nil, fmt.Sprintf("unknown case kind %q", clip(s)))
}

// MarshalText encodes k as its name.
func (k Kind) MarshalText() ([]byte, error) {
	if !k.IsValid() {
		return nil, inputErr("kind", nil, k.String())
	}
	return []byte(kindNames[k]), nil
}

// UnmarshalText decodes a kind name.
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := ParseKind(string(b))
	if err == nil {
		*k = v
	}
	return err
}

// Card identifies the card of a transaction the way a customer recognises
// it, never by its number: the brand ("visa", "mastercard", ...) and the
// last four digits. A Card is a plain value, safe for concurrent reads.
type Card struct {
	Brand string `json:"brand,omitempty"`
	Last4 string `json:"last4,omitempty"`
}

// Validate checks that Last4 is empty or exactly four ASCII digits; a longer
// run of digits is refused with ErrFullCardNumber, so that no card number
// ever reaches a store.
func (c Card) Validate() error {
	if c.Last4 != "" {
		digits, other := 0, false
		for _, r := range c.Last4 {
			switch {
			case r >= '0' && r <= '9', r >= '０' && r <= '９':
				digits++
			case r == ' ' || r == '-':
			default:
				other = true
			}
		}
		switch {
		case digits > 4:
			return inputErr("transaction.card.last4", ErrFullCardNumber, fmt.Sprintf("%d digits", digits))
		case other || len(c.Last4) != 4 || digits != 4:
			return inputErr("transaction.card.last4", nil, "exactly four digits")
		}
	}
	if len(c.Brand) > MaxNameBytes || !printable(c.Brand) {
		return inputErr("transaction.card.brand", nil, "at most 64 printable bytes")
	}
	return nil
}

// MaxNameBytes bounds the short texts of a case: IDs, merchant, brand,
// attachment names and references.
const MaxNameBytes = 64

// MaxMerchantBytes bounds a merchant's name.
const MaxMerchantBytes = 200

// Transaction is the payment a case is about. Amount is what was charged,
// in the currency refunds must use. Country and CustomerCountry (ISO 3166-1
// alpha-2) are needed only to quote a refund's fees (Options.Quoter): the
// refund goes from the merchant's country to the customer's. A Transaction
// is a plain value, safe for concurrent reads.
type Transaction struct {
	ID              string          `json:"id"`
	Amount          currency.Amount `json:"amount"`
	Date            time.Time       `json:"date"`
	Merchant        string          `json:"merchant"`
	Method          fees.Method     `json:"method"`
	Card            Card            `json:"card,omitzero"`
	Country         string          `json:"country,omitempty"`
	CustomerCountry string          `json:"customer_country,omitempty"`
}

var methods = []fees.Method{fees.Card, fees.BankTransfer, fees.DirectDebit, fees.Balance, fees.Cash}

// Validate checks the transaction: an ID, a positive amount with no more
// decimals than its currency's minor units, a date, a merchant, a known
// payment method and a valid card (only for card payments).
func (t *Transaction) Validate() error {
	switch {
	case t.ID == "" || len(t.ID) > MaxNameBytes || !printable(t.ID) || strings.ContainsRune(t.ID, ' '):
		return inputErr("transaction.id", nil, "1 to 64 printable bytes without spaces")
	case t.Amount.Currency().Code() == "" || !t.Amount.IsPositive():
		return inputErr("transaction.amount", nil, "a positive amount with a currency")
	case !t.Amount.IsRounded():
		return inputErr("transaction.amount", nil, "more decimals than the currency has")
	case t.Date.IsZero():
		return inputErr("transaction.date", nil, "required")
	case t.Merchant == "" || len(t.Merchant) > MaxMerchantBytes || !printable(t.Merchant):
		return inputErr("transaction.merchant", nil, "1 to 200 printable bytes")
	case !slices.Contains(methods, t.Method):
		return inputErr("transaction.method", nil, fmt.Sprintf("unknown payment method %q", clip(string(t.Method))))
	case t.Method != fees.Card && t.Card != (Card{}):
		return inputErr("transaction.card", nil, "only card payments have a card")
	case !country(t.Country) || !country(t.CustomerCountry):
		return inputErr("transaction.country", nil, "two upper-case letters")
	}
	return t.Card.Validate()
}

func country(s string) bool {
	return s == "" || len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// Case is a refund request or a dispute about one transaction, attached to
// one support ticket whose history tells its story. Its state that is not an
// event — the evidence, the refunded total, the status, the version — lives
// in the Store.
//
// A Case is a plain value: the Service and the stores hand out copies the
// caller owns; it is not safe for concurrent modification.
type Case struct {
	ID          support.ID  `json:"id"`
	Ticket      support.ID  `json:"ticket"`
	Customer    string      `json:"customer"`
	Kind        Kind        `json:"kind"`
	Transaction Transaction `json:"transaction"`
	Reason      Reason      `json:"reason,omitzero"` // disputes only
	Status      Status      `json:"status"`
	// RespondBy is the deadline of a dispute's evidence (the network's
	// respond-by date); zero for refunds.
	RespondBy time.Time `json:"respond_by,omitzero"`
	// Evidence is the dispute's evidence: a draft until SubmittedAt is set,
	// then frozen.
	Evidence    Evidence  `json:"evidence,omitzero"`
	SubmittedAt time.Time `json:"submitted_at,omitzero"`
	// Refunded is the sum of the case's refunds, in the transaction's
	// currency; it never exceeds Transaction.Amount.
	Refunded currency.Amount `json:"refunded"`
	// Note is staff's internal note on the case; customers never see it.
	Note      string    `json:"note,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int64     `json:"version"` // 1 when created; +1 on every change
}

// Remaining returns what can still be refunded: Transaction.Amount minus
// Refunded.
func (c *Case) Remaining() currency.Amount {
	r, err := c.Transaction.Amount.Sub(c.Refunded)
	if err != nil { // unreachable for a valid case
		return c.Transaction.Amount
	}
	return r
}

// Submitted reports whether the evidence was submitted and is frozen.
func (c *Case) Submitted() bool { return !c.SubmittedAt.IsZero() }

// Clone returns a deep copy of c.
func (c *Case) Clone() *Case {
	d := *c
	d.Evidence = c.Evidence.Clone()
	return &d
}

// CustomerView returns the case as its customer sees it: without staff's
// internal note.
func (c *Case) CustomerView() *Case {
	d := c.Clone()
	d.Note = ""
	return d
}

// Validate checks that c is a consistent case: what a store may hold.
func (c *Case) Validate() error {
	switch {
	case !ident(string(c.ID)):
		return inputErr("id", nil, "1 to 64 printable bytes without spaces")
	case !ident(string(c.Ticket)):
		return inputErr("ticket", nil, "1 to 64 printable bytes without spaces")
	case c.Customer == "" || len(c.Customer) > MaxNameBytes || !printable(c.Customer):
		return inputErr("customer", support.ErrMissingCustomer, "")
	case !c.Kind.IsValid():
		return inputErr("kind", nil, c.Kind.String())
	case !c.Status.IsValid():
		return inputErr("status", support.ErrUnknownStatus, c.Status.String())
	case !c.Status.validFor(c.Kind):
		return inputErr("status", nil, fmt.Sprintf("a %s case is never %s", c.Kind, c.Status))
	case c.Kind == KindDispute && !c.Reason.IsValid():
		return inputErr("reason", nil, "a dispute needs a reason")
	case c.Kind == KindRefund && c.Reason != 0:
		return inputErr("reason", nil, "only disputes have a reason")
	case c.Kind == KindRefund && (!c.RespondBy.IsZero() || !c.SubmittedAt.IsZero() || !c.Evidence.IsZero()):
		return inputErr("evidence", nil, "only disputes have evidence")
	case c.Kind == KindDispute && c.RespondBy.IsZero():
		return inputErr("respond_by", nil, "a dispute needs a deadline")
	case len(c.Note) > DefaultMaxTextBytes || !utf8.ValidString(c.Note):
		return inputErr("note", support.ErrTooLong, "")
	case c.Version < 1:
		return inputErr("version", nil, "at least 1")
	}
	if err := c.Transaction.Validate(); err != nil {
		return err
	}
	if c.Refunded.Currency() != c.Transaction.Amount.Currency() || c.Refunded.IsNegative() {
		return inputErr("refunded", nil, "not negative, in the transaction's currency")
	}
	if r := c.Remaining(); r.IsNegative() {
		return inputErr("refunded", ErrRefundExceeds, "more than the transaction")
	}
	if c.Kind == KindDispute {
		if err := c.Evidence.check(c.Reason, DefaultLimits()); err != nil {
			return err
		}
	}
	return nil
}

// caseJSON is Case without its methods, for strict decoding.
type caseJSON Case

// UnmarshalJSON decodes a case strictly: unknown members, trailing data and
// a case that fails Validate are refused.
func (c *Case) UnmarshalJSON(data []byte) error {
	var v caseJSON
	if err := strictJSON(data, &v); err != nil {
		return inputErr("case", nil, err.Error())
	}
	d := Case(v)
	if err := d.Validate(); err != nil {
		return err
	}
	*c = d
	return nil
}

// strictJSON decodes data into v refusing unknown members and trailing data.
func strictJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data")
	}
	if _, err := dec.Token(); err == nil {
		return fmt.Errorf("trailing data")
	}
	return nil
}

// ident reports whether s is 1 to MaxNameBytes printable ASCII bytes
// without spaces.
func ident(s string) bool {
	if s == "" || len(s) > MaxNameBytes {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// printable reports whether s is valid UTF-8 without control characters.
func printable(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || r < ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return false
		}
	}
	return true
}

// clip shortens s for an error message.
func clip(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strings.ToValidUTF8(s, "�")
}
