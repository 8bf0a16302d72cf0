#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "publishing/article.hpp"
#include "search/fts5_ranking.hpp"
#include "search/search_steps.hpp"

namespace soci {
class session;
}

namespace dossier::search {

using publishing::Id;

// What the index holds for one public article (search_documents' columns).
using Document = steps::IndexedText;

// One search's conditions. `match` is the FTS5 expression (the reader's words and the
// filters' facet tokens; empty when the search has neither); the dates bound the
// publication time: before is exclusive, after inclusive.
// bm25 weights per column of search_index (the facets column's is always 0).
struct ColumnWeights {
  double title = 0, dek = 0, author = 0, taxonomy = 0, body = 0;
  // dossier_bm25's group and document count for each phrase of the MATCH
  // (search/fts5_ranking.hpp).
  std::vector<PhraseCount> phrases;
};

struct MatchConditions {
  std::string match;
  std::optional<UnixTime> before;
  std::optional<UnixTime> after;
  // With a MATCH: the weights to score each row of the window with bm25, in the same read.
  std::optional<ColumnWeights> score;
};

// One article of a search's window: a public article the conditions match.
struct WindowRow {
  Id id = 0;
  std::string kind;
  long long published_at = 0;
  double bm25 = 0;  // when the conditions asked for a score
};

// The SQL of search: its own tables (search_documents, the FTS5 table search_index and its
// vocabulary search_vocabulary, migration 0004_search.sql) and reads of the
// `public_articles` view (migration 0009), publishing's read contract. Every value is a
// bound parameter; only fixed SQL text is composed.
class SearchStore {
 public:
  // The document of article `id`: replaced by `d`, or removed. The triggers of migration
  // 0004 keep the FTS5 index in step in the same transaction.
  static void remove_document(soci::session& sql, Id id);
  static void insert_document(soci::session& sql, Id id, Document const& d);

  // The newest `limit` public articles that match: by rowid (newest added first) when there
  // is a MATCH, else by publication time; with their bm25 when `c.score` is set.
  static std::vector<WindowRow> window(soci::session& sql, MatchConditions const& c,
                                       std::size_t limit);
  // The number of documents `match` finds, counted up to `cap` (FTS5 alone).
  static long long count_matches(soci::session& sql, std::string const& match, long long cap);
  // Snippets of column `column` (`tokens` tokens, matches between char(1) and char(2)) for
  // the given ids: by one lookup per id, or, when `prefix` (the MATCH has a prefix query),
  // from one MATCH over their rowid range.
  static std::vector<std::pair<Id, std::string>> snippets(soci::session& sql,
                                                          std::string const& match,
                                                          std::vector<Id> const& ids, int column,
                                                          int tokens, bool prefix);
  // A one-token snippet of the first document `match` finds, any column.
  static std::optional<std::string> first_snippet(soci::session& sql, std::string const& match);

  // The document stored for article `id`, if it has one.
  static std::optional<Document> document(soci::session& sql, Id id);

  // The FTS5 API of connection `db` (a sqlite3*, returned as an fts5_api*), or null without
  // FTS5: how an auxiliary function is registered (search/fts5_ranking.cpp).
  static void* fts5_api(void* db);

  static bool has_documents(soci::session& sql);
  static bool has_public_articles(soci::session& sql);
  // The ids of all public articles, ascending.
  static std::vector<Id> public_ids(soci::session& sql);
  // Empties the documents and the index at once (see the .cpp), in the caller's
  // transaction.
  static void clear(soci::session& sql);
  // The end of a rebuild (search_steps.hpp): merges the index's segments and refills the
  // vocabulary with document counts (search_terms, migration 0017) from search_vocabulary;
  // search_terms_store.hpp keeps it in step document by document afterwards.
  static void finish_rebuild(soci::session& sql);
};

}  // namespace dossier::search
