#include "publishing/site_pages.hpp"

#include <ctemplate/template.h>
#include <fmt/format.h>

#include "publishing/urls.hpp"
#include "render/template_key.hpp"

namespace dossier::publishing {

using render::operator""_key;

using ctemplate::TemplateDictionary;

site::Masthead masthead_of(SiteSettings const& s, std::vector<Category> const& nav) {
  site::Masthead m{s.language, s.title,         s.tagline,
                   s.about,    s.contact_email, s.copyright_start_year};
  for (auto const& link : s.menu_links) m.menu_links.push_back({link.label, link.url});
  for (auto const& link : s.social_links) m.social_links.push_back({link.label, link.url});
  m.nav.reserve(nav.size());
  for (auto const& c : nav)
    m.nav.push_back({c.slug, c.name, category_url(c.slug), c.parent_id.has_value()});
  return m;
}

site::FrameContext frame_context(PublishingService& publishing, render::Theme const& theme,
                                 http::StaticAssets const& assets, std::string site_url,
                                 Clock clock) {
  return {theme,
          assets,
          std::move(site_url),
          std::move(clock),
          [&publishing] { return masthead_of(publishing.settings(), publishing.categories()); },
          masthead_of(SiteSettings{}, {})};
}

SiteIdentity identity_of(site::Frame const& frame, SiteSettings const& s) {
  return {frame.site_url(), s.title,   s.about, frame.site_url() + frame.asset_url("icon.svg"),
          s.contact_email,  s.language};
}

std::string comments_text(int n) {
  if (n == 0) return "No comments";
  if (n == 1) return "1 comment";
  return fmt::format("{} comments", n);
}

std::string cache_key(char const* kind, Id id) {
  return fmt::format("{}:{}", kind, id);
}

void fill_summary(TemplateDictionary& d, ArticleSummary const& a) {
  d.SetValue("URL"_key, article_url(a.slug));
  d.SetValue("TITLE"_key, a.title);
  d.SetValue("DEK"_key, a.dek);
  if (!a.dek.empty()) d.ShowSection("HAS_DEK"_key);
  d.SetValue("KIND_LABEL"_key, std::string(kind_label(a.kind)));
  // A badge for analyses and reports, unless the category already says the same.
  if ((a.kind == ArticleKind::Report || a.kind == ArticleKind::Analysis) &&
      a.category_name != kind_label(a.kind))
    d.ShowSection("IS_SPECIAL"_key);
  d.SetValue("AUTHOR_NAME"_key, a.author_name);
  d.SetValue("AUTHOR_URL"_key, author_url(a.author_slug));
  d.SetValue("DATE_ISO"_key, format_rfc3339(a.published_at));
  d.SetValue("DATE"_key, format_long_date(a.published_at));
  d.SetValue("COMMENTS"_key, comments_text(a.comment_count));
  if (!a.category_slug.empty()) {
    d.ShowSection("HAS_CATEGORY"_key);
    d.SetValue("CATEGORY_NAME"_key, a.category_name);
    d.SetValue("CATEGORY_URL"_key, category_url(a.category_slug));
  }
  if (!a.hero_file.empty()) {
    d.ShowSection("HAS_IMAGE"_key);
    d.SetValue("IMG_URL"_key, "/media/" + a.hero_file);
    d.SetValue("IMG_ALT"_key, a.hero_alt);
    d.SetIntValue("IMG_W"_key, a.hero_width);
    d.SetIntValue("IMG_H"_key, a.hero_height);
  }
}

void add_teasers(TemplateDictionary& d, char const* section,
                 std::vector<ArticleSummary> const& items) {
  for (auto const& a : items) {
    auto* teaser = d.AddSectionDictionary(section)->AddIncludeDictionary("TEASER"_key);
    teaser->SetFilename("partials/teaser.tpl");
    fill_summary(*teaser, a);
  }
}

}  // namespace dossier::publishing
