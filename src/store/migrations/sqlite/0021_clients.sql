-- Client organisations (src/clients/README.md): the organisations that buy the institute's
-- reports, their members (readers, not newsroom accounts), what each organisation may read,
-- the one-time sign-in links mailed to members and to confirmed newsletter subscribers, and
-- their reader sessions.
-- Times are UTC seconds; an organisation's or a grant's end is exclusive (the first second it
-- no longer runs), its start inclusive.

CREATE TABLE clients (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  slug       TEXT NOT NULL UNIQUE,
  -- Members who may sign in at once (active members); NULL = no limit.
  seats      INTEGER CHECK (seats IS NULL OR seats >= 0),
  until_at   BIGINT,
  note       TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);

-- One address belongs to one organisation (UNIQUE across all of them, without regard to case:
-- people type addresses both ways, as for the newsroom's accounts): a reader's session
-- must say unambiguously whose grants it reads under. Removed members keep their row (who
-- was a member, and since when) and free their seat.
CREATE TABLE client_members (
  id              INTEGER PRIMARY KEY,
  client_id       INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
  email           TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name            TEXT NOT NULL DEFAULT '',
  password_hash   TEXT,
  status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'removed')),
  created_at      BIGINT NOT NULL,
  last_sign_in_at BIGINT
);
CREATE INDEX client_members_by_client ON client_members (client_id, status);

-- What an organisation may read: one article, every article under a category or a tag, or
-- all that is not public; target_id is the article's, category's or tag's id (0 for all).
-- No foreign key on target_id: it names a row of one of three tables, all publishing's.
-- A revoked grant keeps its row (revoked_at) for the record; only live ones are read.
CREATE TABLE client_grants (
  id         INTEGER PRIMARY KEY,
  client_id  INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
  scope      TEXT NOT NULL CHECK (scope IN ('article', 'category', 'tag', 'all')),
  target_id  INTEGER NOT NULL DEFAULT 0,
  from_at    BIGINT,
  until_at   BIGINT,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT,
  CHECK ((scope = 'all') = (target_id = 0)),
  CHECK (from_at IS NULL OR until_at IS NULL OR from_at < until_at)
);
CREATE INDEX client_grants_live ON client_grants (client_id) WHERE revoked_at IS NULL;

-- One-time sign-in links: only the token's SHA-256 is kept, like the newsroom's sessions.
-- A link signs in a client member or a confirmed newsletter subscriber, exactly one of them.
-- subscriber_id names a row of `subscribers`, the newsletter folder's table: no foreign key
-- across folders (src/README.md); whether the subscriber is still confirmed is asked of the
-- newsletter folder each time the link or its session is used.
CREATE TABLE client_links (
  token_hash    TEXT PRIMARY KEY,
  member_id     INTEGER REFERENCES client_members (id) ON DELETE CASCADE,
  subscriber_id INTEGER,
  created_at    BIGINT NOT NULL,
  expires_at    BIGINT NOT NULL,
  used_at       BIGINT,
  CHECK ((member_id IS NULL) <> (subscriber_id IS NULL))
);
CREATE INDEX client_links_by_member ON client_links (member_id);
CREATE INDEX client_links_by_subscriber ON client_links (subscriber_id);

-- Reader sessions (the dossier_reader cookie), apart from the newsroom's `sessions`: a
-- reader's cookie never opens a newsroom page. Expiry as for the newsroom: idle and absolute,
-- decided from the configuration at each request.
-- A session, like a link, is a member's or a subscriber's (no foreign key on subscriber_id:
-- another folder's table, as above).
CREATE TABLE client_sessions (
  token_hash     TEXT PRIMARY KEY,
  member_id      INTEGER REFERENCES client_members (id) ON DELETE CASCADE,
  subscriber_id  INTEGER,
  csrf_token     TEXT NOT NULL,
  created_at     BIGINT NOT NULL,
  last_seen_at   BIGINT NOT NULL,
  remote_address TEXT NOT NULL DEFAULT '',
  user_agent     TEXT NOT NULL DEFAULT '',
  CHECK ((member_id IS NULL) <> (subscriber_id IS NULL))
);
CREATE INDEX client_sessions_by_member ON client_sessions (member_id);
CREATE INDEX client_sessions_by_subscriber ON client_sessions (subscriber_id);
