// Package diagnose explains the problems customers bring to a payment help
// desk most often — a declined card, a payment that has not arrived, a
// locked account, a payment they did not make, a sign-up that fails on its
// e-mail address — as a cause, the next step,
// whether and when to retry, and the knowledge-base article to show, in
// the customer's language for the customer and truthfully for the agent.
//
// # Findings and explanations
//
// Every diagnosis yields two Findings: ForCustomer, what the customer may
// be told, and ForAgent, the real cause. A Finding holds message keys and
// facts; Messages.Explain renders it in a language as an Explanation
// (Text, NextStep, RetryText, Articles). Lookups and rendering are separate
// steps, so a host can log or route on the Finding and render only what
// it shows.
//
//	declines := diagnose.DefaultDeclines()
//	msgs := diagnose.DefaultMessages()
//	d, err := declines.Lookup("card_declined: insufficient_funds")
//	customer := msgs.Explain(d.ForCustomer(), language.SimplifiedChinese)
//	agent := msgs.Explain(d.ForAgent(), language.English)
//
// # Declined payments
//
// Declines maps decline codes — the card networks' reasons as Stripe names
// them, from approve_with_id to withdrawal_count_limit_exceeded — to a
// Cause, a Retry advice (never, after fixing details, later after a
// suggested wait, at once), and an article. BuiltinDeclines returns the
// built-in rules; NewDeclines merges a host's rules over them (a host's
// rule for a built-in code replaces it) and DecodeDeclines reads them from
// JSON. Nothing global is changed.
//
// Some causes must not be revealed: telling a customer that a payment was
// flagged as fraud, or that the card is reported stolen, helps whoever
// misuses it. Rules marked Sensitive (fraudulent, lost_card, stolen_card,
// pickup_card, restricted_card, merchant_blacklist) show the customer the
// generic decline, without the code, exactly as an unknown code does; the
// agent sees the real cause and is told not to reveal it.
//
// Codes are normalized before lookup (NormalizeCode): trimmed, ASCII case
// folded, hyphens and spaces turned into underscores, and one processor
// prefix before a colon dropped ("card_declined: do_not_honor"). A
// well-formed code that no rule names gets a safe generic diagnosis, never
// an error; malformed input (not an identifier, over MaxCodeBytes, raw
// input over MaxInputBytes) is a *support.InputError matching
// ErrInvalidCode or support.ErrTooLong — returned together with the safe
// generic diagnosis. Lookup of a known code takes well under a
// microsecond and does not allocate.
//
// # Delayed payments
//
// Delays answers "where is my money?". The fees package prices methods but
// says nothing of their timing, so timing is host data: a Window per
// method and route (domestic, cross-border, or a region such as SEPA) with
// the Period a payment is Expected within and the Period after which to
// Worry, in business days on a support.Calendar and/or elapsed time.
// BuiltinWindows gives illustrative windows for the methods fees.Builtin
// uses. Delays.Check(payment, now) — time is passed in, never read — says
// whether the payment is within its window, slow, or overdue (and so needs
// an agent), with the dates in the customer's language.
//
// # Locked accounts
//
// Locks maps a lock reason (too_many_attempts, verification_needed,
// documents_expired, suspicious_activity, ...) to the unlock steps, whether
// the lock lifts by itself after a wait, and whether the customer must
// pass an identity check (support/verify) or needs an agent. A compliance
// review is sensitive: the customer is told only that the account is under
// review.
//
// # Payments the customer did not make
//
// Reporter.ReportUnauthorized files "I did not make this payment" on a
// support.Desk: it opens a ticket in support.CategorySecurity with the
// transaction reference as the customer, and raises it to
// support.PriorityUrgent as support.System("diagnose"), because customers
// may not set priorities. When the customer names an open ticket of
// theirs, it checks that they can reach it (a ticket that is not theirs is
// not found, and nothing is written), adds the report as their reply,
// moves the ticket to the security category and raises it. An idempotency
// key makes a double tap file one ticket. The customer is told what to do
// now — freeze the card — with the articles card-lost-stolen and
// unrecognized-transaction.
//
// # Sign-up
//
// An EmailChecker answers whether an address can be used to sign up, and
// what the customer can do if not. Check returns an EmailCheck: the Problem
// (ok, syntax, too_long, disposable, typo, no_mail_server or mx_unchecked),
// the normalized Address, a Suggestion ("did you mean li@qq.com?"), the
// knowledge-base Article to show, and a Text in the customer's language. A
// malformed address is an answer, not an error; only invalid UTF-8, input
// over 1 KiB, or the caller's context ending are errors. Disposable
// mailboxes are refused with a DomainSet, which matches a domain and every
// parent (mailinator.com also covers a.b.mailinator.com) in tens of
// nanoseconds without allocating. BuiltinDisposable holds about 8,900
// domains from the CC0 list published on npm as disposable-email-domains-js,
// embedded and regenerated with go generate (internal/disposablegen records
// the version and licence in the file). A host adds its own domains, allows
// exceptions (the most specific entry wins), or reads a list with
// ParseDomains. MX checks go through a host MXResolver (a *net.Resolver
// will do); a resolver that also has LookupHost gets RFC 5321's fallback to
// the domain's address records. A DNS failure never refuses an address: it
// is reported as mx_unchecked.
//
// # Texts
//
// Texts come from a golang.org/x/text message catalog built with the l10n
// package, in English, Simplified and Traditional Chinese. Each Cause has
// three keys (Cause.CustomerKey, NextKey, AgentKey; sensitive causes only
// the agent's), and every text gets the same arguments: %[1]s the code,
// %[2]s expected by, %[3]s worry after, %[4]s the wait, %[5]s the
// transaction reference. A host rewords or adds languages on the builder
// DefaultCatalog returns and passes it to NewMessages.
//
// # Concurrency
//
// Declines, Delays, Locks, Messages and Reporter are immutable once built
// and safe for concurrent use; Decline, Delay, Lock, Finding and
// Explanation are plain values. The package has no global state and starts
// no goroutines.
package diagnose
