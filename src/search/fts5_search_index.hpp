#pragma once

#include <functional>

#include "core/time.hpp"
#include "search/search_index.hpp"

namespace dossier::store {
class Database;
}

namespace dossier::search {

// How results are ordered by relevance: BM25 with field weights, multiplied by a recency
// factor 1 + recency_boost / (1 + age / recency_days), i.e. a new article's score is raised
// by recency_boost, one recency_days old by half of it, and old ones by almost nothing.
struct RankingOptions {
  double title_weight = 10.0;
  double dek_weight = 4.0;
  double author_weight = 3.0;
  double taxonomy_weight = 2.0;
  double body_weight = 1.0;
  double recency_boost = 0.2;
  double recency_days = 365.0;
};

// SearchIndex over SQLite FTS5 (migration 0004_search.sql).
class Fts5SearchIndex final : public SearchIndex {
 public:
  Fts5SearchIndex(store::Database& db, RankingOptions ranking, std::function<UnixTime()> clock);

  void sync(soci::session& sql, publishing::Id id) override;
  SearchResults search(SearchRequest const& request) override;
  bool needs_rebuild() override;
  long long rebuild(Progress const& progress) override;

 private:
  store::Database& db_;
  RankingOptions ranking_;
  std::function<UnixTime()> clock_;
};

}  // namespace dossier::search
