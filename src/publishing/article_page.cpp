#include "publishing/article_page.hpp"

#include <ctemplate/template.h>
#include <fmt/format.h>

#include "publishing/site_pages.hpp"
#include "publishing/structured_data.hpp"
#include "publishing/urls.hpp"
#include "render/template_key.hpp"

namespace dossier::publishing {

using render::operator""_key;

namespace {

using ctemplate::TemplateDictionary;

// The hero image with its resized copies (made at upload): browsers pick the smallest that
// fills the column, WebP when they read it. Width and height keep the layout from shifting
// meanwhile.
void fill_hero(TemplateDictionary& d, media::Media const& image) {
  auto* hero = d.AddSectionDictionary("HERO"_key);
  hero->SetValue("HERO_URL"_key, "/media/" + image.file);
  hero->SetValue("HERO_ALT"_key, image.alt);
  hero->SetIntValue("HERO_W"_key, image.width);
  hero->SetIntValue("HERO_H"_key, image.height);
  std::string webp, same;
  for (auto const& v : image.variants) {
    auto entry = fmt::format("/media/{} {}w", v.file, v.width);
    auto& list = v.mime == "image/webp" ? webp : same;
    if (v.mime == "image/webp" || v.mime == image.mime) list += (list.empty() ? "" : ", ") + entry;
  }
  if (!image.variants.empty()) {
    auto full = fmt::format("/media/{} {}w", image.file, image.width);
    hero->SetValue("HERO_SIZES"_key, "(max-width: 52rem) 100vw, 52rem");
    if (!webp.empty())
      hero->AddSectionDictionary("HERO_WEBP"_key)
          ->SetValue("WEBP_SRCSET"_key, image.mime == "image/webp" ? webp + ", " + full : webp);
    hero->AddSectionDictionary("HERO_SRCSET"_key)
        ->SetValue("SRCSET"_key, same.empty() ? full : same + ", " + full);
  }
  hero->SetValue("HERO_CAPTION"_key, image.caption);
  if (!image.credit.empty()) {
    hero->ShowSection("HAS_CREDIT"_key);
    hero->SetValue("HERO_CREDIT"_key, image.credit);
  }
}

// The article's own values: headline, byline, body, breadcrumbs, tags, related articles.
void fill_article(TemplateDictionary& d, ArticleView const& view,
                  std::vector<ArticleSummary> const& related) {
  auto const& a = view.article;
  d.SetValue("TITLE"_key, a.title);
  d.SetValue("DEK"_key, a.dek);
  if (!a.dek.empty()) d.ShowSection("HAS_DEK"_key);
  d.SetValue("KIND_LABEL"_key, std::string(kind_label(a.kind)));
  d.SetValue("AUTHOR_NAME"_key, view.author.name);
  d.SetValue("AUTHOR_URL"_key, author_url(view.author.slug));
  auto published = a.published_at.value_or(a.created_at);
  d.SetValue("DATE_ISO"_key, format_rfc3339(published));
  d.SetValue("DATE"_key, format_long_date(published));
  d.SetIntValue("READING_MINUTES"_key, reading_minutes(a.word_count));
  d.SetValue("COMMENTS"_key, comments_text(a.comment_count));
  d.SetValue("COMMENTS_EMPTY_TEXT"_key,
             a.comment_count == 0 ? "No comments yet." : "Comments will be shown here.");
  // Rendered by cmark-gfm in safe mode at save time: HTML the server produced itself.
  // Readers discuss public articles only: a thread under a client report would tell each
  // organisation who else reads it.
  if (a.visibility == Visibility::Public) d.ShowSection("DISCUSSION"_key);
  // A teaser never carries the text, not even into the dictionary (publishing/access.hpp).
  if (view.access == Access::Full) {
    d.ShowSection("FULL_TEXT"_key);
    d.SetValue("BODY_HTML"_key, a.body_html);
  }
  for (auto const& c : view.categories) {
    auto* crumb = d.AddSectionDictionary("CRUMB"_key);
    crumb->SetValue("CRUMB_URL"_key, category_url(c.slug));
    crumb->SetValue("CRUMB_NAME"_key, c.name);
  }
  // A teaser shows no image: a restricted article's images are served only to its readers.
  if (view.hero && view.access == Access::Full) fill_hero(d, *view.hero);
  if (!view.tags.empty()) d.ShowSection("HAS_TAGS"_key);
  for (auto const& t : view.tags) {
    auto* tag = d.AddSectionDictionary("TAG"_key);
    tag->SetValue("TAG_URL"_key, tag_url(t.slug));
    tag->SetValue("TAG_NAME"_key, t.name);
  }
  if (!related.empty()) d.ShowSection("HAS_RELATED"_key);
  add_teasers(d, "RELATED", related);
}

// The page shows its related articles, the newest sharing a category or tag: any change in
// those archives may change it.
std::vector<std::string> cache_keys_of(ArticleView const& view,
                                       std::vector<ArticleSummary> const& related) {
  auto const& a = view.article;
  std::vector<std::string> keys{"site", cache_key("article", a.id),
                                cache_key("author", a.author_id)};
  for (auto const& c : view.categories) keys.push_back(cache_key("category", c.id));
  for (auto const& t : view.tags) keys.push_back(cache_key("tag", t.id));
  for (auto const& rel : related) keys.push_back(cache_key("article", rel.id));
  return keys;
}

}  // namespace

site::PageMeta ArticlePage::meta_of(ArticleView const& view, SiteSettings const& settings,
                                    ArticleMode mode) const {
  auto const& a = view.article;
  site::PageMeta meta{a.seo_title.empty() ? a.title : a.seo_title,
                      a.seo_description.empty() ? a.dek : a.seo_description, article_url(a.slug),
                      view.categories.empty() ? "" : view.categories.front().slug, false};
  meta.og_type = "article";
  meta.noindex = mode == ArticleMode::Preview;
  meta.published_iso = format_rfc3339(a.published_at.value_or(a.created_at));
  meta.modified_iso = format_rfc3339(std::max(a.updated_at, a.published_at.value_or(0)));
  if (!view.categories.empty()) meta.section = view.categories.front().name;
  // A restricted article's image is served only to those who may read it: no social card.
  if (view.hero && a.visibility == Visibility::Public) {
    meta.image_url = frame_.site_url() + "/media/" + view.hero->file;
    meta.image_alt = view.hero->alt;
  }
  auto site_id = identity_of(frame_, settings);
  meta.json_ld.push_back(article_json_ld(view, site_id));
  std::vector<std::pair<std::string, std::string>> crumbs;
  for (auto const& c : view.categories) crumbs.emplace_back(c.name, category_url(c.slug));
  crumbs.emplace_back(a.title, article_url(a.slug));
  meta.json_ld.push_back(breadcrumb_json_ld(crumbs, site_id));
  return meta;
}

http::Response ArticlePage::render(ArticleView const& view, ArticleMode mode) const {
  auto const& a = view.article;
  bool preview = mode == ArticleMode::Preview;
  auto settings = publishing_.settings();
  auto masthead = masthead_of(settings, publishing_.categories());
  // Insight's scored list when it has one (a registered source), else the newest articles
  // sharing a category or tag; pages have none.
  // A preview shows the article as it is being written (its categories may differ from the
  // published ones the cache was filled from), so it reads afresh.
  auto read_related = [&] {
    auto scored = sections_.related(a.id, kRelatedCount);
    return scored.empty() ? publishing_.newest_related(view, kRelatedCount) : scored;
  };
  std::shared_ptr<std::vector<ArticleSummary> const> kept;
  if (a.kind != ArticleKind::Page)
    kept = preview ? std::make_shared<std::vector<ArticleSummary> const>(read_related())
                   : related_.get(a.id, read_related);
  static std::vector<ArticleSummary> const kNone;
  auto const& related = kept ? *kept : kNone;
  auto r = frame_.page(200, meta_of(view, settings, mode), masthead, "article.tpl",
                       [&](TemplateDictionary& d) {
                         fill_article(d, view, related);
                         if (preview) d.ShowSection("PREVIEW"_key);
                         if (view.access != Access::Full) d.ShowSection("TEASER"_key);
                         // Other modules' sections show readers' and analysed content of
                         // published articles only: not in previews, not on static pages.
                         if (!preview && a.kind != ArticleKind::Page) sections_.fill(d, view);
                       });
  if (preview) {
    // A preview is of unpublished work: never cached, never indexed.
    r.set_header("Cache-Control", "no-store");
    r.set_header("X-Robots-Tag", "noindex");
    return r;
  }
  if (mode == ArticleMode::Restricted) {
    // What one reader may see (a teaser, or the whole text for a client): never stored by the
    // page cache (no cache keys) nor by any other cache, and the whole text is not indexed.
    r.set_header("Cache-Control", "private, no-store");
    if (view.access == Access::Full) r.set_header("X-Robots-Tag", "noindex");
    return r;
  }
  r.cache_keys = cache_keys_of(view, related);
  r.set_header("Last-Modified", format_http_date(a.updated_at));
  return r;
}

}  // namespace dossier::publishing
