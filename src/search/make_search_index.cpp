#include "search/make_search_index.hpp"

#include "search/fts5_search_index.hpp"
#include "search/pg_search_index.hpp"
#include "store/database.hpp"

namespace dossier::search {

std::unique_ptr<SearchIndex> make_search_index(store::Database& db, RankingOptions ranking,
                                               std::function<UnixTime()> clock) {
  switch (db.dialect()) {
    case store::Dialect::Postgres:
      return std::make_unique<PgSearchIndex>(db, ranking, std::move(clock));
    case store::Dialect::Sqlite: break;
  }
  return std::make_unique<Fts5SearchIndex>(db, ranking, std::move(clock));
}

}  // namespace dossier::search
