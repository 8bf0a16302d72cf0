#include "feeds/feed_handlers.hpp"

#include "publishing/urls.hpp"

#include <ctemplate/template.h>
#include <fmt/format.h>

#include "core/strings.hpp"
#include "feeds/feed_service.hpp"
#include "render/template_key.hpp"
#include "render/theme.hpp"

namespace dossier::feeds {

using render::operator""_key;

namespace {

using ctemplate::TemplateDictionary;

// User-facing text of this module, in one place (STYLE.md, Errors).
namespace msg {
constexpr char const* kScopedTitle = "{} | {}";  // "Europe | Meridian Institute"
constexpr char const* kCategoryDescription = "Articles in {}.";
constexpr char const* kTagDescription = "Articles tagged {}.";
constexpr char const* kAuthorDescription = "Articles by {}.";
}  // namespace msg

constexpr char const* kRssType = "application/rss+xml; charset=utf-8";
constexpr char const* kAtomType = "application/atom+xml; charset=utf-8";
constexpr char const* kXmlType = "application/xml; charset=utf-8";
constexpr char const* kTextType = "text/plain; charset=utf-8";
constexpr std::string_view kArticleSitemapPrefix = "articles-";
constexpr std::string_view kXmlSuffix = ".xml";
// Enough digits for any file number a site can reach; more is no file of ours.
constexpr std::size_t kMaxFileNumberDigits = 6;

// XML 1.0 (section 2.2, Char) forbids the C0 control characters other than tab, line feed
// and carriage return, and U+FFFE and U+FFFF, even written as character references: no
// escaping makes them well-formed, so they are dropped. The text is valid UTF-8 (checked
// when it was saved), so 0xEF always starts a three-byte sequence.
std::string xml_chars(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(text[i + 2]) & 0xFE) == 0xBE) {
      i += 2;
      continue;
    }
    out.push_back(static_cast<char>(c));
  }
  return out;
}

// Every value goes in through here: the template escapes markup, this drops what XML
// cannot hold at all.
void set(TemplateDictionary& d, char const* name, std::string_view value) {
  d.SetValue(name, xml_chars(value));
}

std::string scope_path(Scope scope, std::string const& slug) {
  switch (scope) {
    case Scope::Category: return publishing::category_url(slug);
    case Scope::Tag: return publishing::tag_url(slug);
    case Scope::Author: return publishing::author_url(slug);
    case Scope::Site: break;
  }
  return "";
}

std::string article_path(std::string const& slug) {
  return publishing::article_url(slug);
}

// A media file's URL, each path segment percent-encoded (RFC 3986 section 3.3).
std::string media_path(std::string const& file) {
  std::string out = "/media";
  for (auto segment : split(file, '/')) {
    out += '/';
    out += percent_encode(segment);
  }
  return out;
}

std::string sitemap_path(SitemapEntry const& e) {
  switch (e.kind) {
    case SitemapKind::Home: return "/";
    case SitemapKind::Latest: return "/latest";
    case SitemapKind::Category: return scope_path(Scope::Category, e.slug);
    case SitemapKind::Tag: return scope_path(Scope::Tag, e.slug);
    case SitemapKind::Author: return scope_path(Scope::Author, e.slug);
    case SitemapKind::Page: return publishing::page_url(e.slug);
    case SitemapKind::Article: break;
  }
  return article_path(e.slug);
}

// What the page cache must drop this response for (http/response.hpp, cache_keys).
std::vector<std::string> cache_keys(Scope scope, Id id) {
  switch (scope) {
    case Scope::Category: return {fmt::format("category:{}", id), "site"};
    case Scope::Tag: return {fmt::format("tag:{}", id), "site"};
    case Scope::Author: return {fmt::format("author:{}", id), "site"};
    case Scope::Site: break;
  }
  return {"latest", "site"};
}

http::Response ok(char const* content_type, std::string body, std::vector<std::string> keys) {
  http::Response r;
  r.content_type = content_type;
  r.body = std::move(body);
  r.cache_keys = std::move(keys);
  return r;
}

std::string feed_title(Feed const& f) {
  if (f.scope == Scope::Site) return f.site.title;
  return fmt::format(msg::kScopedTitle, f.scope_name, f.site.title);
}

std::string feed_description(Feed const& f) {
  if (!f.scope_description.empty()) return f.scope_description;
  switch (f.scope) {
    case Scope::Category: return fmt::format(msg::kCategoryDescription, f.scope_name);
    case Scope::Tag: return fmt::format(msg::kTagDescription, f.scope_name);
    case Scope::Author: return fmt::format(msg::kAuthorDescription, f.scope_name);
    case Scope::Site: break;
  }
  return f.site.tagline;
}

// An entry's categories and tags, each with the archive it belongs to as its taxonomy
// (RSS 2.0 <category domain>, RFC 4287 section 4.2.2 scheme).
void add_terms(TemplateDictionary& d, std::string const& site_url, FeedEntry const& e) {
  auto add = [&](Term const& t, Scope scope) {
    auto* c = d.AddSectionDictionary("CATEGORY"_key);
    set(*c, "TERM", t.slug);
    set(*c, "NAME", t.name);
    set(*c, "SCHEME", site_url + scope_path(scope, ""));  // ".../category/"
  };
  for (auto const& t : e.categories) add(t, Scope::Category);
  for (auto const& t : e.tags) add(t, Scope::Tag);
}

void add_enclosure(TemplateDictionary& d, std::string const& site_url, FeedEntry const& e) {
  if (!e.hero) return;
  auto* enc = d.AddSectionDictionary("ENCLOSURE"_key);
  set(*enc, "URL", site_url + media_path(e.hero->file));
  set(*enc, "LENGTH", std::to_string(e.hero->bytes));
  set(*enc, "TYPE", e.hero->mime);
}

// RSS 2.0: dates in RFC 822 (format_http_date's IMF-fixdate is one), the article URL as a
// permalink guid, the author as dc:creator (<author> must be an email address), the whole
// article as content:encoded (escaped HTML, never raw).
std::string render_rss(render::Theme const& theme, std::string const& site_url, Feed const& f,
                       std::string const& self_url) {
  TemplateDictionary d("rss");
  set(d, "TITLE", feed_title(f));
  set(d, "LINK", site_url + (f.scope == Scope::Site ? "/" : scope_path(f.scope, f.scope_slug)));
  set(d, "DESCRIPTION", feed_description(f));
  set(d, "LANG", f.site.language);
  set(d, "UPDATED", format_http_date(f.updated));
  set(d, "SELF_URL", self_url);
  for (auto const& e : f.entries) {
    auto* item = d.AddSectionDictionary("ITEM"_key);
    set(*item, "TITLE", e.title);
    set(*item, "URL", site_url + article_path(e.slug));
    set(*item, "PUB_DATE", format_http_date(e.published_at));
    set(*item, "AUTHOR_NAME", e.author_name);
    if (!e.dek.empty()) {
      item->ShowSection("HAS_DESCRIPTION"_key);
      set(*item, "DESCRIPTION", e.dek);
    }
    if (f.content == FeedContent::Full && !e.body_html.empty()) {
      item->ShowSection("HAS_CONTENT"_key);
      set(*item, "CONTENT_HTML", e.body_html);
    }
    add_terms(*item, site_url, e);
    add_enclosure(*item, site_url, e);
  }
  return theme.render("feeds/rss.tpl", d);
}

// Atom 1.0 (RFC 4287): RFC 3339 dates, the article URL as the entry id, the dek as the
// summary and the whole article as type="html" content (escaped HTML).
std::string render_atom(render::Theme const& theme, std::string const& site_url, Feed const& f,
                        std::string const& self_url) {
  TemplateDictionary d("atom");
  set(d, "TITLE", feed_title(f));
  set(d, "LINK", site_url + (f.scope == Scope::Site ? "/" : scope_path(f.scope, f.scope_slug)));
  set(d, "DESCRIPTION", feed_description(f));
  set(d, "LANG", f.site.language);
  set(d, "UPDATED", format_rfc3339(f.updated));
  set(d, "SELF_URL", self_url);
  for (auto const& e : f.entries) {
    auto* entry = d.AddSectionDictionary("ENTRY"_key);
    set(*entry, "TITLE", e.title);
    set(*entry, "URL", site_url + article_path(e.slug));
    set(*entry, "PUBLISHED", format_rfc3339(e.published_at));
    set(*entry, "UPDATED", format_rfc3339(e.updated_at));
    set(*entry, "AUTHOR_NAME", e.author_name);
    set(*entry, "AUTHOR_URL", site_url + scope_path(Scope::Author, e.author_slug));
    if (!e.dek.empty()) {
      entry->ShowSection("HAS_SUMMARY"_key);
      set(*entry, "SUMMARY", e.dek);
    }
    if (f.content == FeedContent::Full && !e.body_html.empty()) {
      entry->ShowSection("HAS_CONTENT"_key);
      set(*entry, "CONTENT_HTML", e.body_html);
    }
    add_terms(*entry, site_url, e);
    add_enclosure(*entry, site_url, e);
  }
  return theme.render("feeds/atom.tpl", d);
}

std::string render_sitemap(render::Theme const& theme, std::string const& site_url,
                           std::vector<SitemapEntry> const& entries) {
  TemplateDictionary d("sitemap");
  for (auto const& e : entries) {
    auto* url = d.AddSectionDictionary("ENTRY"_key);
    set(*url, "LOC", site_url + sitemap_path(e));
    if (e.lastmod) {
      url->ShowSection("HAS_LASTMOD"_key);
      set(*url, "LASTMOD", format_rfc3339(*e.lastmod));
    }
  }
  return theme.render("feeds/sitemap.tpl", d);
}

// "articles-12.xml" -> 12; nullopt for anything else (leading zeros included: one URL a file).
std::optional<int> article_file_number(std::string_view name) {
  if (!name.starts_with(kArticleSitemapPrefix) || !name.ends_with(kXmlSuffix)) return std::nullopt;
  auto digits = name.substr(kArticleSitemapPrefix.size(),
                            name.size() - kArticleSitemapPrefix.size() - kXmlSuffix.size());
  if (digits.empty() || digits.size() > kMaxFileNumberDigits || digits.front() == '0')
    return std::nullopt;
  int n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

}  // namespace

http::Response FeedHandlers::feed(Format format, Scope scope, http::Request const& req,
                                  http::Params const& p) {
  auto f = scope == Scope::Site ? std::optional<Feed>(ctx_.feeds.site_feed())
                                : ctx_.feeds.feed(scope, p.get("slug"));
  if (!f) return ctx_.not_found(req);
  auto base = ctx_.site_url + scope_path(scope, f->scope_slug);
  if (format == Format::Rss)
    return ok(kRssType, render_rss(ctx_.theme, ctx_.site_url, *f, base + "/feed.xml"),
              cache_keys(scope, f->scope_id));
  return ok(kAtomType, render_atom(ctx_.theme, ctx_.site_url, *f, base + "/atom.xml"),
            cache_keys(scope, f->scope_id));
}

http::Response FeedHandlers::site_rss(http::Request const& req, http::Params const& p) {
  return feed(Format::Rss, Scope::Site, req, p);
}
http::Response FeedHandlers::site_atom(http::Request const& req, http::Params const& p) {
  return feed(Format::Atom, Scope::Site, req, p);
}
http::Response FeedHandlers::category_rss(http::Request const& req, http::Params const& p) {
  return feed(Format::Rss, Scope::Category, req, p);
}
http::Response FeedHandlers::category_atom(http::Request const& req, http::Params const& p) {
  return feed(Format::Atom, Scope::Category, req, p);
}
http::Response FeedHandlers::tag_rss(http::Request const& req, http::Params const& p) {
  return feed(Format::Rss, Scope::Tag, req, p);
}
http::Response FeedHandlers::tag_atom(http::Request const& req, http::Params const& p) {
  return feed(Format::Atom, Scope::Tag, req, p);
}
http::Response FeedHandlers::author_rss(http::Request const& req, http::Params const& p) {
  return feed(Format::Rss, Scope::Author, req, p);
}
http::Response FeedHandlers::author_atom(http::Request const& req, http::Params const& p) {
  return feed(Format::Atom, Scope::Author, req, p);
}

// The sitemap index (sitemaps.org protocol): the pages file, then one file per id range
// that holds a public article.
http::Response FeedHandlers::sitemap_index(http::Request const&, http::Params const&) {
  auto index = ctx_.feeds.sitemap_index();
  TemplateDictionary d("sitemap_index");
  set(*d.AddSectionDictionary("SITEMAP"_key), "LOC", ctx_.site_url + "/sitemaps/pages.xml");
  for (int n : index.article_files)
    set(*d.AddSectionDictionary("SITEMAP"_key), "LOC",
        fmt::format("{}/sitemaps/{}{}{}", ctx_.site_url, kArticleSitemapPrefix, n, kXmlSuffix));
  return ok(kXmlType, ctx_.theme.render("feeds/sitemap_index.tpl", d), {"latest", "site"});
}

http::Response FeedHandlers::pages_sitemap(http::Request const&, http::Params const&) {
  return ok(kXmlType, render_sitemap(ctx_.theme, ctx_.site_url, ctx_.feeds.pages_sitemap()),
            {"latest", "site"});
}

http::Response FeedHandlers::article_sitemap(http::Request const& req, http::Params const& p) {
  auto n = article_file_number(p.get("file"));
  if (!n) return ctx_.not_found(req);
  auto entries = ctx_.feeds.article_sitemap(*n);
  if (!entries) return ctx_.not_found(req);
  return ok(kXmlType, render_sitemap(ctx_.theme, ctx_.site_url, *entries), {"latest", "site"});
}

// Google News sitemap: articles of the last two days, with the publication's name and
// language, and each article's publication date and title.
http::Response FeedHandlers::news_sitemap(http::Request const&, http::Params const&) {
  auto news = ctx_.feeds.news_sitemap();
  TemplateDictionary d("news_sitemap");
  for (auto const& e : news.entries) {
    auto* url = d.AddSectionDictionary("ENTRY"_key);
    set(*url, "LOC", ctx_.site_url + article_path(e.slug));
    set(*url, "PUBLICATION", news.site.title);
    set(*url, "LANG", news.site.language);
    set(*url, "DATE", format_rfc3339(e.published_at));
    set(*url, "TITLE", e.title);
  }
  return ok(kXmlType, ctx_.theme.render("feeds/news_sitemap.tpl", d), {"latest", "site"});
}

// RFC 9309: every crawler may fetch everything; the sitemaps are named by absolute URL
// (sitemaps.org protocol, "Informing search engine crawlers").
http::Response FeedHandlers::robots(http::Request const&, http::Params const&) {
  return ok(kTextType,
            fmt::format("User-agent: *\nAllow: /\n\nSitemap: {0}/sitemap.xml\n"
                        "Sitemap: {0}/news-sitemap.xml\n",
                        ctx_.site_url),
            {"site"});
}

}  // namespace dossier::feeds
