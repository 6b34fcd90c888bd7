package currency

import "github.com/shopspring/decimal"

// AllocateExact exposes the arbitrary-precision path of Allocate so that tests
// can check it agrees with the fast path.
func AllocateExact(a Amount, ratios ...decimal.Decimal) ([]Amount, error) {
	return allocateExact(a, a.unitPlaces(), ratios)
}

// DecodeJSONFull exposes the encoding/json-based decoder, which Decode uses
// only for strings it does not decode itself, so that tests can check that
// both read every input the same way.
func DecodeJSONFull(d JSONDecoder, data []byte) (Amount, error) {
	return d.decodeFull(data)
}
