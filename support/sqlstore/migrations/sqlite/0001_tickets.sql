-- Tickets, their histories and idempotency keys (support.Store).
-- Times are UTC text of fixed width with nanoseconds (text order is time
-- order); IDs and times compare byte-wise (BINARY, the default), as Go does.
CREATE TABLE paydesk_tickets (
	id              TEXT PRIMARY KEY,
	customer        TEXT NOT NULL,
	status          TEXT NOT NULL,
	category        TEXT NOT NULL,
	priority        INTEGER NOT NULL,
	assignee        TEXT NOT NULL DEFAULT '',
	grp             TEXT NOT NULL DEFAULT '',
	subject         TEXT NOT NULL,
	amount          TEXT,
	amount_currency TEXT,
	sla_next        TEXT,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	version         INTEGER NOT NULL CHECK (version > 0),
	last_seq        INTEGER NOT NULL CHECK (last_seq > 0),
	data            TEXT NOT NULL
);
CREATE INDEX paydesk_tickets_customer_activity ON paydesk_tickets (customer, updated_at DESC, id);
CREATE INDEX paydesk_tickets_customer_created ON paydesk_tickets (customer, created_at, id);
CREATE INDEX paydesk_tickets_created ON paydesk_tickets (created_at, id);
CREATE INDEX paydesk_tickets_activity ON paydesk_tickets (updated_at DESC, id);
CREATE INDEX paydesk_tickets_assignee ON paydesk_tickets (assignee, created_at, id) WHERE assignee <> '';
CREATE INDEX paydesk_tickets_status ON paydesk_tickets (status, created_at, id);
CREATE INDEX paydesk_tickets_sla ON paydesk_tickets (sla_next, created_at, id) WHERE sla_next IS NOT NULL;

CREATE TABLE paydesk_events (
	ticket     TEXT NOT NULL REFERENCES paydesk_tickets (id),
	seq        INTEGER NOT NULL CHECK (seq > 0),
	version    INTEGER NOT NULL,
	kind       TEXT NOT NULL,
	internal   INTEGER NOT NULL,
	at         TEXT NOT NULL,
	actor_role TEXT NOT NULL,
	actor_id   TEXT NOT NULL,
	data       TEXT NOT NULL,
	PRIMARY KEY (ticket, seq)
);

CREATE TABLE paydesk_keys (
	scope       TEXT NOT NULL,
	key         TEXT NOT NULL,
	ticket      TEXT NOT NULL,
	fingerprint TEXT NOT NULL,
	at          TEXT NOT NULL,
	PRIMARY KEY (scope, key)
);
CREATE INDEX paydesk_keys_at ON paydesk_keys (at);
