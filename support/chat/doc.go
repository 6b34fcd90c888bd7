// Package chat is live chat for a paydesk help center: a conversation that
// is a channel of a ticket, a bot that answers first from the knowledge
// base, routing to agents by presence, capacity and skills, queue positions
// with estimated waits, read receipts, typing indicators, and a real-time
// hub that delivers all of it in order and resumes without gaps.
//
// # One history
//
// A chat is a ticket on support.ChannelChat (or any open ticket of the
// customer that a chat attaches to). Every message is a support.Event in
// the ticket's history, written through the Desk, so chat inherits the
// Desk's access rules, idempotency, SLAs, notifications and storage:
//
//   - what the customer and agents write are EventReply events (and an
//     agent's internal notes EventNote);
//   - the bot's answers and chat's system messages (an agent joined, the
//     chat was transferred, the agent left, the chat ended, the queue
//     position, nobody online, after hours, a masked secret, the scam
//     warning) are EventCustom events with a Field in the "chat."
//     namespace (FieldBot, FieldJoined, ...), written by the system actors
//     "bot" and "chat", with Body in the customer's language;
//   - typing indicators, receipts and queue-position updates are Signals:
//     they go through the hub only and are never stored.
//
// A transcript (Service.Transcript) is the ticket's history as the reader
// may see it. Read receipts keep each participant's last-read sequence
// number (Store.MarkRead), not one event per read; a line is read when the
// other side's receipt reaches its sequence number, and delivered when the
// other side has been in the chat since it was written.
//
// # Bot first
//
// The customer's first message, and any later one while no agent has
// joined, is searched in the knowledge base (faq) in the customer's
// language. When the best article scores at least Options.BotThreshold the
// bot answers with the best articles (title and snippet, IDs in the event's
// To). Resolve ("this solved it") records a deflection and solves the
// ticket. Handoff ("talk to a person"), an answer below the threshold, or a
// second question after an answer (the first did not solve it) puts the
// chat in the queue, with the whole transcript kept. OutcomeOf and
// DeflectionTally count bot answers, deflections and hand-offs per language
// and category.
//
// # Routing
//
// Agents have a Presence (online, away, offline), a capacity of concurrent
// chats and Skills (languages, categories, groups). Waiting chats queue by
// priority, then age (CompareWaiting). A chat goes to the least busy online
// agent whose skills serve it, ties to the one idle longest
// (CompareAgents); an agent coming online is given waiting chats up to
// capacity, and a slot freed by ending, leaving or passing on a chat takes
// the next waiting one. Agents Take a chat from the queue, Decline one
// routed to them (it is not offered to them again), Transfer to a
// colleague (the chat waits for that person) or to a group, and Leave
// (the chat goes to another agent); an agent who goes
// offline has their chats put back in the queue with their place. The
// customer sees their position and an estimated wait (QueueStatus: the
// chats ahead shared among the serving agents' slots, times the recent mean
// handling time), pushed as SignalQueue as the line moves. With nobody
// online, or outside the Calendar's business hours, the customer is told
// so in their language; the message stays on the ticket, which waits in
// the Desk's queue under its SLA — a chat is never lost.
//
// Routing state lives behind Store, a small interface owned by this
// package: support/memstore implements it in memory (memstore.NewChat) and
// storetest.RunChat is its conformance suite. Every Store method is atomic,
// so several app instances can route the same queue.
//
// # Real time
//
// Hub delivers a ticket's events and signals to its subscribers, in order.
// It is also the Desk's support.Publisher: give one hub to
// support.Options.Publisher and to Options.Hub, and every committed change
// reaches the chat's subscribers (Service.Subscribe checks the viewer's
// access, and a customer's subscription carries the customer's view). A
// subscription is resumable: subscribe again with After set to the Last of
// the previous one and it yields every event after it exactly once, first
// from the store (the Source) and then live, with no gap and no duplicate,
// also when events are committed while it catches up. Each subscriber has
// a bounded buffer; one that falls behind is cut off with a *CutOffError
// (it resumes from its Last) and never slows the publisher or the others.
// Signals are live only and never replayed.
//
// MemHub is the hub of one process. It starts no goroutines: publishers
// and subscribers do the work in their own calls, and closing a
// subscription, or the hub, releases everything. A host running several
// instances implements Hub on a broker (the SQL store issue provides one on
// PostgreSQL LISTEN/NOTIFY).
//
// # Secrets
//
// Every message is passed through support/redact before it is stored (the
// Desk masks every text it stores; chat asks it first, Desk.Redact, to
// tell the author):
// card numbers (Luhn-checked, any separators, full-width digits) keep at
// most their first six and last four digits, and security codes, one-time
// codes and passwords are masked whole. The author is told, in their
// language, what was hidden and why (FieldRedacted). A customer who seems
// about to share a code or a password is reminded that staff never ask for
// them, with the knowledge-base article on it (FieldScamWarning).
//
// # Concurrency
//
// Service is safe for concurrent use and holds no state of its own; it
// starts no goroutines. Chat's errors match the sentinels of this package
// (ErrNotAssigned, ErrAgentFull, ...) and the Desk's (support.ErrNotFound,
// support.ErrInvalidInput, support.ErrSeqAhead, ...) with errors.Is.
package chat
