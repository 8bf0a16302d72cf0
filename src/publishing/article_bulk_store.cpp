#include "publishing/article_bulk_store.hpp"

#include <soci/soci.h>

namespace dossier::publishing {

// The bound variables live here: SOCI reads them by reference at every execute().
struct ArticleBulkWriter::Statements {
  explicit Statements(soci::session& sql) : article(sql), category(sql), tag(sql) {}

  long long id = 0, author = 0, hero = 0, published = 0, now = 0, category_id = 0, tag_id = 0;
  int words = 0, position = 0;
  soci::indicator hero_ind = soci::i_null, published_ind = soci::i_null;
  std::string slug, kind, title, dek, markdown, html, status, visibility, seo_title, seo_desc;
  soci::statement article;
  soci::statement category;
  soci::statement tag;
};

ArticleBulkWriter::ArticleBulkWriter(soci::session& sql) : st_(std::make_unique<Statements>(sql)) {
  auto& s = *st_;
  sql << "SELECT COALESCE(MAX(id), 0) FROM articles", soci::into(s.id);
  s.article =
      (sql.prepare << "INSERT INTO articles (id, slug, kind, title, dek, body_markdown, body_html,"
                      " word_count, status, visibility, author_id, hero_media_id, published_at,"
                      " created_at, updated_at, seo_title, seo_description) VALUES (:id, :slug,"
                      " :kind, :title, :dek, :md, :html, :words, :status, :vis, :author, :hero,"
                      " :published, :now, :now, :seo_title, :seo_desc)",
       soci::use(s.id, "id"), soci::use(s.slug, "slug"), soci::use(s.kind, "kind"),
       soci::use(s.title, "title"), soci::use(s.dek, "dek"), soci::use(s.markdown, "md"),
       soci::use(s.html, "html"), soci::use(s.words, "words"), soci::use(s.status, "status"),
       soci::use(s.visibility, "vis"), soci::use(s.author, "author"),
       soci::use(s.hero, s.hero_ind, "hero"), soci::use(s.published, s.published_ind, "published"),
       soci::use(s.now, "now"), soci::use(s.seo_title, "seo_title"),
       soci::use(s.seo_desc, "seo_desc"));
  s.category = (sql.prepare << "INSERT INTO article_categories (article_id, category_id, position,"
                               " published_at) VALUES (:a, :c, :p, :t)",
                soci::use(s.id), soci::use(s.category_id), soci::use(s.position),
                soci::use(s.published, s.published_ind));
  s.tag = (sql.prepare << "INSERT INTO article_tags (article_id, tag_id, published_at)"
                          " VALUES (:a, :t, :p)",
           soci::use(s.id), soci::use(s.tag_id), soci::use(s.published, s.published_ind));
}

ArticleBulkWriter::~ArticleBulkWriter() = default;

Id ArticleBulkWriter::next_id() const {
  return st_->id + 1;
}

Id ArticleBulkWriter::add(ArticleInput const& in, std::string const& body_html, int word_count,
                          UnixTime now) {
  auto& s = *st_;
  ++s.id;
  s.slug = in.slug;
  s.kind = to_string(in.kind);
  s.title = in.title;
  s.dek = in.dek;
  s.markdown = in.body_markdown;
  s.html = body_html;
  s.words = word_count;
  s.status = to_string(in.status);
  s.visibility = to_string(in.visibility);
  s.author = in.author_id;
  s.hero = in.hero_media_id.value_or(0);
  s.hero_ind = in.hero_media_id ? soci::i_ok : soci::i_null;
  s.published = in.published_at.value_or(0);
  s.published_ind = in.published_at ? soci::i_ok : soci::i_null;
  s.now = now;
  s.seo_title = in.seo_title;
  s.seo_desc = in.seo_description;
  s.article.execute(true);
  for (std::size_t i = 0; i < in.category_ids.size(); ++i) {
    s.category_id = in.category_ids[i];
    s.position = static_cast<int>(i);
    s.category.execute(true);
  }
  for (auto t : in.tag_ids) {
    s.tag_id = t;
    s.tag.execute(true);
  }
  return s.id;
}

}  // namespace dossier::publishing
