#pragma once

#include <functional>

#include "publishing/article.hpp"
#include "search/search.hpp"

namespace soci {
class session;
}

namespace dossier::search {

// Called with (done, total) while the index is rebuilt.
using Progress = std::function<void(long long, long long)>;

// How results are ordered by relevance: the engine's score with field weights (FTS5's
// BM25, PostgreSQL's ts_rank_cd), multiplied by a recency factor
// 1 + recency_boost / (1 + age / recency_days), i.e. a new article's score is raised by
// recency_boost, one recency_days old by half of it, and old ones by almost nothing.
struct RankingOptions {
  double title_weight = 10.0;
  double dek_weight = 4.0;
  double author_weight = 3.0;
  double taxonomy_weight = 2.0;
  double body_weight = 1.0;
  double recency_boost = 0.2;
  double recency_days = 365.0;
};

// The one search interface: SQLite's FTS5 (fts5_search_index.*) and PostgreSQL's full-text
// search (pg_search_index.*) serve the same requests, which is why nothing outside search/
// sees MATCH syntax, tsquery or either engine's functions. make_search_index.hpp picks one
// by the database's dialect.
class SearchIndex {
 public:
  virtual ~SearchIndex() = default;
  // Makes the index agree with the article `id` as it now stands in `sql`'s transaction:
  // indexed when published and public, absent otherwise. Callers run it in the transaction
  // that changes the article, so the index is never behind the site.
  virtual void sync(soci::session& sql, publishing::Id id) = 0;
  // Only published, public articles are ever found, counted or quoted.
  virtual SearchResults search(SearchRequest const& request) = 0;
  // True when published articles exist and the index holds none of them (a data directory
  // from before search, or a restored database without its index).
  virtual bool needs_rebuild() = 0;
  // Rebuilds the whole index from the articles. Returns the number of articles indexed.
  virtual long long rebuild(Progress const& progress) = 0;
};

}  // namespace dossier::search
