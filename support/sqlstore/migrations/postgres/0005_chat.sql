-- The routing state of live chat (chat.Store): agents, the queue, who holds
-- which chat, read receipts and recent handling times.
CREATE TABLE paydesk_chat_agents (
	id       TEXT COLLATE "C" PRIMARY KEY,
	presence TEXT NOT NULL,
	data     TEXT NOT NULL
);
CREATE INDEX paydesk_chat_agents_presence ON paydesk_chat_agents (presence);

CREATE TABLE paydesk_chat_waiting (
	ticket     TEXT COLLATE "C" PRIMARY KEY,
	line_base  TEXT COLLATE "C" NOT NULL,
	line_group TEXT COLLATE "C" NOT NULL,
	priority   INTEGER NOT NULL,
	since      TEXT COLLATE "C" NOT NULL,
	data       TEXT NOT NULL
);
CREATE INDEX paydesk_chat_waiting_order ON paydesk_chat_waiting (priority DESC, since, ticket);
CREATE INDEX paydesk_chat_waiting_line ON paydesk_chat_waiting (line_base, line_group, priority DESC, since, ticket);

CREATE TABLE paydesk_chat_held (
	ticket TEXT COLLATE "C" PRIMARY KEY,
	agent  TEXT COLLATE "C" NOT NULL,
	at     TEXT COLLATE "C" NOT NULL
);

CREATE TABLE paydesk_chat_receipts (
	ticket TEXT COLLATE "C" NOT NULL,
	role   INTEGER NOT NULL,
	reader TEXT COLLATE "C" NOT NULL,
	seq    BIGINT NOT NULL,
	at     TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (ticket, role, reader)
);

-- Handling times: a ring of the last 50 in paydesk_chat_handles, its next
-- slot and fill in paydesk_chat_state, whose one row is also the lock that
-- routing changes take, one after the other.
CREATE TABLE paydesk_chat_handles (
	pos       INTEGER PRIMARY KEY,
	handle_ns BIGINT NOT NULL
);
CREATE TABLE paydesk_chat_state (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	next    INTEGER NOT NULL,
	samples INTEGER NOT NULL
);
INSERT INTO paydesk_chat_state (id, next, samples) VALUES (1, 0, 0);
