package support_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	_ "time/tzdata" // the calendar tests need Europe/Berlin, America/New_York and Australia/Sydney on any machine
)

// The helpers below keep the tests of priorities, categories, calendars and
// SLAs readable with the standard library alone. msgAndArgs is an optional
// format string and its arguments.

func describe(msgAndArgs []any) string {
	if len(msgAndArgs) == 0 {
		return ""
	}
	if format, ok := msgAndArgs[0].(string); ok {
		return ": " + fmt.Sprintf(format, msgAndArgs[1:]...)
	}
	return ": " + fmt.Sprint(msgAndArgs...)
}

// wantEqual reports an error if got is not deeply equal to want.
func wantEqual(t testing.TB, want, got any, msgAndArgs ...any) bool {
	t.Helper()
	if !reflect.DeepEqual(want, got) {
		t.Errorf("got  %#v\nwant %#v%s", got, want, describe(msgAndArgs))
		return false
	}
	return true
}

// mustEqual stops the test if got is not deeply equal to want.
func mustEqual(t testing.TB, want, got any, msgAndArgs ...any) {
	t.Helper()
	if !wantEqual(t, want, got, msgAndArgs...) {
		t.FailNow()
	}
}

// mustTrue stops the test if cond is false.
func mustTrue(t testing.TB, cond bool, msgAndArgs ...any) {
	t.Helper()
	if !cond {
		t.Fatalf("condition failed%s", describe(msgAndArgs))
	}
}

// wantTrue reports an error if cond is false, and returns cond.
func wantTrue(t testing.TB, cond bool, msgAndArgs ...any) bool {
	t.Helper()
	if !cond {
		t.Errorf("condition failed%s", describe(msgAndArgs))
	}
	return cond
}

// mustNoError stops the test on an error.
func mustNoError(t testing.TB, err error, msgAndArgs ...any) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error %v%s", err, describe(msgAndArgs))
	}
}

// wantErrorIs reports an error unless errors.Is(err, target).
func wantErrorIs(t testing.TB, err, target error, msgAndArgs ...any) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("error %v does not match %v%s", err, target, describe(msgAndArgs))
	}
}
