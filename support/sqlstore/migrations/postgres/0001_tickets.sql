-- Tickets, their histories and idempotency keys (support.Store).
-- Times are UTC text of fixed width with nanoseconds (text order is time
-- order); IDs and times compare byte-wise (COLLATE "C"), as Go does.
CREATE TABLE paydesk_tickets (
	id              TEXT COLLATE "C" PRIMARY KEY,
	customer        TEXT COLLATE "C" NOT NULL,
	status          TEXT NOT NULL,
	category        TEXT NOT NULL,
	priority        SMALLINT NOT NULL,
	assignee        TEXT COLLATE "C" NOT NULL DEFAULT '',
	grp             TEXT COLLATE "C" NOT NULL DEFAULT '',
	subject         TEXT NOT NULL,
	amount          TEXT,
	amount_currency TEXT,
	sla_next        TEXT COLLATE "C",
	created_at      TEXT COLLATE "C" NOT NULL,
	updated_at      TEXT COLLATE "C" NOT NULL,
	version         BIGINT NOT NULL CHECK (version > 0),
	last_seq        BIGINT NOT NULL CHECK (last_seq > 0),
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
	ticket     TEXT COLLATE "C" NOT NULL REFERENCES paydesk_tickets (id),
	seq        BIGINT NOT NULL CHECK (seq > 0),
	version    BIGINT NOT NULL,
	kind       TEXT NOT NULL,
	internal   BOOLEAN NOT NULL,
	at         TEXT COLLATE "C" NOT NULL,
	actor_role TEXT NOT NULL,
	actor_id   TEXT NOT NULL,
	data       TEXT NOT NULL,
	PRIMARY KEY (ticket, seq)
);

CREATE TABLE paydesk_keys (
	scope       TEXT COLLATE "C" NOT NULL,
	key         TEXT COLLATE "C" NOT NULL,
	ticket      TEXT COLLATE "C" NOT NULL,
	fingerprint TEXT NOT NULL,
	at          TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (scope, key)
);
CREATE INDEX paydesk_keys_at ON paydesk_keys (at);
