#pragma once

#include <functional>

#include "core/time.hpp"
#include "search/search_index.hpp"

namespace dossier::store {
class Database;
}

namespace dossier::search {

// SearchIndex over PostgreSQL's full-text search (migrations postgresql/0004_search.sql and
// 0017_search_terms.sql): a weighted tsvector per public article with a GIN index, the
// parser's terms written as a tsquery, ts_rank_cd times the recency factor, ts_headline for
// the page's results. The same behaviour as Fts5SearchIndex; where rankings differ, and why,
// is in src/search/README.md.
class PgSearchIndex final : public SearchIndex {
 public:
  PgSearchIndex(store::Database& db, RankingOptions ranking, std::function<UnixTime()> clock);

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
