// Package l10n renders paydesk's customer-facing texts in the customer's
// language: a golang.org/x/text message catalog, the languages it holds
// negotiated with a language.Matcher, and a printer per language.
//
// Every package that talks to customers (support's notifications, chat's
// system messages, redact's notices, diagnose's explanations, verify's
// code messages) keeps its built-in texts as Tables, builds its default
// catalog with Catalog, and renders with a Texts. A host rewords texts or
// adds a language by setting keys on the builder a package's
// DefaultCatalog returns and passing it back; nothing global changes.
//
// Negotiation: English is the fallback when the catalog has it (otherwise
// its first language), and a customer's tag goes to the closest language
// of the catalog — zh-TW and zh-HK to Traditional Chinese (zh-Hant), zh-CN
// and zh-SG to Simplified (zh-Hans), en-GB to English.
//
// Texts is immutable and safe for concurrent use; the package has no
// global state.
package l10n
