#include "api/content_api.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "api/problem.hpp"
#include "core/time.hpp"
#include "http/form.hpp"
#include "http/json.hpp"
#include "insight/insight.hpp"
#include "insight/insight_service.hpp"
#include "publishing/access.hpp"
#include "publishing/listed_articles.hpp"
#include "publishing/public_articles.hpp"
#include "publishing/publishing_service.hpp"
#include "publishing/urls.hpp"
#include "search/query_parser.hpp"
#include "search/search_index.hpp"
#include "store/database.hpp"

namespace dossier::api {

namespace {

using nlohmann::ordered_json;
using publishing::Access;
using publishing::ArticleView;

// The article object's top-level keys (docs/API.md), in the order they are written; `fields`
// may name any of them, and the ones `include` adds.
constexpr std::array<std::string_view, 15> kArticleKeys = {"id",
                                                           "slug",
                                                           "url",
                                                           "kind",
                                                           "title",
                                                           "excerpt",
                                                           "published_at",
                                                           "updated_at",
                                                           "visibility",
                                                           "access",
                                                           "reading_minutes",
                                                           "comment_count",
                                                           "feature_image",
                                                           "primary_category",
                                                           "author"};
constexpr std::array<std::string_view, 5> kIncludes = {"body", "authors", "categories", "tags",
                                                       "insight"};
constexpr std::array<std::string_view, 6> kIncludedKeys = {"html",       "markdown", "authors",
                                                           "categories", "tags",     "insight"};

template <std::size_t N>
bool one_of(std::array<std::string_view, N> const& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::vector<std::string> split_list(std::string const& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string part = text.substr(start, end - start);
    // Spaces around names ("id, slug") are the writer's layout, not part of a name.
    auto first = part.find_first_not_of(' ');
    auto last = part.find_last_not_of(' ');
    out.push_back(first == std::string::npos ? "" : part.substr(first, last - first + 1));
    start = end + 1;
  }
  return out;
}

// A request's query parameters, checked against the names the endpoint knows: an unknown
// one is a 400 naming it, so a misspelt filter never silently lists everything.
class Query {
 public:
  static std::variant<Query, http::Response> read(http::Request const& req,
                                                  std::initializer_list<std::string_view> known) {
    auto form = http::Form::parse_urlencoded(req.query);
    if (!form) return problem(400, "bad_request", "The query string cannot be read.");
    Query q;
    for (auto const& f : form->fields()) {
      // `key` is the gate's (a content key in the URL), never a filter.
      if (f.name == "key") continue;
      if (std::find(known.begin(), known.end(), f.name) == known.end())
        return problem(400, "unknown_field", "Unknown query parameter '" + f.name + "'.",
                       {{f.name, "not a parameter of this endpoint"}});
      if (q.values_.count(f.name))
        return problem(400, "invalid_field", "The parameter '" + f.name + "' is given twice.",
                       {{f.name, "given twice"}});
      q.values_[f.name] = f.value;
    }
    return q;
  }
  std::optional<std::string> get(std::string const& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::map<std::string, std::string> values_;
};

http::Response invalid(std::string const& field, std::string const& message) {
  return problem(400, "invalid_field", "Invalid value for '" + field + "': " + message + ".",
                 {{field, message}});
}

std::optional<long long> whole_number(std::string const& text) {
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// The largest page number accepted: far beyond any archive, and small enough that
// (page - 1) * limit cannot overflow.
constexpr long long kMaxPage = 1'000'000'000;

struct Paging {
  long long page = 1;
  int limit = kDefaultLimit;
  long long offset() const { return (page - 1) * limit; }
};

std::variant<Paging, http::Response> paging_of(Query const& q) {
  Paging p;
  if (auto page = q.get("page")) {
    auto n = whole_number(*page);
    if (!n || *n < 1 || *n > kMaxPage) return invalid("page", "a whole number of at least 1");
    p.page = *n;
  }
  if (auto limit = q.get("limit")) {
    auto n = whole_number(*limit);
    if (!n || *n < 1 || *n > kMaxLimit)
      return invalid("limit", "a whole number from 1 to " + std::to_string(kMaxLimit));
    p.limit = static_cast<int>(*n);
  }
  return p;
}

ordered_json page_number_or_null(long long n) {
  return n > 0 ? ordered_json(n) : ordered_json(nullptr);
}

ordered_json pagination(Paging const& p, long long total) {
  long long pages = total == 0 ? 1 : (total + p.limit - 1) / p.limit;
  return {{"pagination",
           {{"page", p.page},
            {"limit", p.limit},
            {"pages", pages},
            {"total", total},
            {"next", page_number_or_null(p.page < pages ? p.page + 1 : 0)},
            {"prev", page_number_or_null(p.page > 1 ? std::min(p.page - 1, pages) : 0)}}}};
}

// Answers a 200 with the Content API's cache rules (docs/API.md): anonymous reads are the
// same for everyone and may be kept a minute by shared caches; a keyed read may hold what
// only that key opens, so nothing keeps it. The strong ETag is of the body (RFC 9110 8.8.3);
// http::finalize answers If-None-Match with 304.
http::Response answer(ApiCaller const& caller, ordered_json const& body) {
  auto r = http::json_response(200, body);
  r.set_header("Cache-Control", caller.key ? "private, no-store" : "public, max-age=60");
  r.set_header("Vary", "Authorization");
  r.set_header("ETag", http::strong_etag(r.body, false));
  return r;
}

// A refusal keeps the API's Vary and never enters a shared cache.
http::Response refuse(http::Response r) {
  r.set_header("Cache-Control", "private, no-store");
  r.set_header("Vary", "Authorization");
  return r;
}

http::Response not_found(std::string const& what, std::string const& slug) {
  return refuse(problem(404, "not_found", "No " + what + " '" + slug + "'."));
}

// What a list of articles writes of each one.
struct Shape {
  std::set<std::string> includes;
  std::optional<std::set<std::string>> fields;  // none: every key
};

std::variant<Shape, http::Response> shape_of(Query const& q) {
  Shape s;
  if (auto include = q.get("include")) {
    for (auto const& name : split_list(*include)) {
      if (!one_of(kIncludes, name)) return invalid("include", "unknown name '" + name + "'");
      s.includes.insert(name);
    }
  }
  if (auto fields = q.get("fields")) {
    std::set<std::string> names;
    for (auto const& name : split_list(*fields)) {
      if (!one_of(kArticleKeys, name) && !one_of(kIncludedKeys, name))
        return invalid("fields", "unknown field '" + name + "'");
      names.insert(name);
    }
    s.fields = std::move(names);
  }
  return s;
}

ordered_json term_json(std::string const& slug, std::string const& name, std::string url) {
  return {{"slug", slug}, {"name", name}, {"url", std::move(url)}};
}

ordered_json entity_refs(std::vector<insight::EntityRef> const& refs) {
  auto out = ordered_json::array();
  for (auto const& e : refs) out.push_back({{"name", e.name}, {"slug", e.slug}});
  return out;
}

}  // namespace

namespace {

// The article object of docs/API.md for one reader's access.
ordered_json article_json(ContentApiDeps const& d, ArticleView const& v, Access access,
                          Shape const& shape) {
  auto const& a = v.article;
  bool page = a.kind == publishing::ArticleKind::Page;
  ordered_json o;
  o["id"] = a.id;
  o["slug"] = a.slug;
  o["url"] = d.site_url + (page ? publishing::page_url(a.slug) : publishing::article_url(a.slug));
  o["kind"] = std::string(to_string(a.kind));
  o["title"] = a.title;
  o["excerpt"] = a.dek;
  o["published_at"] = format_rfc3339(a.published_at.value_or(a.created_at));
  o["updated_at"] = format_rfc3339(std::max(a.updated_at, a.published_at.value_or(0)));
  o["visibility"] = std::string(to_string(a.visibility));
  o["access"] = access == Access::Full ? "full" : "teaser";
  o["reading_minutes"] = publishing::reading_minutes(a.word_count);
  o["comment_count"] = a.comment_count;
  if (v.hero) {
    o["feature_image"] = {{"url", d.site_url + "/media/" + v.hero->file},
                          {"alt", v.hero->alt},
                          {"caption", v.hero->caption},
                          {"credit", v.hero->credit},
                          {"width", v.hero->width},
                          {"height", v.hero->height}};
  } else {
    o["feature_image"] = nullptr;
  }
  if (!v.categories.empty())
    o["primary_category"] = {{"slug", v.categories.front().slug},
                             {"name", v.categories.front().name}};
  else
    o["primary_category"] = nullptr;
  o["author"] = {{"slug", v.author.slug}, {"name", v.author.name}};
  bool full = access == Access::Full;
  // A teaser's body stays on the server: the same rule as the article page's.
  if (shape.includes.count("body") && full) {
    o["html"] = a.body_html;
    o["markdown"] = a.body_markdown;
  }
  if (shape.includes.count("authors"))
    o["authors"] = ordered_json::array({term_json(
        v.author.slug, v.author.name, d.site_url + publishing::author_url(v.author.slug))});
  if (shape.includes.count("categories")) {
    auto list = ordered_json::array();
    for (auto const& c : v.categories)
      list.push_back(term_json(c.slug, c.name, d.site_url + publishing::category_url(c.slug)));
    o["categories"] = std::move(list);
  }
  if (shape.includes.count("tags")) {
    auto list = ordered_json::array();
    for (auto const& t : v.tags)
      list.push_back(term_json(t.slug, t.name, d.site_url + publishing::tag_url(t.slug)));
    o["tags"] = std::move(list);
  }
  // What the analyzer found is read from the body, so a teaser shows none of it.
  if (shape.includes.count("insight") && full) {
    auto found = d.insight.for_article(a.id);
    o["insight"] = {
        {"people", entity_refs(found ? found->people : std::vector<insight::EntityRef>{})},
        {"countries", entity_refs(found ? found->countries : std::vector<insight::EntityRef>{})},
        {"organizations",
         entity_refs(found ? found->organizations : std::vector<insight::EntityRef>{})}};
  }
  if (!shape.fields) return o;
  ordered_json kept;
  for (auto const& [key, value] : o.items())
    if (shape.fields->count(key)) kept[key] = value;
  return kept.is_null() ? ordered_json::object() : kept;
}

}  // namespace

ContentApi::ContentApi(ContentApiDeps deps)
    : d_(std::move(deps)), views_(d_.db.commits()), lists_(d_.db.commits()) {}

std::shared_ptr<publishing::ArticleView const> ContentApi::view(publishing::Id id) {
  return views_.get_if(id, [&] { return d_.publishing.read_any(id); });
}

std::shared_ptr<publishing::ListedIds const> ContentApi::listed(publishing::ListedQuery const& q) {
  constexpr UnixTime kListMinute = 60;
  auto opt = [](auto const& v) { return v ? std::to_string(*v) : std::string("-"); };
  auto key = fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", static_cast<int>(q.set),
                         q.kind ? std::string(publishing::to_string(*q.kind)) : "-",
                         opt(q.category_id), opt(q.tag_id), opt(q.author_id), opt(q.since),
                         opt(q.until), q.now / kListMinute, q.limit, q.offset);
  return lists_.get(key, [&] {
    soci::session sql(d_.db.pool());
    return publishing::listed_articles(sql, q);
  });
}

// The request's caller, or the gate's refusal.
#define DOSSIER_API_GATE(req)                                  \
  auto gate_result = d_.gate.content(req);                     \
  if (!gate_result.caller) return refuse(gate_result.refusal); \
  ApiCaller const& caller = *gate_result.caller

// Unwraps a std::variant<T, Response>: the response is returned, the value named.
#define DOSSIER_API_TRY(name, expr)                                           \
  auto name##_read = (expr);                                                  \
  if (auto* r = std::get_if<http::Response>(&name##_read)) return refuse(*r); \
  auto name = std::get<0>(std::move(name##_read))

namespace {

struct ArticleListing {
  publishing::ListedSet set;
  std::string plural;
};

}  // namespace

http::Response ContentApi::articles(http::Request const& req, http::Params const&) {
  DOSSIER_API_GATE(req);
  DOSSIER_API_TRY(q, Query::read(req, {"page", "limit", "fields", "include", "category", "tag",
                                       "author", "kind", "since", "until"}));
  DOSSIER_API_TRY(p, paging_of(q));
  DOSSIER_API_TRY(shape, shape_of(q));
  publishing::ListedQuery lq;
  lq.set = publishing::ListedSet::Articles;
  lq.now = d_.clock();
  lq.limit = p.limit;
  lq.offset = p.offset();
  {
    soci::session sql(d_.db.pool());
    if (auto slug = q.get("category")) {
      lq.category_id = publishing::category_id(sql, *slug);
      if (!lq.category_id) return refuse(invalid("category", "no category '" + *slug + "'"));
    }
    if (auto slug = q.get("tag")) {
      lq.tag_id = publishing::tag_id(sql, *slug);
      if (!lq.tag_id) return refuse(invalid("tag", "no tag '" + *slug + "'"));
    }
    if (auto slug = q.get("author")) {
      lq.author_id = publishing::author_id(sql, *slug);
      if (!lq.author_id) return refuse(invalid("author", "no author '" + *slug + "'"));
    }
  }
  if (auto kind = q.get("kind")) {
    auto k = publishing::parse_kind(*kind);
    if (!k || *k == publishing::ArticleKind::Page)
      return refuse(invalid("kind", "one of news, analysis, report"));
    lq.kind = k;
  }
  for (auto name : {"since", "until"}) {
    if (auto text = q.get(name)) {
      auto t = parse_rfc3339(*text);
      if (!t) return refuse(invalid(name, "an RFC 3339 date-time such as 2026-03-04T09:15:00Z"));
      (std::string_view(name) == "since" ? lq.since : lq.until) = *t;
    }
  }
  auto listed = this->listed(lq);
  auto list = ordered_json::array();
  for (auto id : listed->ids) {
    auto view = this->view(id);
    if (!view) continue;  // deleted between the two reads
    auto access = publishing::access_to(caller.viewer, publishing::access_facts(*view), lq.now);
    if (access == Access::None) continue;
    list.push_back(article_json(d_, *view, access, shape));
  }
  ordered_json body;
  body["articles"] = std::move(list);
  body["meta"] = pagination(p, listed->total);
  return answer(caller, body);
}

http::Response ContentApi::article(http::Request const& req, http::Params const& params) {
  DOSSIER_API_GATE(req);
  DOSSIER_API_TRY(q, Query::read(req, {"fields", "include"}));
  DOSSIER_API_TRY(shape, shape_of(q));
  auto slug = params.get("slug");
  auto view = d_.publishing.read_published(slug);
  if (!view || view->article.kind == publishing::ArticleKind::Page)
    return not_found("article", slug);
  auto access = publishing::access_to(caller.viewer, publishing::access_facts(*view), d_.clock());
  if (access == Access::None) return not_found("article", slug);
  ordered_json body;
  body["articles"] = ordered_json::array({article_json(d_, *view, access, shape)});
  return answer(caller, body);
}

http::Response ContentApi::pages(http::Request const& req, http::Params const&) {
  DOSSIER_API_GATE(req);
  DOSSIER_API_TRY(q, Query::read(req, {"page", "limit", "fields", "include"}));
  DOSSIER_API_TRY(p, paging_of(q));
  DOSSIER_API_TRY(shape, shape_of(q));
  publishing::ListedQuery lq;
  lq.set = publishing::ListedSet::Pages;
  lq.now = d_.clock();
  lq.limit = p.limit;
  lq.offset = p.offset();
  auto listed = this->listed(lq);
  auto list = ordered_json::array();
  for (auto id : listed->ids) {
    auto view = this->view(id);
    if (!view) continue;
    auto access = publishing::access_to(caller.viewer, publishing::access_facts(*view), lq.now);
    if (access == Access::None) continue;
    list.push_back(article_json(d_, *view, access, shape));
  }
  ordered_json body;
  body["pages"] = std::move(list);
  body["meta"] = pagination(p, listed->total);
  return answer(caller, body);
}

http::Response ContentApi::page(http::Request const& req, http::Params const& params) {
  DOSSIER_API_GATE(req);
  DOSSIER_API_TRY(q, Query::read(req, {"fields", "include"}));
  DOSSIER_API_TRY(shape, shape_of(q));
  auto slug = params.get("slug");
  auto view = d_.publishing.read_published(slug);
  if (!view || view->article.kind != publishing::ArticleKind::Page) return not_found("page", slug);
  auto access = publishing::access_to(caller.viewer, publishing::access_facts(*view), d_.clock());
  if (access == Access::None) return not_found("page", slug);
  ordered_json body;
  body["pages"] = ordered_json::array({article_json(d_, *view, access, shape)});
  return answer(caller, body);
}

namespace {

// Pages a list held in memory (terms, authors, entities).
template <typename T>
std::vector<T> page_of(std::vector<T> const& all, Paging const& p) {
  auto first = static_cast<std::size_t>(std::min<long long>(p.offset(), all.size()));
  auto last = std::min(all.size(), first + static_cast<std::size_t>(p.limit));
  return {all.begin() + first, all.begin() + last};
}

long long public_count(publishing::PublishingService& publishing, publishing::ListQuery q) {
  // The archives' kept counts (listing_counts): public articles, as the site's archive pages
  // count them.
  return publishing.browse(q, 1, 1).total;
}

ordered_json author_json(ContentApiDeps const& d, publishing::Author const& a) {
  publishing::ListQuery q;
  q.author_id = a.id;
  return {
      {"id", a.id},
      {"slug", a.slug},
      {"name", a.name},
      {"bio", a.bio},
      {"url", d.site_url + publishing::author_url(a.slug)},
      {"profile_image", a.photo_file.empty() ? ordered_json(nullptr)
                                             : ordered_json(d.site_url + "/media/" + a.photo_file)},
      {"article_count", public_count(d.publishing, q)}};
}

ordered_json category_json(ContentApiDeps const& d, publishing::Category const& c,
                           std::vector<publishing::Category> const& all) {
  ordered_json parent = nullptr;
  if (c.parent_id)
    for (auto const& p : all)
      if (p.id == *c.parent_id) parent = p.slug;
  publishing::ListQuery q;
  q.category_id = c.id;
  return {{"id", c.id},
          {"slug", c.slug},
          {"name", c.name},
          {"description", c.description},
          {"parent", parent},
          {"url", d.site_url + publishing::category_url(c.slug)},
          {"article_count", public_count(d.publishing, q)}};
}

ordered_json tag_json(ContentApiDeps const& d, publishing::Tag const& t) {
  publishing::ListQuery q;
  q.tag_id = t.id;
  return {{"id", t.id},
          {"slug", t.slug},
          {"name", t.name},
          {"url", d.site_url + publishing::tag_url(t.slug)},
          {"article_count", public_count(d.publishing, q)}};
}

}  // namespace

http::Response ContentApi::authors(http::Request const& req, http::Params const&) {
  DOSSIER_API_GATE(req);
  DOSSIER_API_TRY(q, Query::read(req, {"page", "limit"}));
  DOSSIER_API_TRY(p, paging_of(q));
  std::vector<publishing::PublicLink> links;
  {
    soci::session sql(d_.db.pool());
    links = publishing::public_archives(sql, publishing::ArchiveKind::Author, kMaxTermList);
  }
  auto list = ordered_json::array();
  for (auto const& link : page_of(links, p))
    if (auto a = d_.publishing.author(link.slug)) list.push_back(author_json(d_, *a));
  ordered_json body;
  body["authors"] = std::move(list);
  body["meta"] = pagination(p, static_cast<long long>(links.size()));
  return answer(caller, body);
}

http::Response ContentApi::author(http::Request const& req, http::Params const& params) {
  DOSSIER_API_GATE(req);
  DOSSIER_API_TRY(q, Query::read(req, {}));
  auto slug = params.get("slug");
  auto a = d_.publishing.author(slug);
  if (!a) return not_found("author", slug);
  ordered_json body;
  body["authors"] = ordered_json::array({author_json(d_, *a)});
  return answer(caller, body);
}

http::Response ContentApi::categories(http::Request const& req, http::Params const&) {
  DOSSIER_API_GATE(req);
  DOSSIER_API_TRY(q, Query::read(req, {"page", "limit"}));
  DOSSIER_API_TRY(p, paging_of(q));
  auto all = d_.publishing.categories();
  auto list = ordered_json::array();
  for (auto const& c : page_of(all, p)) list.push_back(category_json(d_, c, all));
  ordered_json body;
  body["categories"] = std::move(list);
  body["meta"] = pagination(p, static_cast<long long>(all.size()));
  return answer(caller, body);
}

http::Response ContentApi::category(http::Request const& req, http::Params const& params) {
  DOSSIER_API_GATE(req);
  DOSSIER_API_TRY(q, Query::read(req, {}));
  auto slug = params.get("slug");
  auto all = d_.publishing.categories();
  auto found = std::find_if(all.begin(), all.end(), [&](auto const& c) { return c.slug == slug; });
  if (found == all.end()) return not_found("category", slug);
  ordered_json body;
  body["categories"] = ordered_json::array({category_json(d_, *found, all)});
  return answer(caller, body);
}

http::Response ContentApi::tags(http::Request const& req, http::Params const&) {
  DOSSIER_API_GATE(req);
  DOSSIER_API_TRY(q, Query::read(req, {"page", "limit"}));
  DOSSIER_API_TRY(p, paging_of(q));
  std::vector<publishing::PublicLink> links;
  {
    soci::session sql(d_.db.pool());
    links = publishing::public_archives(sql, publishing::ArchiveKind::Tag, kMaxTermList);
  }
  auto list = ordered_json::array();
  for (auto const& link : page_of(links, p))
    if (auto t = d_.publishing.tag(link.slug)) list.push_back(tag_json(d_, *t));
  ordered_json body;
  body["tags"] = std::move(list);
  body["meta"] = pagination(p, static_cast<long long>(links.size()));
  return answer(caller, body);
}

http::Response ContentApi::tag(http::Request const& req, http::Params const& params) {
  DOSSIER_API_GATE(req);
  DOSSIER_API_TRY(q, Query::read(req, {}));
  auto slug = params.get("slug");
  auto t = d_.publishing.tag(slug);
  if (!t) return not_found("tag", slug);
  ordered_json body;
  body["tags"] = ordered_json::array({tag_json(d_, *t)});
  return answer(caller, body);
}

http::Response ContentApi::search(http::Request const& req, http::Params const&) {
  DOSSIER_API_GATE(req);
  DOSSIER_API_TRY(q, Query::read(req, {"q", "page", "limit", "fields", "include"}));
  DOSSIER_API_TRY(p, paging_of(q));
  DOSSIER_API_TRY(shape, shape_of(q));
  auto words = q.get("q").value_or("");
  if (words.empty()) return refuse(invalid("q", "the words to search for"));
  search::SearchRequest sr;
  sr.query = search::parse_query(words);
  sr.page = static_cast<int>(std::min<long long>(p.page, search::kMaxPage));
  sr.per_page = std::min(p.limit, search::kMaxPerPage);
  sr.facets = false;
  sr.snippets = false;
  // The index answers pages of at most kMaxPerPage; the envelope says what was served.
  p.limit = sr.per_page;
  auto found = d_.search.search(sr);
  auto list = ordered_json::array();
  auto now = d_.clock();
  for (auto const& hit : found.hits) {
    auto view = this->view(hit.article.id);
    if (!view) continue;
    auto access = publishing::access_to(caller.viewer, publishing::access_facts(*view), now);
    if (access == Access::None) continue;
    list.push_back(article_json(d_, *view, access, shape));
  }
  ordered_json body;
  body["articles"] = std::move(list);
  body["meta"] = pagination(p, found.total);
  return answer(caller, body);
}

namespace {

ordered_json entity_json(insight::EntityRef const& e, long long articles,
                         std::string const& site_url) {
  return {{"slug", e.slug},
          {"kind", std::string(to_string(e.kind))},
          {"name", e.name},
          {"article_count", articles},
          {"url", site_url + insight::entity_url(e.kind, e.slug)}};
}

}  // namespace

http::Response ContentApi::entities(http::Request const& req, http::Params const&) {
  DOSSIER_API_GATE(req);
  DOSSIER_API_TRY(q, Query::read(req, {"kind", "q", "page", "limit"}));
  DOSSIER_API_TRY(p, paging_of(q));
  std::optional<insight::EntityKind> kind;
  if (auto text = q.get("kind")) {
    kind = insight::parse_entity_kind(*text);
    if (!kind) return refuse(invalid("kind", "one of person, country, organization"));
  }
  auto all = d_.insight.search_entities(kind, q.get("q").value_or(""), kMaxTermList);
  auto list = ordered_json::array();
  for (auto const& e : page_of(all, p)) list.push_back(entity_json(e, e.count, d_.site_url));
  ordered_json body;
  body["entities"] = std::move(list);
  body["meta"] = pagination(p, static_cast<long long>(all.size()));
  return answer(caller, body);
}

http::Response ContentApi::entity(http::Request const& req, http::Params const& params) {
  DOSSIER_API_GATE(req);
  DOSSIER_API_TRY(q, Query::read(req, {}));
  auto kind_text = params.get("kind");
  auto slug = params.get("slug");
  auto kind = insight::parse_entity_kind(kind_text);
  if (!kind) return not_found("entity kind", kind_text);
  auto found = d_.insight.entity_page(*kind, slug);
  if (!found) return not_found(kind_text, slug);
  auto e = entity_json(found->entity, found->article_count, d_.site_url);
  auto articles = ordered_json::array();
  for (auto const& a : found->latest) articles.push_back({{"slug", a.slug}, {"title", a.title}});
  auto quotes = ordered_json::array();
  for (auto const& quote : found->quotes)
    quotes.push_back({{"text", quote.text},
                      {"article", {{"slug", quote.article.slug}, {"title", quote.article.title}}}});
  e["articles"] = std::move(articles);
  e["quotes"] = std::move(quotes);
  ordered_json body;
  body["entities"] = ordered_json::array({std::move(e)});
  return answer(caller, body);
}

http::Response ContentApi::quotes(http::Request const& req, http::Params const&) {
  DOSSIER_API_GATE(req);
  DOSSIER_API_TRY(q, Query::read(req, {"speaker", "q", "kind", "country", "page", "limit"}));
  DOSSIER_API_TRY(p, paging_of(q));
  insight::QuoteQuery qq;
  qq.speaker = q.get("speaker").value_or("");
  qq.words = q.get("q").value_or("");
  qq.country = q.get("country").value_or("");
  if (auto kind = q.get("kind")) {
    auto k = insight::parse_speaker_filter(*kind);
    if (!k) return refuse(invalid("kind", "person or institution"));
    qq.kind = *k;
  }
  qq.page = static_cast<int>(std::min<long long>(p.page, kMaxPage));
  qq.per_page = p.limit;
  long long total = 0;
  auto found = d_.insight.quotes(qq, total);
  auto list = ordered_json::array();
  for (auto const& quote : found)
    list.push_back(
        {{"text", quote.text},
         {"speaker", quote.speaker ? ordered_json(quote.speaker->name) : ordered_json(nullptr)},
         {"article", {{"slug", quote.article.slug}, {"title", quote.article.title}}}});
  ordered_json body;
  body["quotes"] = std::move(list);
  body["meta"] = pagination(p, total);
  return answer(caller, body);
}

#undef DOSSIER_API_GATE
#undef DOSSIER_API_TRY

void register_content_api(http::Router& router, ContentApi& api) {
  auto route = [&api](auto method) {
    return [&api, method](http::Request const& req, http::Params const& params) {
      return (api.*method)(req, params);
    };
  };
  // Anonymous or a content key (Bearer or ?key=), rate-limited per key or address: the gate.
  router.get("/api/content/v1/articles", route(&ContentApi::articles));
  router.get("/api/content/v1/articles/{slug}", route(&ContentApi::article));
  router.get("/api/content/v1/pages", route(&ContentApi::pages));
  router.get("/api/content/v1/pages/{slug}", route(&ContentApi::page));
  router.get("/api/content/v1/authors", route(&ContentApi::authors));
  router.get("/api/content/v1/authors/{slug}", route(&ContentApi::author));
  router.get("/api/content/v1/categories", route(&ContentApi::categories));
  router.get("/api/content/v1/categories/{slug}", route(&ContentApi::category));
  router.get("/api/content/v1/tags", route(&ContentApi::tags));
  router.get("/api/content/v1/tags/{slug}", route(&ContentApi::tag));
  router.get("/api/content/v1/search", route(&ContentApi::search));
  router.get("/api/content/v1/entities", route(&ContentApi::entities));
  router.get("/api/content/v1/entities/{kind}/{slug}", route(&ContentApi::entity));
  router.get("/api/content/v1/quotes", route(&ContentApi::quotes));
}

}  // namespace dossier::api
