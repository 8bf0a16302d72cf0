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

// The one search interface. SQLite's FTS5 serves it today (fts5_search_index.*); a
// PostgreSQL backend (tsvector + ts_rank_cd) can serve the same requests later, which is
// why nothing outside search/ sees MATCH syntax or FTS5 functions.
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
