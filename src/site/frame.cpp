#include "site/frame.hpp"

#include <ctemplate/template.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "http/static_files.hpp"
#include "render/template_key.hpp"
#include "render/theme.hpp"

namespace dossier::site {

using render::operator""_key;

namespace {

using ctemplate::TemplateDictionary;

// Search engines show about this many characters of <meta name="description">.
constexpr std::size_t kMetaDescriptionLength = 160;

constexpr char const* kNotFoundTitle = "Page not found";
constexpr char const* kNotFoundText =
    "We could not find that page. It may have moved, or the address may be mistyped.";

// A description cut at a word boundary, for <meta name="description">.
std::string shorten(std::string const& text, std::size_t limit) {
  if (text.size() <= limit) return text;
  auto cut = text.rfind(' ', limit);
  return text.substr(0, cut == std::string::npos ? limit : cut) + "…";
}

http::Response html(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

// The head partial's own values: social cards, the page's feed, structured data, navigation.
void fill_head(TemplateDictionary& head, PageMeta const& meta, Masthead const& m) {
  head.SetFilename("partials/head.tpl");
  head.SetValue("OG_TYPE"_key, meta.og_type);
  head.SetValue("OG_TITLE"_key, meta.title.empty() ? m.title : meta.title);
  head.SetValue("TWITTER_CARD"_key, meta.image_url.empty() ? "summary" : "summary_large_image");
  if (!meta.image_url.empty()) {
    auto* image = head.AddSectionDictionary("OG_IMAGE"_key);
    image->SetValue("OG_IMAGE_URL"_key, meta.image_url);
    image->SetValue("OG_IMAGE_ALT"_key, meta.image_alt);
  }
  if (meta.og_type == "article") {
    auto* article = head.AddSectionDictionary("OG_ARTICLE"_key);
    article->SetValue("PUBLISHED_ISO"_key, meta.published_iso);
    article->SetValue("MODIFIED_ISO"_key, meta.modified_iso);
    if (!meta.section.empty()) {
      article->ShowSection("HAS_SECTION"_key);
      article->SetValue("SECTION"_key, meta.section);
    }
  }
  if (!meta.feed_path.empty()) {
    auto* feed = head.AddSectionDictionary("PAGE_FEED"_key);
    feed->SetValue("PAGE_FEED_URL"_key, meta.feed_path);
    feed->SetValue("PAGE_FEED_TITLE"_key, (meta.title.empty() ? m.title : meta.title) + " (RSS)");
  }
  // Built by the server with nlohmann::json and made script-safe (structured_data.hpp):
  // ctemplate's JavaScript escaping would turn its quotes into \x22, which is not JSON.
  for (auto const& text : meta.json_ld)
    head.AddSectionDictionary("JSON_LD"_key)->SetValue("JSON_LD_TEXT"_key, text);
  for (auto const& n : m.nav) {
    auto* item = head.AddSectionDictionary("NAV_ITEM"_key);
    item->SetValue("NAV_URL"_key, n.url);
    item->SetValue("NAV_NAME"_key, n.name);
    item->SetValue("NAV_CLASS"_key, n.child ? "nav-child" : "nav-top");
    if (n.slug == meta.current_nav) item->ShowSection("NAV_CURRENT"_key);
  }
  for (auto const& link : m.menu_links) {
    auto* item = head.AddSectionDictionary("MENU_LINK"_key);
    item->SetValue("LINK_URL"_key, link.url);
    item->SetValue("LINK_LABEL"_key, link.label);
  }
}

}  // namespace

std::string Frame::asset_url(std::string const& name) const {
  return ctx_.assets.url_for(name);
}

void Frame::fill(TemplateDictionary& d, PageMeta const& meta, Masthead const& m) const {
  // ctemplate's include dictionaries do not inherit plain values, so what the head and
  // foot partials share with the page is set as template-global values.
  auto global = [&d](char const* name, std::string const& value) {
    d.SetTemplateGlobalValue(name, value);
  };
  global("LANG", m.language);
  global("SITE_TITLE", m.title);
  global("SITE_TAGLINE", m.tagline);
  global("SITE_ABOUT", m.about);
  global("SITE_URL", ctx_.site_url);
  global("PAGE_TITLE", meta.title.empty() ? m.title : meta.title + " | " + m.title);
  global("META_DESCRIPTION",
         shorten(meta.description.empty() ? m.tagline : meta.description, kMetaDescriptionLength));
  global("CANONICAL_URL", ctx_.site_url + meta.path);
  global("STYLE_URL", ctx_.assets.url_for("style.css"));
  global("ICON_URL", ctx_.assets.url_for("icon.svg"));
  global("SEARCH_JS_URL", ctx_.assets.url_for("search.js"));
  if (meta.noindex) d.ShowTemplateGlobalSection("ROBOTS_NOINDEX");
  if (!m.contact_email.empty()) {
    d.ShowTemplateGlobalSection("HAS_CONTACT");
    global("CONTACT_EMAIL", m.contact_email);
  }
  int year = year_of(ctx_.clock());
  int start = m.copyright_start_year;
  global("COPYRIGHT_YEARS",
         start > 0 && start < year ? fmt::format("{}–{}", start, year) : std::to_string(year));
  fill_head(*d.AddIncludeDictionary("HEAD"_key), meta, m);
  auto* foot = d.AddIncludeDictionary("FOOT"_key);
  foot->SetFilename("partials/foot.tpl");
  for (auto const& link : m.social_links) {
    auto* item = foot->AddSectionDictionary("SOCIAL_LINK"_key);
    item->SetValue("LINK_URL"_key, link.url);
    item->SetValue("LINK_LABEL"_key, link.label);
  }
}

http::Response Frame::page(int status, PageMeta const& meta, std::string const& template_name,
                           Fill const& fill_page) const {
  return page(status, meta, masthead(), template_name, fill_page);
}

http::Response Frame::page(int status, PageMeta const& meta, Masthead const& m,
                           std::string const& template_name, Fill const& fill_page) const {
  TemplateDictionary d(template_name);
  fill(d, meta, m);
  fill_page(d);
  return html(status, ctx_.theme.render(template_name, d));
}

http::Response Frame::message(int status, PageMeta const& meta, std::string const& title,
                              std::string const& text) const {
  return page(status, meta, "message.tpl", [&](TemplateDictionary& d) {
    d.SetValue("MESSAGE_TITLE"_key, title);
    d.SetValue("MESSAGE_TEXT"_key, text);
  });
}

http::Response Frame::not_found(http::Request const&) const {
  return error(404, kNotFoundTitle, kNotFoundText);
}

http::Response Frame::error(int status, std::string const& title, std::string const& text) const {
  // The fallback masthead when the database is the thing that failed.
  Masthead m = ctx_.fallback;
  try {
    m = ctx_.masthead();
  } catch (std::exception const& e) {
    spdlog::warn("error page without site settings: {}", e.what());
  }
  TemplateDictionary d("error");
  fill(d, {title, text, "/", "", true}, m);
  d.SetIntValue("STATUS"_key, status);
  d.SetValue("MESSAGE_TITLE"_key, title);
  d.SetValue("MESSAGE_TEXT"_key, text);
  auto r = html(status, ctx_.theme.render("error.tpl", d));
  r.set_header("Cache-Control", "no-store");
  return r;
}

}  // namespace dossier::site
