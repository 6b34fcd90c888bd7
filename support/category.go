package support

import (
	"fmt"
	"slices"
)

// UnknownCategoryError reports a category code that is malformed or not in the
// set of categories in use. It matches ErrUnknownCategory.
type UnknownCategoryError struct {
	Code   string // the offending code, truncated to 64 bytes
	Reason string // "not in the category set" or what is malformed
}

// Error describes the code and why it is refused.
func (e *UnknownCategoryError) Error() string {
	return fmt.Sprintf("support: unknown category %q: %s", e.Code, e.Reason)
}

// Is reports whether target is ErrUnknownCategory.
func (e *UnknownCategoryError) Is(target error) bool { return target == ErrUnknownCategory }

func malformedCategory(code string) error {
	reason := "a code is 1 to 64 characters a-z, 0-9 and _, starting with a letter"
	return &UnknownCategoryError{Code: clipInput(code), Reason: reason}
}

// Category is what a ticket is about, as a stable snake_case code such as
// "payment_failed". The code is what is stored, sent over the wire and used in
// metrics; display names belong to the host's message catalogs.
//
// The built-in categories are the constants below (see Categories). A host
// that needs its own defines them as constants of this type —
//
//	const CategoryCrypto support.Category = "crypto_transfer"
//
// — and configures its Desk with a CategorySet that contains them
// (NewCategorySet(append(support.Categories(), CategoryCrypto)...)). A code
// must be well formed (see WellFormed); membership is checked against the set
// in use, not by the type, so that tickets stored with a host's categories
// decode without the host's configuration.
//
// The zero value, "", is not a category. Category is a plain value and safe for
// concurrent use.
type Category string

// The built-in categories.
const (
	CategoryAccountRegistration  Category = "account_registration"   // signing up, verification of a new account
	CategoryPaymentFailed        Category = "payment_failed"         // a payment was declined or errored
	CategoryPaymentDelayed       Category = "payment_delayed"        // a payment is pending longer than promised
	CategoryAccountLocked        Category = "account_locked"         // the account is locked or limited
	CategoryRefund               Category = "refund"                 // the customer wants money back from a merchant
	CategoryDispute              Category = "dispute"                // the customer contests a charge
	CategoryFees                 Category = "fees"                   // questions about fees charged
	CategoryCurrencyExchange     Category = "currency_exchange"      // conversion rates and amounts
	CategorySecurity             Category = "security"               // suspected fraud, phishing, account takeover
	CategoryAccountDetailsChange Category = "account_details_change" // changing name, phone, e-mail, bank details
	CategoryComplaint            Category = "complaint"              // a formal complaint about the service
	CategoryOther                Category = "other"                  // anything else
)

// builtinCategories is read-only; Categories returns copies.
var builtinCategories = [...]Category{
	CategoryAccountRegistration,
	CategoryPaymentFailed,
	CategoryPaymentDelayed,
	CategoryAccountLocked,
	CategoryRefund,
	CategoryDispute,
	CategoryFees,
	CategoryCurrencyExchange,
	CategorySecurity,
	CategoryAccountDetailsChange,
	CategoryComplaint,
	CategoryOther,
}

// Categories returns the built-in categories in a new slice, in a stable order
// suitable for a menu (CategoryOther last).
func Categories() []Category {
	return slices.Clone(builtinCategories[:])
}

// ParseCategory returns the built-in category with the given code (exact, lower
// case). A malformed code or one that is not built in gets an
// *UnknownCategoryError. To accept a host's own categories use
// CategorySet.Parse.
func ParseCategory(code string) (Category, error) {
	return (*CategorySet)(nil).Parse(code)
}

// IsValid reports whether c is one of the built-in categories. A host's own
// category is valid for a Desk whose CategorySet contains it; check that with
// CategorySet.Contains.
func (c Category) IsValid() bool {
	return slices.Contains(builtinCategories[:], c)
}

// WellFormed reports whether c is syntactically a category code: 1 to 64
// bytes of a-z, 0-9 and '_', starting with a letter. It does not say whether
// any CategorySet contains c.
func (c Category) WellFormed() bool {
	if len(c) == 0 || len(c) > 64 || c[0] < 'a' || c[0] > 'z' {
		return false
	}
	for i := 1; i < len(c); i++ {
		b := c[i]
		if (b < 'a' || b > 'z') && (b < '0' || b > '9') && b != '_' {
			return false
		}
	}
	return true
}

// String returns the code.
func (c Category) String() string { return string(c) }

// MarshalText implements encoding.TextMarshaler. A malformed code is an error.
func (c Category) MarshalText() ([]byte, error) {
	if !c.WellFormed() {
		return nil, malformedCategory(string(c))
	}
	return []byte(c), nil
}

// UnmarshalText implements encoding.TextUnmarshaler. It accepts any well-formed
// code, built in or not, so that stored tickets with a host's categories
// decode; a Desk checks membership in its CategorySet when a ticket is created
// or re-categorized. On error *c is left unchanged.
func (c *Category) UnmarshalText(text []byte) error {
	v := Category(text)
	if !v.WellFormed() {
		return malformedCategory(string(text))
	}
	*c = v
	return nil
}

// CategorySet is the set of categories a Desk accepts: the built-in ones, or a
// host's own list. A nil *CategorySet is the built-in set. A CategorySet is
// immutable once built and safe for concurrent use.
type CategorySet struct {
	list []Category // in the order given
	set  map[Category]struct{}
}

// NewCategorySet returns a set of the given categories, kept in the given
// order. Every code must be well formed and appear once, and the set must not
// be empty; otherwise the error matches ErrUnknownCategory.
func NewCategorySet(categories ...Category) (*CategorySet, error) {
	if len(categories) == 0 {
		return nil, &UnknownCategoryError{Reason: "a category set needs at least one category"}
	}
	s := &CategorySet{list: slices.Clone(categories), set: make(map[Category]struct{}, len(categories))}
	for _, c := range categories {
		if !c.WellFormed() {
			return nil, malformedCategory(string(c))
		}
		if _, dup := s.set[c]; dup {
			return nil, &UnknownCategoryError{Code: string(c), Reason: "listed twice in the category set"}
		}
		s.set[c] = struct{}{}
	}
	return s, nil
}

// Contains reports whether c is in the set.
func (s *CategorySet) Contains(c Category) bool {
	if s == nil {
		return c.IsValid()
	}
	_, ok := s.set[c]
	return ok
}

// Categories returns the set's categories, in order, in a new slice.
func (s *CategorySet) Categories() []Category {
	if s == nil {
		return Categories()
	}
	return slices.Clone(s.list)
}

// Parse returns the category with the given code if the set contains it, and
// an *UnknownCategoryError otherwise.
func (s *CategorySet) Parse(code string) (Category, error) {
	c := Category(code)
	if !c.WellFormed() {
		return "", malformedCategory(code)
	}
	if !s.Contains(c) {
		return "", &UnknownCategoryError{Code: code, Reason: "not in the category set"}
	}
	return c, nil
}
