-- Owner: wordpress. The old site's addresses (issue 20: "every old permalink answers 301 to the
-- new page, without a redirect chain"), written by the importer, read when a request finds no
-- page (src/wordpress/legacy_urls.hpp).
--
-- old_key is the normalized path ("/2019/03/04/talks-resume") or home query ("p=123") as
-- LegacyUrls::key_for_path and key_for_home_query make it; the primary key is the one index a
-- 404 looks up. The target is a kind and an id, not a URL, so that an article renamed after the
-- import still redirects in one hop; no foreign key, since the id names a row of one of several
-- tables (articles, categories, tags, users) and a target that is gone simply finds no page.
CREATE TABLE legacy_urls (
  old_key TEXT PRIMARY KEY,
  target TEXT NOT NULL CHECK (target IN ('article', 'category', 'tag', 'author', 'site_feed',
                                         'category_feed', 'tag_feed', 'author_feed')),
  target_id BIGINT NOT NULL
);
