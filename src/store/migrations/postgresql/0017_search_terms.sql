-- The index's vocabulary with each term's document count, for "did you mean"
-- (src/search/README.md): the lexemes of search_documents.document, as on SQLite the terms
-- of the FTS5 index. Kept in step by the search index's sync (the lexemes a document gains
-- or loses) and refilled by a full reindex; here it is filled once from the documents as
-- they stand. The C collation orders terms by their bytes, so a range [low, high) of
-- candidates is every term beginning with low's bytes whatever the database's locale.
CREATE TABLE search_terms (
  term      TEXT COLLATE "C" PRIMARY KEY,
  documents BIGINT NOT NULL CHECK (documents > 0)
);

INSERT INTO search_terms (term, documents)
SELECT word, ndoc FROM ts_stat('SELECT document FROM search_documents');
