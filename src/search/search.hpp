#pragma once

#include <optional>
#include <string>
#include <vector>

#include "publishing/article.hpp"
#include "search/query_parser.hpp"

namespace dossier::search {

enum class SearchOrder { Relevance, Newest };

constexpr int kDefaultPerPage = 10;
constexpr int kMaxPerPage = 50;
constexpr int kMaxPage = 100;

struct SearchRequest {
  ParsedQuery query;
  SearchOrder order = SearchOrder::Relevance;
  int page = 1;  // 1-based
  int per_page = kDefaultPerPage;
  bool facets = true;    // a search-as-you-type box needs only the titles,
  bool snippets = true;  // without snippets
};

// A piece of a result's snippet; `match` pieces are the words the query found. Kept as
// pieces, not HTML, so the theme escapes all of it.
struct SnippetPart {
  std::string text;
  bool match = false;
};

struct SearchHit {
  publishing::ArticleSummary article;
  std::vector<SnippetPart> snippet;
};

// One value of a facet with the number of results it holds; `filter` is what the query
// language writes to narrow the search to it ("category:energy", "kind:analysis",
// "after:2023-12-31 before:2025-01-01").
struct FacetValue {
  std::string label;
  std::string filter;
  long long count = 0;
};

struct SearchResults {
  long long total = 0;
  bool total_is_lower_bound = false;  // "more than `total` results"
  // When the query matched more articles than a search ranks: the number of newest
  // matches that were ranked and counted in the facets (0 = all of them).
  std::size_t window = 0;
  int page = 1;
  int per_page = kDefaultPerPage;
  std::vector<SearchHit> hits;
  std::vector<FacetValue> categories;
  std::vector<FacetValue> kinds;
  std::vector<FacetValue> years;  // newest first
  // The query with misspelled words replaced by the closest words the index holds.
  std::optional<std::string> suggestion;
  // Explanations for the reader: what the parser repaired, filters that name nothing.
  std::vector<std::string> notes;
  int page_count() const {
    return total == 0 ? 1 : static_cast<int>((total + per_page - 1) / per_page);
  }
};

}  // namespace dossier::search
