-- Full-text search (src/search/README.md). search_documents holds, for every published,
-- public article, the text a reader can search: title, dek, body without its Markdown, the
-- author's name and the names of its categories and tags. Only readable articles have a row,
-- so nothing else can be found, counted in a facet or quoted in a snippet. The store writes
-- it in the transaction that changes the article; these triggers keep the FTS5 index, an
-- external-content table over it (https://sqlite.org/fts5.html#external_content_tables),
-- in step within that same transaction. `facets` holds one token per filterable property
-- ("kindreport", "cat17", "tag42", "auth5"), so category:, tag:, author: and kind: filters
-- are FTS5 doclist intersections rather than joins.
CREATE TABLE search_documents (
  article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
  title      TEXT NOT NULL,
  dek        TEXT NOT NULL,
  author     TEXT NOT NULL,
  taxonomy   TEXT NOT NULL,
  facets     TEXT NOT NULL,
  body       TEXT NOT NULL
);

CREATE VIRTUAL TABLE search_index USING fts5 (
  title, dek, author, taxonomy, facets, body,
  content = 'search_documents', content_rowid = 'article_id',
  tokenize = 'dossier_english'
);

CREATE TRIGGER search_documents_insert AFTER INSERT ON search_documents BEGIN
  INSERT INTO search_index (rowid, title, dek, author, taxonomy, facets, body)
  VALUES (new.article_id, new.title, new.dek, new.author, new.taxonomy, new.facets, new.body);
END;

CREATE TRIGGER search_documents_delete AFTER DELETE ON search_documents BEGIN
  INSERT INTO search_index (search_index, rowid, title, dek, author, taxonomy, facets, body)
  VALUES ('delete', old.article_id, old.title, old.dek, old.author, old.taxonomy, old.facets,
          old.body);
END;

CREATE TRIGGER search_documents_update AFTER UPDATE ON search_documents BEGIN
  INSERT INTO search_index (search_index, rowid, title, dek, author, taxonomy, facets, body)
  VALUES ('delete', old.article_id, old.title, old.dek, old.author, old.taxonomy, old.facets,
          old.body);
  INSERT INTO search_index (rowid, title, dek, author, taxonomy, facets, body)
  VALUES (new.article_id, new.title, new.dek, new.author, new.taxonomy, new.facets, new.body);
END;

-- The index's vocabulary (stems and their document counts), for "did you mean".
CREATE VIRTUAL TABLE search_vocabulary USING fts5vocab (search_index, 'row');
