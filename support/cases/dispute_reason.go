package cases

import "fmt"

// Reason is why a customer disputes a charge: the reason categories card
// networks group their reason codes into, named the way payment processors
// such as Stripe name them. Each reason has its own evidence checklist
// (Reason.Checklist). A Reason is a plain value, safe for concurrent use;
// the zero Reason is invalid.
type Reason uint8

// The dispute reasons.
const (
	// ReasonFraudulent: the cardholder did not authorize the payment
	// (Visa 10.x, Mastercard 4837/4863, Amex F-codes).
	ReasonFraudulent Reason = iota + 1
	// ReasonUnrecognized: the cardholder does not recognise the charge.
	ReasonUnrecognized
	// ReasonProductNotReceived: goods or services paid for never arrived.
	ReasonProductNotReceived
	// ReasonProductUnacceptable: what arrived was defective, damaged or not
	// as described.
	ReasonProductUnacceptable
	// ReasonDuplicate: the customer was charged twice for one purchase, or
	// paid by other means as well.
	ReasonDuplicate
	// ReasonSubscriptionCanceled: a recurring payment taken after the
	// customer cancelled it.
	ReasonSubscriptionCanceled
	// ReasonCreditNotProcessed: a refund or credit promised (a return, a
	// cancellation) never came.
	ReasonCreditNotProcessed
	// ReasonIncorrectAmount: the amount charged differs from the amount
	// agreed (Visa 12.5, Amex P05). Processors that do not name it file it
	// under general.
	ReasonIncorrectAmount
	// ReasonGeneral: any other reason.
	ReasonGeneral
)

var reasonNames = [...]string{"", "fraudulent", "unrecognized", "product_not_received",
	"product_unacceptable", "duplicate", "subscription_canceled", "credit_not_processed",
	"incorrect_amount", "general"}

// Reasons returns every reason, in order.
func Reasons() []Reason {
	out := make([]Reason, 0, len(reasonNames)-1)
	for i := 1; i < len(reasonNames); i++ {
		out = append(out, Reason(i))
	}
	return out
}

// String returns the reason's snake_case name, such as "product_not_received".
func (r Reason) String() string {
	if r.IsValid() {
		return reasonNames[r]
	}
	return fmt.Sprintf("Reason(%d)", uint8(r))
}

// IsValid reports whether r is one of the defined reasons.
func (r Reason) IsValid() bool { return r >= ReasonFraudulent && r <= ReasonGeneral }

// ParseReason parses a reason as written by String. Anything else,
// including other spellings and cases, is a *support.InputError.
func ParseReason(s string) (Reason, error) {
	for i := 1; i < len(reasonNames); i++ {
		if reasonNames[i] == s {
			return Reason(i), nil
		}
	}
	return 0, inputErr("reason", nil, fmt.Sprintf("unknown dispute reason %q", clip(s)))
}

// MarshalText encodes r as its name.
func (r Reason) MarshalText() ([]byte, error) {
	if !r.IsValid() {
		return nil, inputErr("reason", nil, r.String())
	}
	return []byte(reasonNames[r]), nil
}

// UnmarshalText decodes a reason name.
func (r *Reason) UnmarshalText(b []byte) error {
	v, err := ParseReason(string(b))
	if err == nil {
		*r = v
	}
	return err
}

// ItemKind is the kind of value a checklist item takes. It is a plain value,
// safe for concurrent use.
type ItemKind uint8

// The item kinds.
const (
	// ItemText is free text, at most Limits.MaxTextBytes.
	ItemText ItemKind = iota + 1
	// ItemDate is a calendar date written YYYY-MM-DD.
	ItemDate
	// ItemID is a reference such as a tracking number or a charge ID: 1 to
	// 64 printable ASCII bytes without spaces.
	ItemID
	// ItemAmount is an amount written as currency.ParseAmount reads it
	// ("12.34 USD").
	ItemAmount
	// ItemAttachment is satisfied by one or more attachments for the item.
	ItemAttachment
)

var itemKindNames = [...]string{"", "text", "date", "id", "amount", "attachment"}

// String returns "text", "date", "id", "amount" or "attachment".
func (k ItemKind) String() string {
	if k >= ItemText && k <= ItemAttachment {
		return itemKindNames[k]
	}
	return fmt.Sprintf("ItemKind(%d)", uint8(k))
}

// MarshalText encodes k as its name.
func (k ItemKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Item is one entry of an evidence checklist. It is a plain value.
type Item struct {
	Name     string   `json:"name"` // the key in Evidence.Fields, or Attachment.Item
	Kind     ItemKind `json:"kind"`
	Required bool     `json:"required"`
}

// Checklist returns the evidence a dispute with reason r needs, in the order
// a form shows it; each call returns a new slice. An invalid reason has an
// empty checklist.
func (r Reason) Checklist() []Item {
	req := func(name string, k ItemKind) Item { return Item{Name: name, Kind: k, Required: true} }
	opt := func(name string, k ItemKind) Item { return Item{Name: name, Kind: k} }
	switch r {
	case ReasonFraudulent:
		return []Item{req("explanation", ItemText), opt("card_in_possession_since", ItemDate),
			opt("police_report", ItemAttachment), opt("communication", ItemAttachment)}
	case ReasonUnrecognized:
		return []Item{req("explanation", ItemText), opt("receipt", ItemAttachment)}
	case ReasonProductNotReceived:
		return []Item{req("shipping_carrier", ItemText), req("tracking_number", ItemID),
			req("shipped_on", ItemDate), opt("expected_by", ItemDate),
			opt("explanation", ItemText), opt("communication", ItemAttachment)}
	case ReasonProductUnacceptable:
		return []Item{req("problem_description", ItemText), opt("returned_on", ItemDate),
			opt("return_tracking_number", ItemID), opt("photos", ItemAttachment),
			opt("communication", ItemAttachment)}
	case ReasonDuplicate:
		return []Item{req("other_charge_id", ItemID), opt("explanation", ItemText),
			opt("other_charge_receipt", ItemAttachment)}
	case ReasonSubscriptionCanceled:
		return []Item{req("canceled_on", ItemDate), opt("cancellation_reference", ItemID),
			opt("explanation", ItemText), opt("cancellation_confirmation", ItemAttachment)}
	case ReasonCreditNotProcessed:
		return []Item{req("explanation", ItemText), req("credit_promised_on", ItemDate),
			opt("return_tracking_number", ItemID), opt("credit_confirmation", ItemAttachment)}
	case ReasonIncorrectAmount:
		return []Item{req("agreed_amount", ItemAmount), opt("explanation", ItemText),
			opt("receipt", ItemAttachment)}
	case ReasonGeneral:
		return []Item{req("explanation", ItemText), opt("supporting_document", ItemAttachment)}
	}
	return nil
}
