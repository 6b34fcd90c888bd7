-- The transactional outbox (support.OutboxStore): notifications committed
-- with the change they report, taken out by dispatchers. A sent message is
-- deleted; a dead one (failed for good) is kept for inspection.
CREATE TABLE paydesk_outbox (
	id         TEXT COLLATE "C" PRIMARY KEY,
	created_at TEXT COLLATE "C" NOT NULL,
	next_at    TEXT COLLATE "C" NOT NULL,
	attempts   INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	dead       BOOLEAN NOT NULL DEFAULT FALSE,
	last_error TEXT NOT NULL DEFAULT '',
	data       TEXT NOT NULL
);
CREATE INDEX paydesk_outbox_due ON paydesk_outbox (next_at, id) WHERE NOT dead;
