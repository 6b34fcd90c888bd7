-- Refund and dispute cases and their refund ledgers (cases.Store). Amounts
-- are exact decimal text with their ISO 4217 currency code.
CREATE TABLE paydesk_cases (
	id                TEXT PRIMARY KEY,
	ticket            TEXT NOT NULL UNIQUE,
	customer          TEXT NOT NULL,
	version           INTEGER NOT NULL CHECK (version > 0),
	refunded          TEXT NOT NULL,
	refunded_currency TEXT NOT NULL,
	data              TEXT NOT NULL
);
CREATE INDEX paydesk_cases_customer ON paydesk_cases (customer);

CREATE TABLE paydesk_refunds (
	id       TEXT PRIMARY KEY,
	case_id  TEXT NOT NULL REFERENCES paydesk_cases (id),
	pos      INTEGER NOT NULL,
	amount   TEXT NOT NULL,
	currency TEXT NOT NULL,
	at       TEXT NOT NULL,
	data     TEXT NOT NULL,
	UNIQUE (case_id, pos)
);
