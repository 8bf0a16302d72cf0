-- The Content and Admin APIs' keys (owner: api; src/api/api_key_store.*). A key's secret is
-- never stored: token_hash is security::token_hash of it (SHA-256 in hex), prefix its first
-- characters so lists can tell keys apart. Keys are revoked, never deleted, so the list keeps
-- what once had access.
CREATE TABLE api_keys (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('content', 'admin')),
  prefix       TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  scopes       TEXT NOT NULL DEFAULT '',  -- admin keys: scope names separated by spaces
  user_id      INTEGER REFERENCES users (id),    -- admin keys: the staff account it acts as
  client_id    INTEGER REFERENCES clients (id),  -- content keys: an organisation's grants
  created_at   BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at   BIGINT,
  CHECK ((kind = 'admin') = (user_id IS NOT NULL)),
  CHECK (kind = 'content' OR client_id IS NULL)
);
