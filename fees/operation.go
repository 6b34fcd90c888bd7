package fees

import "fmt"

// Operation is what the customer does with the money. The schedule and the
// request name it with one of the constants below; other values are refused.
// An Operation is a plain value, safe for concurrent use.
type Operation string

// The operations a rule can match.
const (
	Payment    Operation = "payment"    // paying a merchant
	Transfer   Operation = "transfer"   // sending money to another person
	Withdrawal Operation = "withdrawal" // taking money out to a bank account or as cash
	TopUp      Operation = "top-up"     // adding money to a balance
	Exchange   Operation = "exchange"   // converting between the customer's own balances
	Refund     Operation = "refund"     // returning a payment
	Payout     Operation = "payout"     // a business paying out to a customer or a merchant
)

const numOperations = 7

// index returns the operation's position in the list above, or -1.
func (o Operation) index() int {
	switch o {
	case Payment:
		return 0
	case Transfer:
		return 1
	case Withdrawal:
		return 2
	case TopUp:
		return 3
	case Exchange:
		return 4
	case Refund:
		return 5
	case Payout:
		return 6
	}
	return -1
}

// Method is how the money is paid in. Other values than the constants below
// are refused.
// A Method is a plain value, safe for concurrent use.
type Method string

// The payment methods a rule can match.
const (
	Card         Method = "card"          // a debit or credit card
	BankTransfer Method = "bank-transfer" // a bank transfer or account-to-account payment
	DirectDebit  Method = "direct-debit"  // a debit the customer authorized
	Balance      Method = "balance"       // the customer's wallet balance with the platform
	Cash         Method = "cash"          // cash at an agent or a machine
)

const numMethods = 5

// index returns the method's position in the list above, or -1.
func (m Method) index() int {
	switch m {
	case Card:
		return 0
	case BankTransfer:
		return 1
	case DirectDebit:
		return 2
	case Balance:
		return 3
	case Cash:
		return 4
	}
	return -1
}

// Corridor restricts a rule to domestic or cross-border requests. A request is
// domestic when the sender's and the recipient's countries are the same.
// A Corridor is a plain value, safe for concurrent use.
type Corridor string

// The corridors. AnyCorridor (the empty string) matches both.
const (
	AnyCorridor Corridor = ""
	Domestic    Corridor = "domestic"
	CrossBorder Corridor = "cross-border"
)

func (c Corridor) valid() bool { return c == AnyCorridor || c == Domestic || c == CrossBorder }

// Payer says who bears the fees of a rule.
// A Payer is a plain value, safe for concurrent use.
type Payer string

// The payers. The empty Payer means Sender.
const (
	// Sender pays the fees on top: the sender is charged the amount plus the
	// fees, and the whole amount is delivered (converted if need be).
	Sender Payer = "sender"
	// Recipient bears the fees: they are deducted from the amount sent, and
	// the rest is delivered (converted if need be).
	Recipient Payer = "recipient"
)

func (p Payer) normalize() (Payer, error) {
	switch p {
	case "", Sender:
		return Sender, nil
	case Recipient:
		return Recipient, nil
	}
	return "", fmt.Errorf("unknown payer %q (want %q or %q)", truncate(string(p)), Sender, Recipient)
}

// Kind is the kind of a fee component.
// A Kind is a plain value, safe for concurrent use.
type Kind string

// The component kinds. Every kind except Fixed is a percentage of the send
// amount and accepts Min and Max caps.
const (
	// Percentage charges Percent of the send amount.
	Percentage Kind = "percentage"
	// Fixed charges a fixed amount, given per currency.
	Fixed Kind = "fixed"
	// Graduated charges each band of the send amount at its own tier's rate,
	// like tax brackets: with tiers 2% up to 1,000 and 1% above, 1,500 costs
	// 2% of 1,000 plus 1% of 500.
	Graduated Kind = "graduated"
	// Volume charges the whole send amount at the rate of the tier it falls
	// in: with tiers 2% up to 1,000 and 1% above, 1,500 costs 1% of 1,500.
	Volume Kind = "volume"
	// CrossBorderSurcharge charges Percent of the send amount on cross-border
	// requests only; on domestic ones it produces no line.
	CrossBorderSurcharge Kind = "cross-border"
)

func (k Kind) valid() bool {
	switch k {
	case Percentage, Fixed, Graduated, Volume, CrossBorderSurcharge:
		return true
	}
	return false
}

// Scope says where fees are rounded to the currency's minor units.
// A Scope is a plain value, safe for concurrent use.
type Scope uint8

const (
	// PerLine rounds every fee line; the total is the exact sum of the
	// rounded lines. This is the zero value.
	PerLine Scope = iota
	// OnTotal keeps every line exact (it may carry more decimals than the
	// currency has) and rounds only the total fee.
	OnTotal
)

// String returns "line" or "total".
func (s Scope) String() string {
	switch s {
	case PerLine:
		return "line"
	case OnTotal:
		return "total"
	}
	return fmt.Sprintf("Scope(%d)", uint8(s))
}

// MarshalText encodes the scope as "line" or "total".
func (s Scope) MarshalText() ([]byte, error) {
	if s > OnTotal {
		return nil, fmt.Errorf("fees: invalid rounding scope %d", uint8(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText decodes "line" or "total".
func (s *Scope) UnmarshalText(b []byte) error {
	switch string(b) {
	case "line":
		*s = PerLine
	case "total":
		*s = OnTotal
	default:
		return fmt.Errorf("fees: unknown rounding scope %q (want \"line\" or \"total\")", truncate(string(b)))
	}
	return nil
}
