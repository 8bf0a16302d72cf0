-- Owner: api. Idempotency keys of the Admin API's POSTs (CONTRACT: `Idempotency-Key`, as in
-- the IETF httpapi draft "The Idempotency-Key HTTP Header Field"): a client that retries a
-- POST after a lost answer gets the first answer again instead of a second article.
--
-- One row per (admin key, idempotency key). A row without a status is a request in progress
-- (claimed, its handler running); the first request inserts it, a concurrent twin finds it
-- and is told so. Rows older than 24 hours are deleted by the next write (api/idempotency.*).
-- key_id names the API key without a foreign key: an entry outlives nothing but its 24 hours,
-- and a deleted key's entries simply expire.
CREATE TABLE api_idempotency (
  key_id INTEGER NOT NULL,
  idempotency_key TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  body_hash TEXT NOT NULL,
  status INTEGER,
  content_type TEXT NOT NULL DEFAULT '',
  headers TEXT NOT NULL DEFAULT '[]',
  body TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  PRIMARY KEY (key_id, idempotency_key)
);
CREATE INDEX api_idempotency_by_age ON api_idempotency (created_at);
