-- The client portal's tables (owner: clients; src/clients/portal_*, request_*, audit_*,
-- reader_feed*). Members and organisations are the clients folder's own records (migration
-- 0021): the ids below name them without a foreign key yet, as the two were written at the same
-- time; the lead adds the references when the branches meet. Articles are publishing's: an
-- audit row or a request outlives the article it names (the audit is a record of what was
-- read), so those ids carry no foreign key either.

-- A member's last visit to the portal, for "new since your last visit".
CREATE TABLE client_visits (
  member_id   INTEGER PRIMARY KEY,
  visited_at  BIGINT NOT NULL,  -- the current visit began
  previous_at BIGINT            -- the visit before it began: "new" is what came since
);

-- Every view of a non-public article by a client, and every PDF download. Names and the
-- address are copied, so the record reads the same after a member or organisation is renamed.
CREATE TABLE client_audit (
  id          INTEGER PRIMARY KEY,
  at          BIGINT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('view', 'download')),
  member_id   INTEGER NOT NULL,
  email       TEXT NOT NULL,
  client_id   INTEGER NOT NULL,
  client_name TEXT NOT NULL,
  article_id  INTEGER NOT NULL,
  download_id TEXT NOT NULL DEFAULT ''  -- the random id stamped into a downloaded PDF
);
CREATE INDEX client_audit_by_client ON client_audit (client_id, at);
CREATE INDEX client_audit_by_article ON client_audit (article_id, kind);

-- Readers' requests: access to one report, or a commission of a new one. A reader who is not
-- a client has client_id 0 and gives a name and an organisation with the request.
CREATE TABLE client_requests (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('access', 'commission')),
  article_id   INTEGER NOT NULL DEFAULT 0,  -- access: the report asked for
  subject      TEXT NOT NULL DEFAULT '',    -- commission
  details      TEXT NOT NULL DEFAULT '',    -- the reader's message
  member_id    INTEGER NOT NULL DEFAULT 0,
  email        TEXT NOT NULL,
  name         TEXT NOT NULL,
  organisation TEXT NOT NULL DEFAULT '',
  client_id    INTEGER NOT NULL DEFAULT 0,
  state        TEXT NOT NULL DEFAULT 'new'
               CHECK (state IN ('new', 'in_discussion', 'granted', 'declined', 'delivered')),
  note         TEXT NOT NULL DEFAULT '',    -- the newsroom's, never shown to the reader
  delivered_article_id INTEGER NOT NULL DEFAULT 0,
  created_at   BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL
);
CREATE INDEX client_requests_by_state ON client_requests (state, created_at DESC);
CREATE INDEX client_requests_by_client ON client_requests (client_id, created_at DESC);

-- A reader's private feed address: the token is kept hashed (SHA-256, as sessions are), so a
-- copy of the database gives no working address. Revoked rows stay, so an old address answers
-- 404 and never comes back.
CREATE TABLE reader_feeds (
  id         INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  member_id  INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX reader_feeds_by_member ON reader_feeds (member_id, revoked_at);
