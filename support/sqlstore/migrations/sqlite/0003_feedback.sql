-- Surveys and their answers (feedback.Store).
CREATE TABLE paydesk_surveys (
	id          TEXT PRIMARY KEY,
	once_key    TEXT NOT NULL UNIQUE,
	offered_at  TEXT NOT NULL,
	answered_at TEXT,
	data        TEXT NOT NULL
);
CREATE INDEX paydesk_surveys_offered ON paydesk_surveys (offered_at, id);
