#include "insight/insight_handlers.hpp"

#include <algorithm>

#include <ctemplate/template.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/strings.hpp"
#include "http/json.hpp"
#include "insight/mention_chart.hpp"
#include "publishing/messages.hpp"
#include "publishing/site_handlers.hpp"
#include "publishing/urls.hpp"
#include "render/template_key.hpp"

namespace dossier::insight {

using render::operator""_key;

using ctemplate::TemplateDictionary;

namespace {

constexpr int kQuotesPerPage = 20;
constexpr int kApiEntities = 20;
// Pages that show analysis are dropped from the page cache after every analysis run.
constexpr char const* kInsightCacheKey = "insight";

void fill_entity(TemplateDictionary* d, EntityRef const& e) {
  d->SetValue("NAME"_key, e.name);
  d->SetValue("URL"_key, entity_url(e.kind, e.slug));
  if (e.role) d->SetValueAndShowSection("ROLE"_key, *e.role, "HAS_ROLE");
  d->SetIntValue("COUNT"_key, static_cast<long>(e.count));
  d->SetValue("KIND"_key, std::string(to_string(e.kind)));
  if (e.institution) d->ShowSection("INSTITUTION"_key);
}

void fill_quote(TemplateDictionary* d, StoredQuote const& q) {
  d->SetValue("TEXT"_key, q.text);
  d->SetValue("ARTICLE_URL"_key, publishing::article_url(q.article.slug));
  d->SetValue("ARTICLE_TITLE"_key, q.article.title);
  d->SetValue("DATE"_key, format_long_date(q.article.published_at));
  d->SetValue("DATE_ISO"_key, format_rfc3339(q.article.published_at));
  if (q.speaker) {
    auto* s = d->AddSectionDictionary("SPEAKER"_key);
    fill_entity(s, *q.speaker);
  }
}

nlohmann::json entity_json(EntityRef const& e) {
  // "kind" stays one of the three entity kinds (API clients switch on it); an institution
  // speaker is an organization with "institution": true.
  return {{"kind", to_string(e.kind)},
          {"institution", e.institution},
          {"slug", e.slug},
          {"name", e.name},
          {"role", e.role ? nlohmann::json(*e.role) : nlohmann::json()},
          {"iso2", e.iso2.empty() ? nlohmann::json() : nlohmann::json(e.iso2)},
          {"url", entity_url(e.kind, e.slug)}};
}

nlohmann::json article_json(ArticleRef const& a) {
  return {{"slug", a.slug},
          {"title", a.title},
          {"url", publishing::article_url(a.slug)},
          {"published_at", format_rfc3339(a.published_at)}};
}

nlohmann::json quote_json(StoredQuote const& q) {
  return {{"text", q.text},
          {"speaker", q.speaker ? entity_json(*q.speaker) : nlohmann::json()},
          {"article", article_json(q.article)}};
}

// A country filter is an ISO 3166-1 alpha-2 code (RFC 5646's region subtags use the same).
constexpr std::size_t kCountryCodeLength = 2;
constexpr std::size_t kMaxQueryText = 200;

namespace msg {
constexpr char const* kBadKind = "The speaker kind must be person or institution.";
constexpr char const* kBadCountry = "The country must be a two-letter ISO 3166-1 code, such as fr.";
}  // namespace msg

// The /quotes filters of the URL query into `q`; a message when one is not valid. A bad filter
// is refused (400) rather than ignored: a reader who typed "country=France" should learn the
// list is not France's.
std::optional<std::string> read_quote_filters(http::Request const& req, QuoteQuery& q) {
  q.speaker = req.query_param("speaker").value_or("").substr(0, kMaxQueryText);
  q.words = req.query_param("q").value_or("").substr(0, kMaxQueryText);
  auto kind = parse_speaker_filter(trim(req.query_param("kind").value_or("")));
  if (!kind) return msg::kBadKind;
  q.kind = *kind;
  auto country = to_lower(trim(req.query_param("country").value_or("")));
  bool letters =
      std::all_of(country.begin(), country.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  if (!country.empty() && (country.size() != kCountryCodeLength || !letters))
    return msg::kBadCountry;
  q.country = country;
  return std::nullopt;
}

int page_of(http::Request const& req) {
  return static_cast<int>(
      std::clamp(parse_id(req.query_param("page").value_or("")).value_or(1), 1LL, 10000LL));
}

}  // namespace

void InsightHandlers::fill_article(TemplateDictionary& d, publishing::ArticleView const& view) {
  auto kept = boxes_.get(view.article.id, [&] {
    auto box = insight_.for_article(view.article.id);
    // The box lists no quotations: a kept copy need not hold them.
    if (box) box->quotes.clear();
    return box;
  });
  auto const& found = *kept;
  if (!found) return;
  auto* box = d.AddSectionDictionary("INSIGHT"_key);
  auto list = [&](std::vector<EntityRef> const& entities, char const* section, char const* item) {
    if (entities.empty()) return;
    auto* s = box->AddSectionDictionary(section);
    for (auto const& e : entities) fill_entity(s->AddSectionDictionary(item), e);
  };
  list(found->people, "HAS_PEOPLE", "PERSON");
  list(found->countries, "HAS_COUNTRIES", "COUNTRY");
  list(found->organizations, "HAS_ORGANIZATIONS", "ORGANIZATION");
  if (!found->figures.empty()) {
    auto* s = box->AddSectionDictionary("HAS_FIGURES"_key);
    for (auto const& f : found->figures) {
      auto* item = s->AddSectionDictionary("FIGURE"_key);
      item->SetValue("TEXT"_key, f.text);
      if (f.source) item->SetValueAndShowSection("SOURCE"_key, *f.source, "HAS_SOURCE");
    }
  }
  if (found->people.empty() && found->countries.empty() && found->organizations.empty() &&
      found->figures.empty())
    box->ShowSection("NOTHING_FOUND"_key);
}

http::Response InsightHandlers::entity(http::Request const& req, EntityKind kind,
                                       std::string const& slug) {
  auto page = insight_.entity_page(kind, slug);
  if (!page || page->article_count == 0) return site_.not_found(req);
  auto const& e = page->entity;
  publishing::PageMeta meta{e.name,
                            fmt::format("{} in {} article{}", e.name, page->article_count,
                                        page->article_count == 1 ? "" : "s"),
                            entity_url(kind, e.slug)};
  auto r = site_.themed(200, meta, "entity.tpl", [&](TemplateDictionary& d) {
    d.SetValue("NAME"_key, e.name);
    d.SetValue("KIND_LABEL"_key, std::string(kind_label(e)));
    if (page->country) {
      auto* c = d.AddSectionDictionary("HAS_COUNTRY"_key);
      c->SetValue("COUNTRY_NAME"_key, page->country->name);
      c->SetValue("COUNTRY_URL"_key, entity_url(EntityKind::Country, page->country->slug));
    }
    if (kind == EntityKind::Country)
      d.SetValueAndShowSection("STATEMENTS_URL"_key,
                               "/quotes?kind=institution&country=" + percent_encode(e.slug),
                               "HAS_STATEMENTS");
    if (e.role) d.SetValueAndShowSection("ROLE"_key, *e.role, "HAS_ROLE");
    if (!e.iso2.empty()) d.SetValueAndShowSection("ISO2"_key, e.iso2, "HAS_ISO2");
    d.SetIntValue("ARTICLE_COUNT"_key, static_cast<long>(page->article_count));
    d.SetValue("ARTICLES_WORD"_key, page->article_count == 1 ? "article" : "articles");
    d.SetValue("CHART_SVG"_key,
               mention_chart_svg(page->months, {640, 180, "Mentions of " + e.name + " by month"}));
    for (auto const& a : page->latest) {
      auto* item = d.AddSectionDictionary("ARTICLE"_key);
      item->SetValue("URL"_key, publishing::article_url(a.slug));
      item->SetValue("TITLE"_key, a.title);
      item->SetValue("DEK"_key, a.dek);
      item->SetValue("DATE"_key, format_long_date(a.published_at));
      item->SetValue("DATE_ISO"_key, format_rfc3339(a.published_at));
    }
    if (!page->quotes.empty()) {
      auto* s = d.AddSectionDictionary("HAS_QUOTES"_key);
      s->SetValue("QUOTES_HEADING"_key,
                  kind == EntityKind::Person ? "What they said" : "Statements");
      for (auto const& q : page->quotes) fill_quote(s->AddSectionDictionary("QUOTE"_key), q);
    }
    if (!page->about.empty()) {
      auto* s = d.AddSectionDictionary("HAS_ABOUT"_key);
      for (auto const& q : page->about) fill_quote(s->AddSectionDictionary("QUOTE"_key), q);
    }
    if (!page->mentioned_with.empty()) {
      auto* s = d.AddSectionDictionary("HAS_WITH"_key);
      for (auto const& w : page->mentioned_with)
        fill_entity(s->AddSectionDictionary("ENTITY"_key), w);
    }
  });
  r.cache_keys = {kInsightCacheKey, "site"};
  return r;
}

http::Response InsightHandlers::person(http::Request const& req, http::Params const& p) {
  return entity(req, EntityKind::Person, p.get("slug"));
}
http::Response InsightHandlers::country(http::Request const& req, http::Params const& p) {
  return entity(req, EntityKind::Country, to_lower(p.get("iso2")));
}
http::Response InsightHandlers::organization(http::Request const& req, http::Params const& p) {
  return entity(req, EntityKind::Organization, p.get("slug"));
}

http::Response InsightHandlers::quotes(http::Request const& req, http::Params const&) {
  QuoteQuery q;
  auto error = read_quote_filters(req, q);
  q.page = page_of(req);
  q.per_page = kQuotesPerPage;
  long long total = 0;
  std::vector<StoredQuote> found;
  if (!error) found = insight_.quotes(q, total);
  publishing::PageMeta meta{"Quotations", "Every attributed quotation on the site", "/quotes"};
  meta.noindex = !q.speaker.empty() || !q.words.empty() || q.page > 1 ||
                 q.kind != SpeakerFilter::Any || !q.country.empty() || error;
  auto r = site_.themed(error ? 400 : 200, meta, "quotes.tpl", [&](TemplateDictionary& d) {
    d.SetValue("SPEAKER"_key, q.speaker);
    d.SetValue("WORDS"_key, q.words);
    d.SetValue("COUNTRY"_key, q.country);
    for (auto [value, label] : {std::pair{SpeakerFilter::Person, "People"},
                                {SpeakerFilter::Institution, "Institutions and states"}}) {
      auto* option = d.AddSectionDictionary("KIND_OPTION"_key);
      option->SetValue("VALUE"_key, std::string(to_string(value)));
      option->SetValue("LABEL"_key, label);
      if (q.kind == value) option->ShowSection("SELECTED"_key);
    }
    if (error) {
      d.SetValueAndShowSection("ERROR"_key, *error, "HAS_ERROR");
      return;
    }
    d.SetIntValue("TOTAL"_key, static_cast<long>(total));
    auto* results = d.AddSectionDictionary("RESULTS"_key);
    if (found.empty()) results->ShowSection("EMPTY"_key);
    for (auto const& quote : found) fill_quote(results->AddSectionDictionary("QUOTE"_key), quote);
    auto pages = std::max<long long>(1, (total + kQuotesPerPage - 1) / kQuotesPerPage);
    // Every filter travels with the pager, so the next page is the same list's.
    auto link = [&](int n) {
      return fmt::format("/quotes?speaker={}&q={}&kind={}&country={}&page={}",
                         percent_encode(q.speaker), percent_encode(q.words), to_string(q.kind),
                         percent_encode(q.country), n);
    };
    results->SetIntValue("PAGE"_key, q.page);
    results->SetIntValue("PAGES"_key, static_cast<long>(pages));
    if (q.page > 1) results->SetValueAndShowSection("PREV_URL"_key, link(q.page - 1), "HAS_PREV");
    if (q.page < pages)
      results->SetValueAndShowSection("NEXT_URL"_key, link(q.page + 1), "HAS_NEXT");
  });
  // The page cache keys pages by their request target, query included, so each filtered list
  // is kept apart; the "insight" key drops them all after an analysis run.
  r.cache_keys = {kInsightCacheKey, "site"};
  return r;
}

http::Response InsightHandlers::api_entities(http::Request const& req, http::Params const&) {
  std::optional<EntityKind> kind;
  if (auto k = req.query_param("kind"); k && !k->empty()) {
    kind = parse_entity_kind(*k);
    if (!kind)
      return http::json_response(400, {{"error", "kind must be person, country or organization"}});
  }
  auto words = req.query_param("q").value_or("").substr(0, 200);
  auto out = nlohmann::json::array();
  for (auto const& e : insight_.search_entities(kind, words, kApiEntities)) {
    auto j = entity_json(e);
    j["articles"] = e.count;
    out.push_back(std::move(j));
  }
  return http::json_response(200, {{"entities", out}});
}

http::Response InsightHandlers::api_entity(http::Request const& req, http::Params const& p) {
  std::optional<EntityKind> kind;
  if (auto k = req.query_param("kind"); k && !k->empty()) kind = parse_entity_kind(*k);
  auto found = insight_.find_entity(kind, p.get("slug"));
  if (!found) return http::json_response(404, {{"error", "no such entity"}});
  auto page = insight_.entity_page(found->kind, found->slug);
  // An entity is known only through the public articles that mention it (the counts come from
  // them): one mentioned only in a draft or a restricted report has none, and answers 404 as
  // its page does, or its name and role would leak what that report says (issue 17's matrix).
  if (!page || page->article_count == 0)
    return http::json_response(404, {{"error", "no such entity"}});
  auto j = entity_json(page->entity);
  j["articles"] = page->article_count;
  j["months"] = nlohmann::json::array();
  for (auto const& m : page->months)
    j["months"].push_back(
        {{"month", fmt::format("{:04}-{:02}", m.year, m.month)}, {"mentions", m.count}});
  j["latest"] = nlohmann::json::array();
  for (auto const& a : page->latest) j["latest"].push_back(article_json(a));
  j["quotes"] = nlohmann::json::array();
  for (auto const& q : page->quotes) j["quotes"].push_back(quote_json(q));
  j["mentioned_with"] = nlohmann::json::array();
  for (auto const& w : page->mentioned_with) {
    auto e = entity_json(w);
    e["shared_articles"] = w.count;
    j["mentioned_with"].push_back(std::move(e));
  }
  return http::json_response(200, j);
}

http::Response InsightHandlers::api_quotes(http::Request const& req, http::Params const&) {
  QuoteQuery q;
  if (auto error = read_quote_filters(req, q)) return http::json_response(400, {{"error", *error}});
  q.page = page_of(req);
  q.per_page = static_cast<int>(
      std::clamp(parse_id(req.query_param("per_page").value_or("")).value_or(20), 1LL, 100LL));
  long long total = 0;
  auto out = nlohmann::json::array();
  for (auto const& quote : insight_.quotes(q, total)) out.push_back(quote_json(quote));
  return http::json_response(200, {{"total", total}, {"page", q.page}, {"quotes", out}});
}

http::Response InsightHandlers::api_article(http::Request const& req, http::Params const& p) {
  (void)req;
  auto slug = p.get("slug");
  auto id = insight_.public_article_id(slug);
  if (!id) return http::json_response(404, {{"error", publishing::msg::kNoSuchArticle}});
  auto found = insight_.for_article(*id);
  if (!found)
    return http::json_response(404, {{"error", "this article has not been analysed yet"}});
  nlohmann::json j;
  for (auto [key, list] : {std::pair{"people", &found->people},
                           {"countries", &found->countries},
                           {"organizations", &found->organizations}}) {
    j[key] = nlohmann::json::array();
    for (auto const& e : *list) {
      auto entity = entity_json(e);
      entity["mentions"] = e.count;
      j[key].push_back(std::move(entity));
    }
  }
  j["quotes"] = nlohmann::json::array();
  for (auto const& q : found->quotes)
    j["quotes"].push_back(
        {{"text", q.text}, {"speaker", q.speaker ? entity_json(*q.speaker) : nlohmann::json()}});
  j["numbers"] = nlohmann::json::array();
  for (auto const& f : found->figures)
    j["numbers"].push_back({{"text", f.text},
                            {"value", f.value},
                            {"what", f.what},
                            {"source", f.source ? nlohmann::json(*f.source) : nlohmann::json()}});
  return http::json_response(200, j);
}

}  // namespace dossier::insight
