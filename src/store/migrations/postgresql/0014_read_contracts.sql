-- Read contracts of auth and media (src/README.md): what publishing's stores may read of a user
-- and of an image, as views each owner defines. Publishing joins them for bylines, author pages
-- and hero images; it never names the users or media tables, and never sees an email address
-- or a password hash.

-- auth: a user as an author, without the account's secrets.
CREATE VIEW authors AS
  SELECT id, name, slug, bio, role, status, photo_media_id, created_at FROM users;

-- media: an image file and its texts.
CREATE VIEW images AS
  SELECT id, file, mime, width, height, bytes, alt, caption, credit, variants, created_at
  FROM media;
