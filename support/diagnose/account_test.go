package diagnose_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/diagnose"
)

func TestLocks(t *testing.T) {
	locks := diagnose.DefaultLocks()
	msgs := diagnose.DefaultMessages()
	for _, r := range locks.Rules() {
		l, err := locks.Lookup(r.Reason)
		require.NoError(t, err)
		assert.True(t, l.Known())
		checkRenders(t, msgs, l.ForCustomer())
		checkRenders(t, msgs, l.ForAgent())
		if r.Sensitive {
			assert.Equal(t, diagnose.CauseAccountReview, l.ForCustomer().Cause)
			assert.Empty(t, l.ForCustomer().Code)
		} else {
			assert.Equal(t, r.NeedsVerification, l.ForCustomer().NeedsVerification)
		}
	}
	l, err := locks.Lookup("Documents Expired")
	require.NoError(t, err)
	assert.True(t, l.ForCustomer().NeedsVerification)
	assert.Equal(t, "identity-documents", l.ForCustomer().Article)

	l, err = locks.Lookup("sanctions_screening_hit")
	require.NoError(t, err)
	assert.False(t, l.Known())
	assert.Equal(t, diagnose.CauseAccountReview, l.ForCustomer().Cause)
	assert.True(t, l.ForCustomer().NeedsAgent)
	assert.Equal(t, diagnose.CauseUnknownLock, l.ForAgent().Cause)
	assert.Equal(t, "sanctions_screening_hit", l.ForAgent().Code)
	checkRenders(t, msgs, l.ForAgent())

	_, err = locks.Lookup(strings.Repeat("x", 300))
	assert.ErrorIs(t, err, support.ErrTooLong)
	l, err = locks.Lookup("??")
	assert.ErrorIs(t, err, diagnose.ErrInvalidCode)
	assert.Equal(t, diagnose.CauseAccountReview, l.ForCustomer().Cause)

	host, err := diagnose.NewLocks(diagnose.LockRule{Reason: "too_many_attempts", Cause: diagnose.CauseTooManyAttempts, NeedsAgent: true})
	require.NoError(t, err)
	l, _ = host.Lookup("too_many_attempts")
	assert.True(t, l.ForCustomer().NeedsAgent)
	_, err = diagnose.NewLocks(diagnose.LockRule{Reason: "Bad", Cause: "x"})
	assert.ErrorIs(t, err, diagnose.ErrInvalidRule)
}
