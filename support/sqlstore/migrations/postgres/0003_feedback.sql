-- Surveys and their answers (feedback.Store).
CREATE TABLE paydesk_surveys (
	id          TEXT COLLATE "C" PRIMARY KEY,
	once_key    TEXT COLLATE "C" NOT NULL UNIQUE,
	offered_at  TEXT COLLATE "C" NOT NULL,
	answered_at TEXT COLLATE "C",
	data        TEXT NOT NULL
);
CREATE INDEX paydesk_surveys_offered ON paydesk_surveys (offered_at, id);
