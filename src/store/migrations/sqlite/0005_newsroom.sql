-- The newsroom (src/auth/README.md, src/publishing/README.md): sessions, password links,
-- the mail outbox, revisions, and the editorial states a draft can be in.

-- A session's cookie value is never stored: only its SHA-256, so a copy of the database
-- (a backup, a leak) logs nobody in. Expiry is decided from created_at (absolute) and
-- last_seen_at (idle) against the configuration, so changing the limits applies at once.
CREATE TABLE sessions (
  token_hash     TEXT PRIMARY KEY,
  user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token     TEXT NOT NULL,
  created_at     BIGINT NOT NULL,
  last_seen_at   BIGINT NOT NULL,
  remote_address TEXT NOT NULL DEFAULT '',
  user_agent     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- One-time links to set a first password or reset a forgotten one; hashed like sessions.
CREATE TABLE password_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose    TEXT NOT NULL CHECK (purpose IN ('set', 'reset')),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at    BIGINT
);
CREATE INDEX password_tokens_by_user ON password_tokens (user_id);

-- Mail waits here until a sender delivers it (the newsletter issue brings the SMTP sender;
-- until then the server logs what it would send). Written in the transaction of the change
-- that causes it, so no mail is lost or sent for a change that rolled back.
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  recipient       TEXT NOT NULL,
  subject         TEXT NOT NULL,
  text_body       TEXT NOT NULL,
  html_body       TEXT NOT NULL DEFAULT '',
  status          TEXT NOT NULL DEFAULT 'queued'
                  CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  created_at      BIGINT NOT NULL,
  sent_at         BIGINT,
  last_error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

-- Every save of an article keeps what it saved. The newest revision's id is the article's
-- version: an editor's form carries the id it started from, and a save from an older one
-- is refused (two people editing the same article).
CREATE TABLE revisions (
  id            INTEGER PRIMARY KEY,
  article_id    INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  user_id       INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_at    BIGINT NOT NULL,
  note          TEXT NOT NULL DEFAULT '',
  title         TEXT NOT NULL,
  dek           TEXT NOT NULL,
  slug          TEXT NOT NULL,
  -- The rest of the form (kind, status, taxonomy, hero, SEO) as JSON: a revision restores
  -- all of it, and only the texts above are diffed.
  fields        TEXT NOT NULL,
  body_markdown TEXT NOT NULL
);
CREATE INDEX revisions_by_article ON revisions (article_id, id DESC);

-- Editorial states that are not public states: a draft can wait for review, and a taken-down
-- article remembers when. The public status (draft | scheduled | published) is unchanged,
-- so every public query's filter stays what it was.
ALTER TABLE articles ADD COLUMN review_requested_at BIGINT;
ALTER TABLE articles ADD COLUMN unpublished_at BIGINT;
-- Drafts waiting in the newsroom's list, newest change first.
CREATE INDEX articles_by_status_updated ON articles (status, updated_at DESC);

-- Image variants made at upload (JSON list of {file, mime, width, height}); who uploaded.
ALTER TABLE media ADD COLUMN variants TEXT NOT NULL DEFAULT '[]';
ALTER TABLE media ADD COLUMN uploaded_by INTEGER REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE media ADD COLUMN original_name TEXT NOT NULL DEFAULT '';

ALTER TABLE users ADD COLUMN photo_media_id INTEGER REFERENCES media (id) ON DELETE SET NULL;

-- Old slugs of renamed categories and tags, answered with a 301 like article_slugs.
CREATE TABLE taxonomy_slugs (
  kind      TEXT NOT NULL CHECK (kind IN ('category', 'tag')),
  slug      TEXT NOT NULL,
  target_id INTEGER NOT NULL,
  PRIMARY KEY (kind, slug)
);

-- Who did what in the newsroom (logins, publishes, deletions), for operators.
CREATE TABLE audit_log (
  id      INTEGER PRIMARY KEY,
  at      BIGINT NOT NULL,
  user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  action  TEXT NOT NULL,
  target  TEXT NOT NULL DEFAULT '',
  detail  TEXT NOT NULL DEFAULT ''
);
