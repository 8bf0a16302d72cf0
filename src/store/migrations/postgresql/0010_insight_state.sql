-- Owner: insight (src/insight/README.md). When each article was last analysed, in insight's own
-- table: it was a column of publishing's articles table (0008), which insight no longer reads
-- or writes (issue 15: one owner per table). The values are copied, then the old column goes,
-- so nothing can read it by mistake.
CREATE TABLE insight_state (
  article_id  BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
  analyzed_at BIGINT NOT NULL
);

-- SQLite copies the old column's values here and drops it; on PostgreSQL it never existed
-- (postgresql/0008).
