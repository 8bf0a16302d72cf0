#include "search/search_handlers.hpp"

#include <charconv>

#include <ctemplate/template.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/strings.hpp"
#include "core/time.hpp"
#include "http/json.hpp"
#include "publishing/site_handlers.hpp"
#include "publishing/urls.hpp"
#include "render/template_key.hpp"
#include "search/query_parser.hpp"
#include "search/search_index.hpp"

namespace dossier::search {

using render::operator""_key;

namespace {

using ctemplate::TemplateDictionary;

// User-facing texts of the results page.
namespace msg {
constexpr char const* kTitle = "Search";
constexpr char const* kDescription = "Search everything we have published.";
constexpr char const* kNoResults = "Nothing matched your search.";
constexpr char const* kWindow =
    "Results are ranked among the {:L} most recent matches; add a filter or a date "
    "(after:, before:) to reach older ones.";
}  // namespace msg

int int_param(http::Request const& req, std::string_view name, int fallback) {
  auto text = req.query_param(name);
  if (!text) return fallback;
  int value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) return fallback;
  return value;
}

SearchRequest request_from(http::Request const& req) {
  SearchRequest r;
  r.query = parse_query(req.query_param("q").value_or(""));
  r.order = req.query_param("sort").value_or("") == "newest" ? SearchOrder::Newest
                                                             : SearchOrder::Relevance;
  r.page = int_param(req, "page", 1);
  r.per_page = int_param(req, "per_page", kDefaultPerPage);
  r.facets = req.query_param("facets").value_or("1") != "0";
  r.snippets = req.query_param("snippets").value_or("1") != "0";
  return r;
}

std::string search_url(std::string const& query, SearchOrder order, int page = 1) {
  auto url = "/search?q=" + percent_encode(query);
  if (order == SearchOrder::Newest) url += "&sort=newest";
  if (page > 1) url += fmt::format("&page={}", page);
  return url;
}

// A facet value's link adds its filter to the reader's query (or removes it when the query
// already has it, so a chosen facet can be undone).
void add_facet(TemplateDictionary& d, char const* section, FacetValue const& value,
               std::string const& canonical, SearchOrder order) {
  auto* item = d.AddSectionDictionary(section);
  item->SetValue("FACET_LABEL"_key, value.label);
  item->SetIntValue("FACET_COUNT"_key, static_cast<int>(value.count));
  auto at = canonical.find(value.filter);
  if (at != std::string::npos) {
    auto without = canonical;
    without.erase(at, value.filter.size());
    item->ShowSection("FACET_ACTIVE"_key);
    item->SetValue("FACET_URL"_key, search_url(std::string(trim(without)), order));
  } else {
    item->SetValue("FACET_URL"_key, search_url(canonical + " " + value.filter, order));
  }
}

nlohmann::json facet_json(std::vector<FacetValue> const& values) {
  auto out = nlohmann::json::array();
  for (auto const& v : values)
    out.push_back({{"label", v.label}, {"filter", v.filter}, {"count", v.count}});
  return out;
}

}  // namespace

http::Response SearchHandlers::page(http::Request const& req, http::Params const&) {
  auto request = request_from(req);
  auto results = ctx_.index.search(request);
  auto typed = req.query_param("q").value_or("");
  auto canonical = request.query.canonical();
  publishing::PageMeta meta{msg::kTitle, msg::kDescription, "/search", "", true};
  return ctx_.site.themed(200, meta, "search.tpl", [&](TemplateDictionary& d) {
    d.SetValue("QUERY"_key, typed);
    if (request.order == SearchOrder::Newest) d.ShowSection("SORT_NEWEST"_key);
    if (!results.notes.empty()) d.ShowSection("NOTES"_key);
    for (auto const& note : results.notes)
      d.AddSectionDictionary("NOTE_ITEM"_key)->SetValue("NOTE_TEXT"_key, note);
    if (results.suggestion) {
      auto* s = d.AddSectionDictionary("SUGGESTION"_key);
      s->SetValue("SUGGESTION_TEXT"_key, *results.suggestion);
      s->SetValue("SUGGESTION_URL"_key, search_url(*results.suggestion, request.order));
    }
    if (request.query.empty()) return;
    auto* summary = d.AddSectionDictionary("SEARCHED"_key);
    summary->SetValue(
        "TOTAL",
        fmt::format("{}{:L}", results.total_is_lower_bound ? "more than " : "", results.total));
    if (results.window > 0)
      summary->SetValueAndShowSection("WINDOW_TEXT"_key, fmt::format(msg::kWindow, results.window),
                                      "WINDOW");
    summary->SetValue("RESULTS_WORD"_key, results.total == 1 ? "result" : "results");
    summary->SetValue("SHOWN_QUERY"_key, canonical);
    summary->SetValue("RELEVANCE_URL"_key, search_url(canonical, SearchOrder::Relevance));
    summary->SetValue("NEWEST_URL"_key, search_url(canonical, SearchOrder::Newest));
    if (request.order == SearchOrder::Newest)
      summary->ShowSection("BY_NEWEST"_key);
    else
      summary->ShowSection("BY_RELEVANCE"_key);
    if (results.hits.empty()) d.SetValueAndShowSection("EMPTY_TEXT"_key, msg::kNoResults, "EMPTY");
    for (auto const& hit : results.hits) {
      auto* item = d.AddSectionDictionary("HIT"_key);
      publishing::fill_summary(*item, hit.article);
      // "News · News" says nothing: the category shows when it differs from the kind.
      if (!hit.article.category_name.empty() &&
          hit.article.category_name != publishing::kind_label(hit.article.kind))
        item->ShowSection("CATEGORY_DIFFERS"_key);
      for (auto const& part : hit.snippet) {
        auto* piece = item->AddSectionDictionary("SNIPPET_PART"_key);
        piece->SetValue("PART_TEXT"_key, part.text);
        piece->ShowSection(part.match ? "PART_MATCH" : "PART_PLAIN");
      }
    }
    if (!results.categories.empty() || !results.kinds.empty() || !results.years.empty())
      d.ShowSection("FACETS"_key);
    for (auto const& v : results.categories)
      add_facet(d, "FACET_CATEGORY", v, canonical, request.order);
    for (auto const& v : results.kinds) add_facet(d, "FACET_KIND", v, canonical, request.order);
    for (auto const& v : results.years) add_facet(d, "FACET_YEAR", v, canonical, request.order);
    if (results.page_count() > 1) {
      auto* pager = d.AddIncludeDictionary("PAGINATION"_key);
      pager->SetFilename("partials/pagination.tpl");
      pager->SetIntValue("PAGE_NUMBER"_key, results.page);
      pager->SetIntValue("PAGE_COUNT"_key, results.page_count());
      if (results.page > 1)
        pager->SetValueAndShowSection(
            "PREV_URL", search_url(canonical, request.order, results.page - 1), "PREV");
      if (results.page < results.page_count())
        pager->SetValueAndShowSection(
            "NEXT_URL", search_url(canonical, request.order, results.page + 1), "NEXT");
    }
  });
}

http::Response SearchHandlers::api(http::Request const& req, http::Params const&) {
  auto request = request_from(req);
  auto results = ctx_.index.search(request);
  nlohmann::json out;
  out["query"] = request.query.canonical();
  out["total"] = results.total;
  out["total_is_lower_bound"] = results.total_is_lower_bound;
  out["ranked_window"] = results.window;
  out["page"] = results.page;
  out["per_page"] = results.per_page;
  out["notes"] = results.notes;
  out["suggestion"] = results.suggestion ? nlohmann::json(*results.suggestion) : nlohmann::json();
  auto hits = nlohmann::json::array();
  for (auto const& hit : results.hits) {
    auto snippet = nlohmann::json::array();
    for (auto const& part : hit.snippet)
      snippet.push_back({{"text", part.text}, {"match", part.match}});
    auto const& a = hit.article;
    hits.push_back({{"title", a.title},
                    {"url", publishing::article_url(a.slug)},
                    {"kind", publishing::to_string(a.kind)},
                    {"dek", a.dek},
                    {"author", a.author_name},
                    {"category", a.category_name},
                    {"published", format_rfc3339(a.published_at)},
                    {"snippet", std::move(snippet)}});
  }
  out["results"] = std::move(hits);
  if (request.facets)
    out["facets"] = {{"category", facet_json(results.categories)},
                     {"kind", facet_json(results.kinds)},
                     {"year", facet_json(results.years)}};
  auto r = http::json_response(200, out);
  // The type is final: a browser must not guess HTML from the echoed query (WHATWG Fetch,
  // "X-Content-Type-Options").
  r.set_header("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace dossier::search
