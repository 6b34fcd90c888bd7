package currency

import "io"

// ParseECBLimit exposes ParseECB with another size limit, so that tests can
// check the limit without reading megabytes.
func ParseECBLimit(r io.Reader, limit int64) ([]Rate, error) { return ECBParser{}.parse(r, limit) }
