-- The index's vocabulary with each term's document count, for "did you mean"
-- (src/search/README.md). The fts5vocab table search_vocabulary (migration 0004) holds the
-- same, but computes every count by reading the term's whole doclist
-- (https://sqlite.org/fts5.html#the_fts5vocab_virtual_table_module): a range of candidate
-- terms cost 25-70 ms at 100,000 articles. This table is kept in step by the search index's
-- sync (the terms a document gains or loses) and refilled from search_vocabulary by a full
-- reindex; here it is filled once from the index as it stands.
CREATE TABLE search_terms (
  term      TEXT PRIMARY KEY,
  documents INTEGER NOT NULL CHECK (documents > 0)
) WITHOUT ROWID;

INSERT INTO search_terms (term, documents) SELECT term, doc FROM search_vocabulary;
