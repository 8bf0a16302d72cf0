-- Several servers on one database (issue 18); the same tables as sqlite/0025.
--
-- Owner: security (src/README.md). The rate limits' events, shared by every server. UNLOGGED
-- (https://www.postgresql.org/docs/15/sql-createtable.html#SQL-CREATETABLE-UNLOGGED): no WAL
-- for every sign-in attempt, and a crash empties it, which only forgets recent attempts.
CREATE UNLOGGED TABLE rate_limit_events (
  scope      TEXT NOT NULL,
  key        TEXT NOT NULL,
  at         BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX rate_limit_events_by_key ON rate_limit_events (scope, key, at);
CREATE INDEX rate_limit_events_by_expiry ON rate_limit_events (expires_at);

-- Owner: store. The id of the media directory every server must share (store/pg_media_root.hpp).
CREATE TABLE media_root (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  marker     TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- Owner: mail. Which sender claimed a row (mail/outbox_store.hpp).
ALTER TABLE outbox ADD COLUMN claim_token TEXT NOT NULL DEFAULT '';

-- Owner: insight. Until when a server's analysis holds a queued article (insight/
-- analysis_store.hpp): two servers' analysis threads claim different articles, and a claim a
-- stopped server left runs out. 0 = not claimed; queueing the article again resets it.
ALTER TABLE insight_queue ADD COLUMN claimed_until BIGINT NOT NULL DEFAULT 0;
