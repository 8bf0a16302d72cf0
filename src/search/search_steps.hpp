#pragma once

// The steps of a search that do not depend on the engine behind the index, shared by the
// SQLite FTS5 backend (fts5_search_index.*) and the PostgreSQL one (pg_search_index.*): what a
// document holds, the filters resolved to facet tokens, the window's bounds, facets, ranking
// by recency, the page and its snippets, "did you mean"'s rewrite of the query (and, in
// rebuild_steps.hpp, the rebuild of the whole index).
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "publishing/article.hpp"
#include "search/search.hpp"
#include "search/search_index.hpp"

namespace soci {
class session;
}

namespace dossier::search::steps {

using publishing::Id;

// How many of the newest matches a search ranks and counts facets over, and how far it
// counts matches exactly (docs/ARCHITECTURE.md, Search).
constexpr std::size_t kWindow = 500;
constexpr long long kCountCap = 10000;
constexpr int kSnippetTokens = 28;
// Snippet markers: control characters never stored in an article (the parser and the
// store strip them), so splitting on them cannot cut a reader's text.
constexpr char kMarkOpen = '\x01';
constexpr char kMarkClose = '\x02';
// "Did you mean": candidates share the word's first bytes, at most this many of them.
constexpr int kMaxSpellingCandidates = 20000;
constexpr std::size_t kSpellingPrefixBytes = 2;

// What the index holds for one public article (search_documents' columns on both engines).
struct IndexedText {
  std::string title, dek, author, taxonomy, facets, body;
};

// The document of a public article, from publishing's text of it; nullopt when the
// article is not public (or does not exist). `facets` holds one token per filterable
// property: "kindnews", "auth5", "cat17", "tag42".
std::optional<IndexedText> load_document(soci::session& sql, Id id);

// The facets tokens the query's category, tag, author and kind filters require (their slugs
// resolved to ids); `matches_nothing` when a slug names nothing, with a note for the reader.
struct FacetFilter {
  std::vector<std::string> tokens;
  bool matches_nothing = false;
};
FacetFilter facet_filter(soci::session& sql, SearchFilters const& filters,
                         std::vector<std::string>& notes);

// One article of a search's window. `score` is lower for a better match (FTS5's bm25()
// is negative; PostgreSQL's ts_rank_cd is negated to agree).
struct Candidate {
  Id id = 0;
  publishing::ArticleKind kind = publishing::ArticleKind::News;
  long long published_at = 0;
  double score = 0;
};

// Cuts the window's rows (read with kWindow + 1 as their limit) to kWindow and sets the
// results' total; true when there were more, so the caller may count them.
bool take_window(std::vector<Candidate>& window, SearchResults& out);

// Facet counts over the window: kinds and years from its rows, categories from one
// indexed lookup per article.
void facets_of(soci::session& sql, std::vector<Candidate> const& window, SearchResults& out);

// Relevance order: the score times the recency factor of RankingOptions.
void rank(RankingOptions const& ranking, UnixTime now, std::vector<Candidate>& window);
void newest_first(std::vector<Candidate>& window);

// Snippets for the page's ids (pieces between kMarkOpen and kMarkClose are matches); called
// only for the page's articles.
using SnippetSource =
    std::function<std::vector<std::pair<Id, std::string>>(std::vector<Id> const& ids)>;

// The page: summaries, and snippets when `snippets` is given, for the page's articles only.
void fill_page(soci::session& sql, std::vector<Candidate> const& window,
               SnippetSource const& snippets, SearchResults& out);

std::vector<SnippetPart> split_snippet(std::string const& text);

// The first marked word of a snippet, lower-cased (a stem's word as some article writes it).
std::optional<std::string> first_marked_word(std::string const& snippet);

// Replaces `word` where it stands as a whole word of the canonical query; false when it
// does not.
bool replace_word(std::string& query, std::string const& word, std::string const& replacement);

}  // namespace dossier::search::steps
