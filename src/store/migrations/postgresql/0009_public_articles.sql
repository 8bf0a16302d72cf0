-- Publishing's read contract (src/publishing/README.md): the articles a reader may see. Other
-- folders' stores (search, feeds, insight, comments) read public articles through this view and
-- never through the articles table, so "public" is defined once, here, by the table's owner.
-- Both engines flatten a simple view into the query that reads it: the articles table's indexes
-- serve these reads as they served the pasted filter before.
-- PostgreSQL expands `*` when the view is made, not when it is read: a later migration that
-- adds a column to articles must CREATE OR REPLACE this view on PostgreSQL to show it.
CREATE VIEW public_articles AS
  SELECT * FROM articles WHERE status = 'published' AND visibility = 'public';
