package diagnose_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/fees"
	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/diagnose"
)

func TestDelayStates(t *testing.T) {
	delays := diagnose.DefaultDelays()
	mon := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC) // a Monday
	cases := []struct {
		name     string
		p        diagnose.Payment
		now      time.Time
		state    diagnose.DelayState
		expected time.Time
	}{
		{"domestic transfer, same day", diagnose.Payment{Method: fees.BankTransfer, From: "us", To: "US", Sent: mon}, mon.Add(2 * time.Hour),
			diagnose.DelayWithin, time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)},
		{"domestic transfer, slow", diagnose.Payment{Method: fees.BankTransfer, From: "US", To: "US", Sent: mon}, mon.Add(40 * time.Hour),
			diagnose.DelaySlow, time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)},
		{"domestic transfer, overdue", diagnose.Payment{Method: fees.BankTransfer, From: "US", To: "US", Sent: mon}, mon.Add(72 * time.Hour),
			diagnose.DelayOverdue, time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)},
		{"SEPA region wins over cross-border", diagnose.Payment{Method: fees.BankTransfer, From: "FR", To: "DE", Sent: mon}, mon.Add(40 * time.Hour),
			diagnose.DelaySlow, time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)},
		{"cross-border", diagnose.Payment{Method: fees.BankTransfer, From: "US", To: "DE", Sent: mon}, mon.Add(40 * time.Hour),
			diagnose.DelayWithin, time.Date(2026, 3, 6, 0, 0, 0, 0, time.UTC)},
		{"wallet, minutes", diagnose.Payment{Method: fees.Balance, From: "CN", To: "CN", Sent: mon}, mon.Add(20 * time.Minute),
			diagnose.DelaySlow, mon.Add(10 * time.Minute)},
		{"sent in the future", diagnose.Payment{Method: fees.Card, From: "CN", To: "CN", Sent: mon}, mon.Add(-time.Hour),
			diagnose.DelayWithin, time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)},
		{"no window", diagnose.Payment{Method: fees.Cash, From: "CN", To: "CN", Sent: mon}, mon,
			diagnose.DelayUnknown, time.Time{}},
	}
	for _, c := range cases {
		d, err := delays.Check(c.p, c.now)
		require.NoError(t, err, c.name)
		assert.Equal(t, c.state, d.State, c.name)
		assert.True(t, c.expected.Equal(d.Expected), "%s: expected %v, got %v", c.name, c.expected, d.Expected)
		assert.Equal(t, c.state == diagnose.DelayOverdue || c.state == diagnose.DelayUnknown, d.ForCustomer().NeedsAgent, c.name)
	}
}

func TestDelayCalendarHolidays(t *testing.T) {
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Skip("no time zone data")
	}
	hours, err := support.ParseHours("Mon-Fri 09:00-17:00")
	require.NoError(t, err)
	cal, err := support.NewCalendar(sh, hours, []support.Date{{Year: 2026, Month: 10, Day: 1}, {Year: 2026, Month: 10, Day: 2}})
	require.NoError(t, err)
	delays, err := diagnose.NewDelays(cal)
	require.NoError(t, err)
	sent := time.Date(2026, 9, 30, 16, 0, 0, 0, sh) // Wednesday, before a holiday
	d, err := delays.Check(diagnose.Payment{Method: fees.BankTransfer, From: "CN", To: "CN", Sent: sent}, sent)
	require.NoError(t, err)
	// Thu 1 and Fri 2 are holidays, Sat and Sun closed: Monday 5 is the first business day.
	assert.Equal(t, time.Date(2026, 10, 6, 0, 0, 0, 0, sh), d.Expected)
	e := diagnose.DefaultMessages().Explain(d.ForCustomer(), language.SimplifiedChinese)
	assert.Contains(t, e.Text, "2026年10月6日")
}

func TestDelayHostWindows(t *testing.T) {
	delays, err := diagnose.NewDelays(nil,
		diagnose.Window{Method: fees.Cash, Expected: diagnose.Period{Elapsed: time.Hour}, Worry: diagnose.Period{BusinessDays: 1}},
		diagnose.Window{Method: fees.Card, Corridor: fees.Domestic, Expected: diagnose.Period{Elapsed: time.Hour}, Worry: diagnose.Period{Elapsed: 2 * time.Hour}},
	)
	require.NoError(t, err)
	mon := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	d, err := delays.Check(diagnose.Payment{Method: fees.Card, From: "GB", To: "GB", Sent: mon}, mon.Add(3*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, diagnose.DelayOverdue, d.State)
	d, err = delays.Check(diagnose.Payment{Method: fees.Cash, From: "GB", To: "FR", Sent: mon}, mon)
	require.NoError(t, err)
	assert.Equal(t, diagnose.DelayWithin, d.State)
	assert.Len(t, delays.Windows(), len(diagnose.BuiltinWindows())+1)

	for _, bad := range []diagnose.Window{
		{Method: "Card!", Expected: diagnose.Period{Elapsed: time.Hour}, Worry: diagnose.Period{Elapsed: time.Hour}},
		{Method: fees.Card, Corridor: "sideways", Expected: diagnose.Period{Elapsed: time.Hour}, Worry: diagnose.Period{Elapsed: time.Hour}},
		{Method: fees.Card, Expected: diagnose.Period{}, Worry: diagnose.Period{Elapsed: time.Hour}},
		{Method: fees.Card, Expected: diagnose.Period{Elapsed: 2 * time.Hour}, Worry: diagnose.Period{Elapsed: time.Hour}},
		{Method: fees.Card, Region: "X", Expected: diagnose.Period{Elapsed: time.Hour}, Worry: diagnose.Period{Elapsed: time.Hour}},
		{Method: fees.Card, Region: "X", Countries: []string{"USA"}, Expected: diagnose.Period{Elapsed: time.Hour}, Worry: diagnose.Period{Elapsed: time.Hour}},
	} {
		_, err := diagnose.NewDelays(nil, bad)
		assert.ErrorIs(t, err, diagnose.ErrInvalidRule, "%+v", bad)
	}
}

func TestDelayBadInput(t *testing.T) {
	delays := diagnose.DefaultDelays()
	now := time.Now()
	for _, p := range []diagnose.Payment{
		{From: "US", To: "US", Sent: now},
		{Method: "Bank Transfer", From: "US", To: "US", Sent: now},
		{Method: fees.Card, From: "USA", To: "US", Sent: now},
		{Method: fees.Card, From: "US", To: "", Sent: now},
		{Method: fees.Card, From: "US", To: "US"},
	} {
		_, err := delays.Check(p, now)
		assert.ErrorIs(t, err, diagnose.ErrInvalidPayment, "%+v", p)
		assert.ErrorIs(t, err, support.ErrInvalidInput)
	}
}

func TestDelayTexts(t *testing.T) {
	msgs := diagnose.DefaultMessages()
	mon := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for _, now := range []time.Time{mon, mon.Add(40 * time.Hour), mon.Add(100 * time.Hour)} {
		d, err := diagnose.DefaultDelays().Check(diagnose.Payment{Method: fees.BankTransfer, From: "US", To: "US", Sent: mon}, now)
		require.NoError(t, err)
		checkRenders(t, msgs, d.ForCustomer())
		checkRenders(t, msgs, d.ForAgent())
	}
	checkRenders(t, msgs, diagnose.Delay{}.ForCustomer())
	checkRenders(t, msgs, diagnose.Delay{}.ForAgent())
}
