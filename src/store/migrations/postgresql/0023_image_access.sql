-- Owner: publishing (src/README.md). Which articles show an image as their main one: the media
-- gate asks it for every /media/ file of an image that a restricted article shows (issue 17),
-- and without an index each asked the whole archive.
CREATE INDEX articles_by_hero ON articles (hero_media_id) WHERE hero_media_id IS NOT NULL;
