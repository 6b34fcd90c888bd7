package support_test

import (
	"fmt"
	"time"

	"github.com/paydesk/paydesk/support"
)

// A support team in Berlin works weekdays from nine to six and is closed on
// Christmas. Four business hours after Friday 16:00 is Monday 11:00.
func ExampleCalendar_Add() {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		fmt.Println(err)
		return
	}
	hours, err := support.ParseHours("Mon-Fri 09:00-18:00")
	if err != nil {
		fmt.Println(err)
		return
	}
	christmas, _ := support.ParseDate("2026-12-25")
	cal, err := support.NewCalendar(berlin, hours, []support.Date{christmas})
	if err != nil {
		fmt.Println(err)
		return
	}

	friday := time.Date(2026, 11, 27, 16, 0, 0, 0, berlin)
	fmt.Println(cal.Add(friday, 4*time.Hour).Format("Mon 2006-01-02 15:04"))

	christmasEve := time.Date(2026, 12, 24, 17, 0, 0, 0, berlin)
	fmt.Println(cal.Add(christmasEve, 2*time.Hour).Format("Mon 2006-01-02 15:04"))
	fmt.Println(cal.Elapsed(friday, friday.AddDate(0, 0, 7)))
	// Output:
	// Mon 2026-11-30 11:00
	// Mon 2026-12-28 10:00
	// 45h0m0s
}

// A ticket's SLA clocks from creation to resolution: the first reply is met,
// the resolution clock pauses while the team waits on the customer, and Check
// reports the warning a Desk records in the ticket's history.
func ExampleSLAPolicy() {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		fmt.Println(err)
		return
	}
	hours, _ := support.ParseHours("Mon-Fri 09:00-18:00")
	cal, _ := support.NewCalendar(berlin, hours, nil)
	policy, err := support.NewSLAPolicy(support.SLAPolicyConfig{
		Calendar: cal,
		Targets: map[support.Priority]support.SLATargets{
			support.PriorityUrgent: {FirstReply: time.Hour, NextReply: 2 * time.Hour, Resolution: 4 * time.Hour},
			support.PriorityHigh:   {FirstReply: 2 * time.Hour, NextReply: 4 * time.Hour, Resolution: 8 * time.Hour},
			support.PriorityNormal: {FirstReply: 4 * time.Hour, NextReply: 8 * time.Hour, Resolution: 16 * time.Hour},
			support.PriorityLow:    {FirstReply: 8 * time.Hour, NextReply: 16 * time.Hour, Resolution: 40 * time.Hour},
		},
		WarnPercent: 25, // warn when a quarter of the budget is left
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	show := func(clocks []support.SLAClock) {
		for _, c := range clocks {
			switch c.Status {
			case support.SLAActive:
				fmt.Printf("  %-11s %-8s due %s\n", c.Target, c.Status, c.Due.Format("Mon 15:04"))
			case support.SLAPaused:
				fmt.Printf("  %-11s %-8s %v left\n", c.Target, c.Status, c.Remaining)
			default:
				fmt.Printf("  %-11s %-8s at %s\n", c.Target, c.Status, c.Stopped.Format("Mon 15:04"))
			}
		}
	}

	cat := support.CategoryPaymentFailed
	pr := support.DefaultPriorityRules().For(cat)
	opened := time.Date(2026, 11, 27, 16, 0, 0, 0, berlin) // a Friday afternoon
	fmt.Println("opened on Friday, priority", pr)
	clocks := policy.Start(opened, pr, cat)
	show(clocks)

	monday := time.Date(2026, 11, 30, 10, 15, 0, 0, berlin)
	clocks, changes := policy.Check(clocks, monday)
	for _, ch := range changes {
		fmt.Printf("check on Monday: %s %s at %s\n", ch.Target, ch.Kind, ch.At.Format("Mon 15:04"))
	}

	clocks = policy.Apply(clocks, support.SLAEventAgentReplied, monday.Add(15*time.Minute), pr, cat)
	clocks = policy.Apply(clocks, support.SLAEventWaiting, monday.Add(15*time.Minute), pr, cat)
	fmt.Println("answered, waiting on the customer")
	show(clocks)

	wednesday := time.Date(2026, 12, 2, 10, 0, 0, 0, berlin)
	clocks = policy.Apply(clocks, support.SLAEventCustomerReplied, wednesday, pr, cat)
	fmt.Println("the customer replied on Wednesday")
	show(clocks)

	clocks = policy.Apply(clocks, support.SLAEventSolved, wednesday.Add(5*time.Hour), pr, cat)
	fmt.Println("solved")
	show(clocks)
	// Output:
	// opened on Friday, priority normal
	//   first_reply active   due Mon 11:00
	//   resolution  active   due Tue 14:00
	// check on Monday: first_reply warning at Mon 10:00
	// answered, waiting on the customer
	//   first_reply met      at Mon 10:30
	//   resolution  paused   12h30m0s left
	// the customer replied on Wednesday
	//   first_reply met      at Mon 10:30
	//   next_reply  active   due Wed 18:00
	//   resolution  active   due Thu 13:30
	// solved
	//   first_reply met      at Mon 10:30
	//   next_reply  met      at Wed 15:00
	//   resolution  met      at Wed 15:00
}
