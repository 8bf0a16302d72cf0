-- The first schema: people, articles, their categories, tags and images.
-- Times are UTC seconds since the epoch (BIGINT). Every enumerated column has a CHECK so a
-- bad value cannot be stored by any path, not only by the services.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  email         TEXT UNIQUE,
  name          TEXT NOT NULL,
  slug          TEXT NOT NULL UNIQUE,
  bio           TEXT NOT NULL DEFAULT '',
  role          TEXT NOT NULL DEFAULT 'author'
                CHECK (role IN ('admin', 'editor', 'author', 'contributor')),
  password_hash TEXT,
  status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at    BIGINT NOT NULL
);

CREATE TABLE media (
  id         INTEGER PRIMARY KEY,
  file       TEXT NOT NULL UNIQUE,
  mime       TEXT NOT NULL,
  width      INTEGER NOT NULL CHECK (width > 0),
  height     INTEGER NOT NULL CHECK (height > 0),
  bytes      BIGINT NOT NULL,
  alt        TEXT NOT NULL DEFAULT '',
  caption    TEXT NOT NULL DEFAULT '',
  credit     TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);

CREATE TABLE categories (
  id          INTEGER PRIMARY KEY,
  parent_id   INTEGER REFERENCES categories (id) ON DELETE RESTRICT,
  slug        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  position    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE tags (
  id   INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL
);

CREATE TABLE articles (
  id              INTEGER PRIMARY KEY,
  slug            TEXT NOT NULL UNIQUE,
  kind            TEXT NOT NULL CHECK (kind IN ('news', 'analysis', 'report', 'page')),
  title           TEXT NOT NULL CHECK (length(title) > 0),
  dek             TEXT NOT NULL DEFAULT '',
  word_count      INTEGER NOT NULL DEFAULT 0,
  status          TEXT NOT NULL DEFAULT 'draft'
                  CHECK (status IN ('draft', 'scheduled', 'published')),
  visibility      TEXT NOT NULL DEFAULT 'public'
                  CHECK (visibility IN ('public', 'subscribers', 'clients')),
  author_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
  hero_media_id   INTEGER REFERENCES media (id) ON DELETE SET NULL,
  published_at    BIGINT,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL,
  seo_title       TEXT NOT NULL DEFAULT '',
  seo_description TEXT NOT NULL DEFAULT '',
  comment_count   INTEGER NOT NULL DEFAULT 0,
  -- The large columns come last: SQLite reads a row's columns in order, so the state
  -- columns above stay on the row's first page and listings never walk overflow pages.
  body_markdown   TEXT NOT NULL DEFAULT '',
  body_html       TEXT NOT NULL DEFAULT ''
);

-- Listing pages read newest-first slices; these indexes keep them logarithmic.
CREATE INDEX articles_by_status_time ON articles (status, published_at DESC);
CREATE INDEX articles_by_author_time ON articles (author_id, published_at DESC);
CREATE INDEX articles_by_comments ON articles (status, comment_count DESC);

-- Old slugs of renamed articles, answered with a 301 to the current one.
CREATE TABLE article_slugs (
  slug       TEXT PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE
);

-- Links carry the article's published_at so an archive page is one index range scan.
CREATE TABLE article_categories (
  article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  category_id  INTEGER NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL DEFAULT 0,
  published_at BIGINT,
  PRIMARY KEY (article_id, category_id)
);
CREATE INDEX article_categories_by_time ON article_categories (category_id, published_at DESC);

CREATE TABLE article_tags (
  article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  tag_id       INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  published_at BIGINT,
  PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_by_time ON article_tags (tag_id, published_at DESC);
