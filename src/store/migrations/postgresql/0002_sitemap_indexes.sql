-- Indexes for the sitemaps (src/feeds/feed_store.cpp), so no sitemap reads the whole table.
-- Both are plain SQL that PostgreSQL accepts as written (partial indexes included).

-- An article sitemap file is one id range of public articles: a range scan of this index,
-- never more rows than the file may hold (sitemaps.org: 50,000 URLs a file).
CREATE INDEX articles_by_status_visibility_id ON articles (status, visibility, id);

-- Static pages are a handful among a million articles; a partial index finds them
-- without touching the rest.
CREATE INDEX articles_pages ON articles (status, visibility, id) WHERE kind = 'page';
