-- Insight (src/insight/README.md): what the analyzer found in each article, and the editors'
-- corrections, which re-analysis never overwrites.
CREATE TABLE entities (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('person', 'country', 'organization')),
  slug          TEXT NOT NULL,  -- countries: the ISO 3166-1 alpha-2 code in lower case
  name          TEXT NOT NULL,
  iso2          TEXT,
  role          TEXT,           -- the latest role an article gave (people)
  role_override TEXT,           -- an editor's; shown instead of role
  name_override TEXT,           -- an editor's rename; the analyzer's name stays the key
  hidden        INTEGER NOT NULL DEFAULT 0,        -- an editor's: a false entity
  merged_into   INTEGER REFERENCES entities (id),  -- an editor's: this name is an alias
  article_count INTEGER NOT NULL DEFAULT 0,  -- analysed articles naming it (kept on every write)
  UNIQUE (kind, slug)
);

-- One row per entity an article mentions; published_at copies the article's, so an entity's
-- latest articles and its mentions by month are one index range.
CREATE TABLE article_entities (
  article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  entity_id    INTEGER NOT NULL REFERENCES entities (id),
  mentions     INTEGER NOT NULL,
  first_offset INTEGER NOT NULL,
  published_at BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (article_id, entity_id)
);
CREATE INDEX article_entities_by_entity ON article_entities (entity_id, published_at DESC);

CREATE TABLE quotes (
  id                INTEGER PRIMARY KEY,
  article_id        INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  position          INTEGER NOT NULL,
  text              TEXT NOT NULL,
  speaker_entity_id INTEGER REFERENCES entities (id),
  published_at      BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX quotes_by_article ON quotes (article_id, position);
CREATE INDEX quotes_by_speaker ON quotes (speaker_entity_id, published_at DESC);
CREATE INDEX quotes_by_time ON quotes (published_at DESC);

-- An editor's speaker for a quotation (by article and text), applied at every analysis.
CREATE TABLE quote_corrections (
  article_id        INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  text              TEXT NOT NULL,
  speaker_entity_id INTEGER REFERENCES entities (id),  -- NULL: the text names no speaker
  PRIMARY KEY (article_id, text)
);

CREATE TABLE figures (
  id         INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  text       TEXT NOT NULL,
  value      REAL NOT NULL,
  what       TEXT NOT NULL,
  source     TEXT
);
CREATE INDEX figures_by_article ON figures (article_id, position);

-- Articles waiting for the analysis job (saves never analyse in the request).
CREATE TABLE insight_queue (
  article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
  queued_at  BIGINT NOT NULL
);

-- Related articles, scored when an article is analysed (shared entities weighted by rarity,
-- shared tags and categories, title words, recency) and kept ranked, top 5.
CREATE TABLE related_articles (
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  related_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  rank       INTEGER NOT NULL,
  score      REAL NOT NULL,
  PRIMARY KEY (article_id, rank)
);

ALTER TABLE articles ADD COLUMN analyzed_at BIGINT;
