-- Owner: wordpress. What each imported WordPress thing (an author, a category, a tag, a post or
-- page, an attachment, a comment: the kind) with WordPress's own id became in Dossier (a user,
-- category, tag, article, media or comment id), so that importing the same export again finds
-- it and changes nothing, and a re-run after an interrupted import goes on where it stopped.
CREATE TABLE wordpress_ids (
  kind TEXT NOT NULL,
  wp_id INTEGER NOT NULL,
  dossier_id INTEGER NOT NULL,
  imported_at INTEGER NOT NULL,
  PRIMARY KEY (kind, wp_id)
);
