#include "search/search_steps.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "publishing/public_articles.hpp"
#include "render/markdown.hpp"

namespace dossier::search::steps {

namespace {

// User-facing messages of this module (STYLE.md, Errors).
namespace msg {
constexpr char const* kNoCategory = "There is no category '{}'.";
constexpr char const* kNoTag = "There is no tag '{}'.";
constexpr char const* kNoAuthor = "There is no author '{}'.";
}  // namespace msg

constexpr int kCategoryFacetSize = 12;
constexpr int kYearFacetSize = 12;
constexpr double kSecondsPerDay = 86400.0;

// The facets tokens (letters and digits only, one token each for FTS5's unicode61).
std::string kind_token(publishing::ArticleKind kind) {
  return "kind" + std::string(publishing::to_string(kind));
}

std::string year_filter(int year) {
  // after: is exclusive of its day and before: of its own (query_parser.hpp).
  return fmt::format("after:{}-12-31 before:{}-01-01", year - 1, year + 1);
}

}  // namespace

std::optional<IndexedText> load_document(soci::session& sql, Id id) {
  auto text = publishing::public_text(sql, id);
  if (!text) return std::nullopt;
  IndexedText d;
  d.title = std::move(text->title);
  d.dek = std::move(text->dek);
  d.author = std::move(text->author_name);
  d.facets = fmt::format("{} auth{}", kind_token(text->kind), text->author_id);
  for (auto category : text->category_ids) d.facets += fmt::format(" cat{}", category);
  for (auto tag : text->tag_ids) d.facets += fmt::format(" tag{}", tag);
  for (auto const& name : text->term_names) {
    if (!d.taxonomy.empty()) d.taxonomy += " · ";
    d.taxonomy += name;
  }
  d.body = render::render_markdown(text->body_markdown).plain_text;
  return d;
}

FacetFilter facet_filter(soci::session& sql, SearchFilters const& f,
                         std::vector<std::string>& notes) {
  FacetFilter out;
  // The filters that name a category, tag or author by slug: each must hold.
  using Lookup = std::optional<Id> (*)(soci::session&, std::string const&);
  struct SlugFilter {
    std::vector<std::string> const& slugs;
    Lookup lookup;
    char const* unknown;  // message when the slug names nothing
    char const* token;    // the facets token's prefix
  };
  for (auto const& filter :
       {SlugFilter{f.categories, &publishing::category_id, msg::kNoCategory, "cat"},
        SlugFilter{f.tags, &publishing::tag_id, msg::kNoTag, "tag"},
        SlugFilter{f.authors, &publishing::author_id, msg::kNoAuthor, "auth"}}) {
    for (auto const& slug : filter.slugs) {
      auto id = filter.lookup(sql, slug);
      if (!id) {
        notes.push_back(fmt::format(fmt::runtime(filter.unknown), slug));
        out.matches_nothing = true;
        continue;
      }
      out.tokens.push_back(fmt::format("{}{}", filter.token, *id));
    }
  }
  if (f.kind) {
    // The parser accepts only known kinds; parse again so nothing unchecked is searched.
    if (auto kind = publishing::parse_kind(*f.kind)) out.tokens.push_back(kind_token(*kind));
  }
  return out;
}

bool take_window(std::vector<Candidate>& window, SearchResults& out) {
  if (window.size() <= kWindow) {
    out.total = static_cast<long long>(window.size());
    return false;
  }
  window.resize(kWindow);
  out.window = kWindow;
  out.total = kWindow;
  out.total_is_lower_bound = true;
  return true;
}

void facets_of(soci::session& sql, std::vector<Candidate> const& window, SearchResults& out) {
  std::map<publishing::ArticleKind, long long> kinds;
  std::map<int, long long, std::greater<>> years;
  for (auto const& c : window) {
    ++kinds[c.kind];
    ++years[year_of(c.published_at)];
  }
  for (auto const& [kind, n] : kinds)
    out.kinds.push_back({std::string(publishing::kind_label(kind)),
                         "kind:" + std::string(publishing::to_string(kind)), n});
  std::sort(out.kinds.begin(), out.kinds.end(),
            [](auto const& a, auto const& b) { return a.count > b.count; });
  for (auto const& [y, n] : years) {
    if (out.years.size() == kYearFacetSize) break;
    out.years.push_back({std::to_string(y), year_filter(y), n});
  }
  std::vector<Id> ids;
  ids.reserve(window.size());
  for (auto const& c : window) ids.push_back(c.id);
  for (auto& c : publishing::category_counts(sql, ids, kCategoryFacetSize))
    out.categories.push_back({std::move(c.name), "category:" + c.slug, c.count});
}

void rank(RankingOptions const& ranking, UnixTime now, std::vector<Candidate>& window) {
  double scale = ranking.recency_days * kSecondsPerDay;
  for (auto& c : window) {
    double age = std::max(0.0, static_cast<double>(now) - static_cast<double>(c.published_at));
    // Scores are negative, better matches lower: a factor above 1 moves an article up.
    c.score *= 1.0 + ranking.recency_boost / (1.0 + age / scale);
  }
  std::stable_sort(window.begin(), window.end(), [](auto const& a, auto const& b) {
    return a.score < b.score || (a.score == b.score && a.id > b.id);
  });
}

void newest_first(std::vector<Candidate>& window) {
  std::stable_sort(window.begin(), window.end(), [](auto const& a, auto const& b) {
    return a.published_at > b.published_at || (a.published_at == b.published_at && a.id > b.id);
  });
}

void fill_page(soci::session& sql, std::vector<Candidate> const& window,
               SnippetSource const& snippet_source, SearchResults& out) {
  std::vector<Id> ids;
  auto first = static_cast<std::size_t>(out.page - 1) * out.per_page;
  for (auto i = first; i < window.size() && ids.size() < static_cast<std::size_t>(out.per_page);
       ++i)
    ids.push_back(window[i].id);
  std::unordered_map<Id, publishing::ArticleSummary> by_id;
  for (auto& s : publishing::public_summaries(sql, ids)) by_id.emplace(s.id, std::move(s));
  std::unordered_map<Id, std::string> snippets;
  if (snippet_source && !ids.empty())
    for (auto& [id, snippet] : snippet_source(ids)) snippets[id] = std::move(snippet);
  for (auto id : ids) {
    auto found = by_id.find(id);
    if (found == by_id.end()) continue;
    SearchHit hit{std::move(found->second), {}};
    if (auto snippet = snippets.find(id); snippet != snippets.end())
      hit.snippet = split_snippet(snippet->second);
    out.hits.push_back(std::move(hit));
  }
}

std::vector<SnippetPart> split_snippet(std::string const& text) {
  std::vector<SnippetPart> parts;
  std::string current;
  bool match = false;
  auto flush = [&] {
    if (!current.empty()) parts.push_back({std::move(current), match});
    current.clear();
  };
  for (char ch : text) {
    if (ch == kMarkOpen || ch == kMarkClose) {
      flush();
      match = ch == kMarkOpen;
    } else {
      current.push_back(ch);
    }
  }
  flush();
  return parts;
}

std::optional<std::string> first_marked_word(std::string const& snippet) {
  for (auto const& part : split_snippet(snippet))
    if (part.match) {
      std::string lower;
      for (char ch : part.text)
        lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
      return lower;
    }
  return std::nullopt;
}

bool replace_word(std::string& query, std::string const& word, std::string const& replacement) {
  auto at = query.find(word);
  while (at != std::string::npos) {
    bool starts = at == 0 || query[at - 1] == ' ';
    bool ends = at + word.size() == query.size() || query[at + word.size()] == ' ';
    if (starts && ends) break;
    at = query.find(word, at + 1);
  }
  if (at == std::string::npos) return false;
  query.replace(at, word.size(), replacement);
  return true;
}

}  // namespace dossier::search::steps
