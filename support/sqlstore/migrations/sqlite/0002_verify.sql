-- One-time-code challenges and the per-account send log (verify.Store).
CREATE TABLE paydesk_verify_challenges (
	id         TEXT PRIMARY KEY,
	account    TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	version    INTEGER NOT NULL CHECK (version > 0),
	data       TEXT NOT NULL
);
CREATE INDEX paydesk_verify_challenges_expires ON paydesk_verify_challenges (expires_at);

CREATE TABLE paydesk_verify_sends (
	account TEXT NOT NULL,
	at      TEXT NOT NULL
);
CREATE INDEX paydesk_verify_sends_account ON paydesk_verify_sends (account, at);
CREATE INDEX paydesk_verify_sends_at ON paydesk_verify_sends (at);

-- One row per account that was sent a code: a quota check locks it, so
-- that concurrent sends to one account count one after the other.
CREATE TABLE paydesk_verify_accounts (
	account TEXT PRIMARY KEY
);
