-- Readers' comments (src/comments/README.md). articles.comment_count (approved comments) is
-- changed in the same transaction as any comment's state, so pages never count rows.
CREATE TABLE comments (
  id            INTEGER PRIMARY KEY,
  article_id    INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  parent_id     INTEGER REFERENCES comments (id) ON DELETE CASCADE,  -- one level of replies
  status        TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'approved', 'spam', 'deleted')),
  author_name   TEXT NOT NULL,
  author_email  TEXT NOT NULL,  -- lower-cased; never shown
  author_url    TEXT NOT NULL DEFAULT '',
  user_id       INTEGER REFERENCES users (id) ON DELETE SET NULL,  -- a reply from the newsroom
  body_markdown TEXT NOT NULL,
  body_html     TEXT NOT NULL,  -- rendered at save time by the reader Markdown subset
  ip_hash       TEXT NOT NULL DEFAULT '',  -- salted; removed after comments.ip_retention_days
  -- Mail about replies: 0 not wanted, 1 asked for (awaiting the confirmation link), 2 confirmed.
  notify_replies INTEGER NOT NULL DEFAULT 0 CHECK (notify_replies IN (0, 1, 2)),
  created_at    BIGINT NOT NULL,
  moderated_at  BIGINT
);
CREATE INDEX comments_by_article ON comments (article_id, status, id);
CREATE INDEX comments_by_status ON comments (status, id DESC);
CREATE INDEX comments_by_email ON comments (author_email, status);
CREATE INDEX comments_by_time ON comments (created_at) WHERE ip_hash <> '';

-- Per-article switch; the kind and age rules come from the configuration.
ALTER TABLE articles ADD COLUMN comments_closed INTEGER NOT NULL DEFAULT 0;
