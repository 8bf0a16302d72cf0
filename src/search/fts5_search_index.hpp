#pragma once

#include <functional>

#include "core/time.hpp"
#include "search/search_index.hpp"

namespace dossier::store {
class Database;
}

namespace dossier::search {

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
