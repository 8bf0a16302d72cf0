-- The newsletter (src/newsletter/README.md): subscribers and their lists, and what the
-- mail sender needs to deliver the outbox exactly once per row.

-- Extra headers (List-Unsubscribe ...) as a JSON list of [name, value]; the Message-ID the
-- sender gave the mail; who it was for, so a permanent failure can mark a subscriber bounced;
-- the newsletter send it belongs to; when a sender claimed it.
ALTER TABLE outbox ADD COLUMN headers TEXT NOT NULL DEFAULT '[]';
ALTER TABLE outbox ADD COLUMN message_id TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN subscriber_id INTEGER;
ALTER TABLE outbox ADD COLUMN send_id INTEGER;
ALTER TABLE outbox ADD COLUMN claimed_at BIGINT;
-- One mail per subscriber per send, whatever retries the queuing goes through.
CREATE UNIQUE INDEX outbox_one_per_send ON outbox (send_id, subscriber_id)
  WHERE send_id IS NOT NULL AND subscriber_id IS NOT NULL;
CREATE INDEX outbox_by_send ON outbox (send_id, status) WHERE send_id IS NOT NULL;

-- Addresses are kept lower-cased. A pending address has asked and not confirmed; only an
-- active one receives newsletters. Unsubscribed and bounced addresses stay, so a new
-- subscription needs a new confirmation and a bounced address is not mailed again.
CREATE TABLE subscribers (
  id              INTEGER PRIMARY KEY,
  email           TEXT NOT NULL UNIQUE,
  status          TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'active', 'unsubscribed', 'bounced')),
  created_at      BIGINT NOT NULL,
  confirmed_at    BIGINT,
  unsubscribed_at BIGINT,
  bounced_at      BIGINT,
  confirm_sent_at BIGINT
);
CREATE INDEX subscribers_by_status ON subscribers (status, id);

CREATE TABLE newsletter_lists (
  id          INTEGER PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  position    INTEGER NOT NULL DEFAULT 0
);
INSERT INTO newsletter_lists (slug, name, description, position) VALUES
  ('all-news', 'All news', 'Every article, the day it is published.', 0),
  ('weekly-digest', 'Weekly digest', 'The week''s articles in one mail.', 1);

CREATE TABLE subscriptions (
  subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
  list_id       INTEGER NOT NULL REFERENCES newsletter_lists (id) ON DELETE CASCADE,
  PRIMARY KEY (subscriber_id, list_id)
);
CREATE INDEX subscriptions_by_list ON subscriptions (list_id, subscriber_id);

-- One newsletter sent to a list: an article, or a digest. Its mails are outbox rows with its
-- id, one per subscriber (outbox_one_per_send), so progress is a count of their states.
CREATE TABLE newsletter_sends (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL DEFAULT 'article' CHECK (kind IN ('article', 'digest')),
  -- A digest is made as a draft by the jobs thread and goes out when an editor sends it.
  status       TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('draft', 'queued')),
  article_id   INTEGER REFERENCES articles (id) ON DELETE SET NULL,
  subject      TEXT NOT NULL,
  text_body    TEXT NOT NULL DEFAULT '',
  html_body    TEXT NOT NULL DEFAULT '',
  period_start BIGINT,  -- a digest's week
  created_at   BIGINT NOT NULL,
  created_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
  sent_at      BIGINT,
  recipients   INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX newsletter_one_digest_a_week ON newsletter_sends (period_start)
  WHERE kind = 'digest';
