package chat

// The custom events chat records in a ticket's history (support.Event with
// Kind support.EventCustom and Field one of these). Body is the text as
// the customer reads it, in the ticket's language; From is the sequence
// number of the customer message the event answers, where there is one.
const (
	// FieldStarted: a chat started on an existing ticket.
	FieldStarted = "chat.started"
	// FieldBot: the bot's answer (written by the system actor "bot").
	// To lists the articles offered, one ID per line; empty when the bot
	// found nothing good enough.
	FieldBot = "chat.bot"
	// FieldHandoff: the chat goes to a person; To is the reason
	// ("asked", "low_score", "second_question").
	FieldHandoff = "chat.handoff"
	// FieldQueued: the customer's place in the queue when it was told;
	// To is the position.
	FieldQueued = "chat.queued"
	// FieldNoAgent: no agent online; the ticket waits in the queue.
	FieldNoAgent = "chat.no_agent"
	// FieldAfterHours: outside business hours; To is when the desk
	// opens again (RFC 3339).
	FieldAfterHours = "chat.after_hours"
	// FieldJoined: an agent joined; To is the agent.
	FieldJoined = "chat.joined"
	// FieldTransferred: From is the agent who passed the chat on; To the
	// agent or "group:NAME" it went to.
	FieldTransferred = "chat.transferred"
	// FieldLeft: the agent in From left (or went offline); the chat is
	// back in the queue.
	FieldLeft = "chat.left"
	// FieldEnded: the chat ended.
	FieldEnded = "chat.ended"
	// FieldDeflected: the customer said the bot's article (To) solved it.
	FieldDeflected = "chat.deflected"
	// FieldRedacted: secrets were masked in message From; To lists what
	// ("card_number", "security_code", "one_time_code", "password").
	// Internal when the author was staff.
	FieldRedacted = "chat.redacted"
	// FieldScamWarning: the customer seemed about to share a code or a
	// password; To is the article about it.
	FieldScamWarning = "chat.scam_warning"
)
