-- Views that the owners of tables publish for other folders' reads (issue 15, rule 1: a store
-- reads another folder's data only through a view its owner publishes). Added with the move of
-- side effects onto the event bus; each view names its owner and its readers.

-- Owner: publishing. Reader: media (which articles show an image as their hero, so a changed
-- caption re-renders them and an image in use is not deleted).
CREATE VIEW article_images AS
  SELECT id, title, hero_media_id AS media_id FROM articles WHERE hero_media_id IS NOT NULL;

-- Owner: auth. Reader: media (which profiles show an image as their photo).
CREATE VIEW profile_images AS
  SELECT id, name, photo_media_id AS media_id FROM users WHERE photo_media_id IS NOT NULL;

-- Owner: auth. Reader: comments (who hears of a comment awaiting moderation: active accounts
-- with an address, with their role).
CREATE VIEW newsroom_contacts AS
  SELECT id, email, role FROM users
  WHERE status = 'active' AND email IS NOT NULL AND email <> '';
