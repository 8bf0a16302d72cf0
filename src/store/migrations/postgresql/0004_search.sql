-- Full-text search on PostgreSQL (src/search/README.md, pg_search_index.*): the same
-- search_documents as on SQLite, one row of searchable text per published, public article
-- (title, dek, author's name, category and tag names, body without its Markdown, facet
-- tokens), written by the search index in the transaction that changes the article. Only
-- readable articles have a row, so nothing else can be found, counted or quoted.
--
-- The text search configuration dossier_english does what SQLite's dossier_english tokenizer
-- does (store/sqlite/stemming_tokenizer.*): accents folded (unaccent, a trusted extension
-- since PostgreSQL 13, so the database's owner may create it), then the Snowball English
-- stemmer. It starts from `simple` rather than `english` for two reasons:
--   - no stop words: FTS5 indexes "the" and "of", and a phrase or a query of common words
--     must find what it finds on SQLite (the english configuration drops them);
--   - a hyphenated word is its parts only ("Indo-Pacific" is indo, pacif), as unicode61
--     splits it: PostgreSQL's parser also emits the whole compound (asciihword, hword,
--     numhword), which would take a position of its own and keep "hydrogen-tru*" from
--     matching "hydrogen trucks". Those token types get no mapping, so they are skipped
--     without a position.
-- Numbers, e-mail addresses, URLs and host names keep simple's mapping (one token each),
-- where unicode61 would split them at their punctuation.
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TEXT SEARCH DICTIONARY dossier_english_stem (TEMPLATE = snowball, Language = english);

CREATE TEXT SEARCH CONFIGURATION dossier_english (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION dossier_english
  ALTER MAPPING FOR asciiword, hword_asciipart, word, hword_part
  WITH unaccent, dossier_english_stem;
ALTER TEXT SEARCH CONFIGURATION dossier_english
  ALTER MAPPING FOR numword, hword_numpart WITH unaccent, simple;
ALTER TEXT SEARCH CONFIGURATION dossier_english DROP MAPPING FOR asciihword, hword, numhword;

-- `document` is the weighted tsvector (https://www.postgresql.org/docs/15/textsearch-controls.html):
-- title A, dek B, the author's and the taxonomy's names C, body D; each field is its own
-- to_tsvector, so a phrase never spans two fields (|| moves the second's positions past the
-- first's). `facet_tokens` holds the facets column's tokens ("kindnews", "cat17", "tag42",
-- "auth5") for the category:, tag:, author: and kind: filters (@>, GIN). Both are generated,
-- so a row copied from SQLite (dossier db copy) needs only the plain columns.
CREATE TABLE search_documents (
  article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
  title      TEXT NOT NULL,
  dek        TEXT NOT NULL,
  author     TEXT NOT NULL,
  taxonomy   TEXT NOT NULL,
  facets     TEXT NOT NULL,
  body       TEXT NOT NULL,
  document   tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('dossier_english'::regconfig, title), 'A')
      || setweight(to_tsvector('dossier_english'::regconfig, dek), 'B')
      || setweight(to_tsvector('dossier_english'::regconfig, author), 'C')
      || setweight(to_tsvector('dossier_english'::regconfig, taxonomy), 'C')
      || setweight(to_tsvector('dossier_english'::regconfig, body), 'D')) STORED,
  facet_tokens TEXT[] GENERATED ALWAYS AS (string_to_array(facets, ' ')) STORED
);

CREATE INDEX search_documents_document ON search_documents USING gin (document);
CREATE INDEX search_documents_facets ON search_documents USING gin (facet_tokens);
