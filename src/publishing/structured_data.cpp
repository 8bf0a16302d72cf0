#include "publishing/structured_data.hpp"

#include <nlohmann/json.hpp>

#include "core/strings.hpp"

namespace dossier::publishing {

namespace {

using nlohmann::json;

// Google truncates longer headlines in rich results.
constexpr std::size_t kMaxHeadline = 110;

std::string schema_type(ArticleKind kind) {
  switch (kind) {
    case ArticleKind::News: return "NewsArticle";
    case ArticleKind::Analysis: return "AnalysisNewsArticle";
    case ArticleKind::Report: return "Report";
    case ArticleKind::Page: return "WebPage";
  }
  return "Article";
}

json organization(SiteIdentity const& site) {
  json org = {{"@type", "Organization"}, {"name", site.name}, {"url", site.url + "/"}};
  if (!site.logo_url.empty()) org["logo"] = {{"@type", "ImageObject"}, {"url", site.logo_url}};
  return org;
}

std::string dump(json const& j) {
  return script_safe_json(j.dump(-1, ' ', false, json::error_handler_t::replace));
}

}  // namespace

std::string script_safe_json(std::string const& text) {
  return json_without_markup(text);
}

std::string article_json_ld(ArticleView const& view, SiteIdentity const& site) {
  auto const& a = view.article;
  auto url = site.url + "/articles/" + a.slug;
  auto published = format_rfc3339(a.published_at.value_or(a.created_at));
  auto headline = a.title.size() > kMaxHeadline ? a.title.substr(0, kMaxHeadline) : a.title;
  json j = {
      {"@context", "https://schema.org"},
      {"@type", schema_type(a.kind)},
      {"headline", headline},
      {"description", a.seo_description.empty() ? a.dek : a.seo_description},
      {"datePublished", published},
      {"dateModified", format_rfc3339(std::max(a.updated_at, a.published_at.value_or(0)))},
      {"mainEntityOfPage", {{"@type", "WebPage"}, {"@id", url}}},
      {"url", url},
      {"wordCount", a.word_count},
      {"inLanguage", site.language},
      {"author", json::array({{{"@type", "Person"},
                               {"name", view.author.name},
                               {"url", site.url + "/author/" + view.author.slug}}})},
      {"publisher", organization(site)},
  };
  if (a.visibility != Visibility::Public) {
    // Google's paywalled-content markup: the article is not free, and the part a reader
    // without access does not get is the page's `.paywalled` element (the way in). The text
    // itself is never on the page for them (publishing/access.hpp), so no search engine or
    // reader mode can read it from the markup either.
    j["isAccessibleForFree"] = false;
    j["hasPart"] = {
        {"@type", "WebPageElement"}, {"isAccessibleForFree", false}, {"cssSelector", ".paywalled"}};
  }
  // A restricted article's image is served only to its readers (app/: the media gate), so
  // the structured data names it only for public articles.
  if (view.hero && a.visibility == Visibility::Public) {
    j["image"] = json::array({{{"@type", "ImageObject"},
                               {"url", site.url + "/media/" + view.hero->file},
                               {"width", view.hero->width},
                               {"height", view.hero->height},
                               {"caption", view.hero->caption}}});
  }
  if (!view.categories.empty()) j["articleSection"] = view.categories.front().name;
  if (!view.tags.empty()) {
    std::string keywords;
    for (auto const& t : view.tags) keywords += (keywords.empty() ? "" : ", ") + t.name;
    j["keywords"] = keywords;
  }
  return dump(j);
}

std::string breadcrumb_json_ld(std::vector<std::pair<std::string, std::string>> const& crumbs,
                               SiteIdentity const& site) {
  json items = json::array();
  items.push_back(
      {{"@type", "ListItem"}, {"position", 1}, {"name", "Home"}, {"item", site.url + "/"}});
  int position = 2;
  for (auto const& [name, path] : crumbs) {
    items.push_back({{"@type", "ListItem"},
                     {"position", position++},
                     {"name", name},
                     {"item", site.url + path}});
  }
  return dump({{"@context", "https://schema.org"},
               {"@type", "BreadcrumbList"},
               {"itemListElement", items}});
}

std::string home_json_ld(SiteIdentity const& site) {
  auto org = organization(site);
  org["@context"] = "https://schema.org";
  if (!site.description.empty()) org["description"] = site.description;
  if (!site.email.empty()) org["email"] = site.email;
  json website = {{"@context", "https://schema.org"},
                  {"@type", "WebSite"},
                  {"name", site.name},
                  {"url", site.url + "/"},
                  {"inLanguage", site.language}};
  return dump(json::array({org, website}));
}

}  // namespace dossier::publishing
