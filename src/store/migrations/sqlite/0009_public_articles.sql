-- Publishing's read contract (src/publishing/README.md): the articles a reader may see. Other
-- folders' stores (search, feeds, insight, comments) read public articles through this view and
-- never through the articles table, so "public" is defined once, here, by the table's owner.
-- SQLite flattens a simple view into the query that reads it: the articles table's indexes
-- serve these reads as they served the pasted filter before.
CREATE VIEW public_articles AS
  SELECT * FROM articles WHERE status = 'published' AND visibility = 'public';
