package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
)

// The suite's assertions: small, so that the suite depends on nothing but
// the standard library.

func noErr(t testing.TB, err error, msg ...any) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v %s", err, fmt.Sprint(msg...))
	}
}

func isErr(t testing.TB, err, target error, msg ...any) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("error %v does not match %v %s", err, target, fmt.Sprint(msg...))
	}
}

func anErr(t testing.TB, err error, msg ...any) {
	t.Helper()
	if err == nil {
		t.Fatalf("expected an error %s", fmt.Sprint(msg...))
	}
}

func asErr[T error](t testing.TB, err error) T {
	t.Helper()
	var target T
	if !errors.As(err, &target) {
		t.Fatalf("error %v is not a %T", err, target)
	}
	return target
}

func eq(t testing.TB, want, got any, msg ...any) {
	t.Helper()
	if !reflect.DeepEqual(want, got) {
		t.Fatalf("%s\nwant %#v\n got %#v", fmt.Sprint(msg...), want, got)
	}
}

func truth(t testing.TB, ok bool, msg ...any) {
	t.Helper()
	if !ok {
		t.Fatal(msg...)
	}
}
