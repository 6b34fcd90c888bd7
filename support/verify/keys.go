package verify

import (
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"sync"
)

// MinKeyBytes is the shortest secret a Keyring accepts: 32 bytes, the size
// of an HMAC-SHA256 output.
const MinKeyBytes = 32

// Key is one HMAC-SHA256 secret of a Keyring, named by ID (stored with each
// challenge, so an old key still verifies its codes after rotation).
type Key struct {
	ID     string // 1 to 64 bytes of [a-z0-9_-.]
	Secret []byte // at least MinKeyBytes, from a secret store, never logged
}

// Keyring holds the keys that hash codes: the current key, which hashes the
// codes of new challenges, and older keys that still verify the challenges
// made with them. To rotate, build a Keyring with the new key first and the
// old ones after, give it to a new Service, and drop the old key once its
// challenges have expired (10 minutes at most); a challenge whose key is
// gone fails with ErrUnknownKey.
//
// A Keyring is immutable and safe for concurrent use. It copies the secrets
// it is given.
type Keyring struct {
	current string
	keys    map[string]*ringKey
}

type ringKey struct {
	secret []byte
	pool   sync.Pool // of hash.Hash: an HMAC is reset and reused, not rebuilt
}

// NewKeyring returns a Keyring whose current key is the first of keys. It
// refuses no keys, an empty or malformed ID, a duplicate ID, and a secret
// shorter than MinKeyBytes, with an error that never holds a secret.
func NewKeyring(keys ...Key) (*Keyring, error) {
	if len(keys) == 0 {
		return nil, errors.New("verify: NewKeyring: no key")
	}
	kr := &Keyring{current: keys[0].ID, keys: make(map[string]*ringKey, len(keys))}
	for i, k := range keys {
		if !validKeyID(k.ID) {
			return nil, fmt.Errorf("verify: NewKeyring: key %d: ID %q: use 1 to 64 of a-z, 0-9, '_', '-', '.'", i, trunc(k.ID))
		}
		if len(k.Secret) < MinKeyBytes {
			return nil, fmt.Errorf("verify: NewKeyring: key %q has %d bytes, at least %d are needed", k.ID, len(k.Secret), MinKeyBytes)
		}
		if _, dup := kr.keys[k.ID]; dup {
			return nil, fmt.Errorf("verify: NewKeyring: key %q given twice", k.ID)
		}
		rk := &ringKey{secret: append([]byte(nil), k.Secret...)}
		rk.pool.New = func() any { return hmac.New(sha256.New, rk.secret) }
		kr.keys[k.ID] = rk
	}
	return kr, nil
}

// Current returns the ID of the key that hashes new codes.
func (kr *Keyring) Current() string { return kr.current }

// Has reports whether the keyring holds the key with id.
func (kr *Keyring) Has(id string) bool { _, ok := kr.keys[id]; return ok }

// String lists the key IDs, never a secret.
func (kr *Keyring) String() string {
	return fmt.Sprintf("verify.Keyring{current: %q, keys: %d}", kr.current, len(kr.keys))
}

// sum appends to dst the HMAC of challenge id and code under key keyID, and
// reports whether the key is held. The message is the domain, the ID and
// the code separated by NUL bytes, so a hash is bound to its challenge.
func (kr *Keyring) sum(dst []byte, keyID, id, code string) ([]byte, bool) {
	k, ok := kr.keys[keyID]
	if !ok {
		return dst, false
	}
	h := k.pool.Get().(hash.Hash)
	h.Reset()
	var buf [128]byte
	msg := append(buf[:0], "paydesk/verify/v1\x00"...)
	msg = append(msg, id...)
	msg = append(msg, 0)
	msg = append(msg, code...)
	h.Write(msg)
	dst = h.Sum(dst)
	k.pool.Put(h)
	return dst, true
}

// check reports whether code is the code of challenge c, in constant time
// with respect to the code (hmac.Equal), and whether c's key is held.
func (kr *Keyring) check(c *Challenge, code string) (match, known bool) {
	var buf [sha256.Size]byte
	sum, ok := kr.sum(buf[:0], c.KeyID, c.ID, code)
	if !ok {
		return false, false
	}
	return hmac.Equal(sum, c.Hash), true
}

func validKeyID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}
