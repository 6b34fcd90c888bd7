-- The routing state of live chat (chat.Store): agents, the queue, who holds
-- which chat, read receipts and recent handling times.
CREATE TABLE paydesk_chat_agents (
	id       TEXT PRIMARY KEY,
	presence TEXT NOT NULL,
	data     TEXT NOT NULL
);
CREATE INDEX paydesk_chat_agents_presence ON paydesk_chat_agents (presence);

CREATE TABLE paydesk_chat_waiting (
	ticket     TEXT PRIMARY KEY,
	line_base  TEXT NOT NULL,
	line_group TEXT NOT NULL,
	priority   INTEGER NOT NULL,
	since      TEXT NOT NULL,
	data       TEXT NOT NULL
);
CREATE INDEX paydesk_chat_waiting_order ON paydesk_chat_waiting (priority DESC, since, ticket);
CREATE INDEX paydesk_chat_waiting_line ON paydesk_chat_waiting (line_base, line_group, priority DESC, since, ticket);

CREATE TABLE paydesk_chat_held (
	ticket TEXT PRIMARY KEY,
	agent  TEXT NOT NULL,
	at     TEXT NOT NULL
);

CREATE TABLE paydesk_chat_receipts (
	ticket TEXT NOT NULL,
	role   INTEGER NOT NULL,
	reader TEXT NOT NULL,
	seq    INTEGER NOT NULL,
	at     TEXT NOT NULL,
	PRIMARY KEY (ticket, role, reader)
);

-- Handling times: a ring of the last 50 in paydesk_chat_handles, its next
-- slot and fill in paydesk_chat_state, whose one row is also the lock that
-- routing changes take, one after the other.
CREATE TABLE paydesk_chat_handles (
	pos       INTEGER PRIMARY KEY,
	handle_ns INTEGER NOT NULL
);
CREATE TABLE paydesk_chat_state (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	next    INTEGER NOT NULL,
	samples INTEGER NOT NULL
);
INSERT INTO paydesk_chat_state (id, next, samples) VALUES (1, 0, 0);
