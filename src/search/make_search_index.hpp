#pragma once

#include <functional>
#include <memory>

#include "core/time.hpp"
#include "search/search_index.hpp"

namespace dossier::store {
class Database;
}

namespace dossier::search {

// The search index for the database's engine: FTS5 on SQLite, tsvector on PostgreSQL.
std::unique_ptr<SearchIndex> make_search_index(store::Database& db, RankingOptions ranking,
                                               std::function<UnixTime()> clock);

}  // namespace dossier::search
