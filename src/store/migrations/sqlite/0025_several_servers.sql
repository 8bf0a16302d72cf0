-- Several servers on one database (issue 18). The tables exist in both dialects so that a site
-- copied between them has the same schema; on SQLite only one server runs per data directory.
--
-- Owner: security (src/README.md). The sign-in, comment and subscription rate limits' events,
-- shared by every server on PostgreSQL (an UNLOGGED table there: losing it in a crash only
-- forgets recent attempts). SQLite keeps its limits in memory and never writes here: one
-- process serves a SQLite file, so its memory already holds every attempt.
CREATE TABLE rate_limit_events (
  scope      TEXT NOT NULL,
  key        TEXT NOT NULL,
  at         BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX rate_limit_events_by_key ON rate_limit_events (scope, key, at);
CREATE INDEX rate_limit_events_by_expiry ON rate_limit_events (expires_at);

-- Owner: store. The id of the media directory every server must share: the first server to
-- start writes it here and in a marker file in its media root; a server whose media root holds
-- no marker, or another id, refuses to start (store/pg_media_root.hpp).
CREATE TABLE media_root (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  marker     TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- Owner: mail. Which sender claimed a row: a sender renews its claim before each message and
-- sends only while the claim is still its own, so that a claim another server's lease-based
-- recovery took back is never sent by both.
ALTER TABLE outbox ADD COLUMN claim_token TEXT NOT NULL DEFAULT '';

-- Owner: insight. Until when a server's analysis holds a queued article (insight/
-- analysis_store.hpp): two servers' analysis threads claim different articles, and a claim a
-- stopped server left runs out. 0 = not claimed; queueing the article again resets it.
ALTER TABLE insight_queue ADD COLUMN claimed_until BIGINT NOT NULL DEFAULT 0;
