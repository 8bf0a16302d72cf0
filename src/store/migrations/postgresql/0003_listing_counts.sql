-- Archive pages show "page N of M" without counting their rows on every view: counts of
-- published public articles (pages excluded) per listing are kept here, changed in the same
-- transaction as the articles. scope: 'all' (scope_id 0), 'category', 'tag', 'author'.
CREATE TABLE listing_counts (
  scope    TEXT NOT NULL CHECK (scope IN ('all', 'category', 'tag', 'author')),
  scope_id BIGINT NOT NULL,
  count    BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (scope, scope_id)
);

INSERT INTO listing_counts (scope, scope_id, count)
  SELECT 'all', 0, COUNT(*) FROM articles
   WHERE status = 'published' AND visibility = 'public' AND kind <> 'page';
INSERT INTO listing_counts (scope, scope_id, count)
  SELECT 'category', x.category_id, COUNT(*) FROM article_categories x
    JOIN articles a ON a.id = x.article_id
   WHERE a.status = 'published' AND a.visibility = 'public' AND a.kind <> 'page'
   GROUP BY x.category_id;
INSERT INTO listing_counts (scope, scope_id, count)
  SELECT 'tag', x.tag_id, COUNT(*) FROM article_tags x
    JOIN articles a ON a.id = x.article_id
   WHERE a.status = 'published' AND a.visibility = 'public' AND a.kind <> 'page'
   GROUP BY x.tag_id;
INSERT INTO listing_counts (scope, scope_id, count)
  SELECT 'author', author_id, COUNT(*) FROM articles
   WHERE status = 'published' AND visibility = 'public' AND kind <> 'page'
   GROUP BY author_id;

-- Listings find a page's ids in covering indexes: the state a listing filters on (status,
-- visibility, kind) is in the index, so no article row is read for the rows it skips.
CREATE INDEX articles_listing ON articles (status, visibility, published_at DESC, kind);
CREATE INDEX articles_author_listing
  ON articles (author_id, status, visibility, published_at DESC, kind);
-- For the joins from the link tables: an article's state without reading its row.
CREATE INDEX articles_state ON articles (id, status, visibility, kind);
-- "Most commented" reads the top of this index instead of sorting every published article.
DROP INDEX articles_by_comments;
CREATE INDEX articles_by_comments
  ON articles (status, visibility, comment_count DESC, published_at DESC, kind);
