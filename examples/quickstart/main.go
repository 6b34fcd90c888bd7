// Command quickstart prints a short tour of paydesk on its embedded defaults.
package main

import (
	"fmt"
	"os"

	"github.com/paydesk/paydesk/currency"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run() error {
	fmt.Println("== currency: exact money")
	price, err := currency.ParseAmount("USD 100.00")
	if err != nil {
		return err
	}
	parts, err := price.Split(3)
	if err != nil {
		return err
	}
	fmt.Printf("%s split three ways: %v\n", price, parts)
	return nil
}
