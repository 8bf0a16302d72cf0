#pragma once

#include <string>
#include <vector>

#include "search/spelling.hpp"

namespace soci {
class session;
}

namespace dossier::search {

// The index's vocabulary with document counts (search_terms, migration 0017 on each engine):
// a document's distinct index terms are added when it is indexed and removed when it leaves,
// so the counts stay those of the index (FTS5's search_vocabulary, PostgreSQL's ts_stat).
// The SQL is the same on both engines, so it is written once; refilling the table from the
// whole index is each engine's own, at the end of a rebuild (Store::finish_rebuild).
class SearchTermsStore {
 public:
  static void add_terms(soci::session& sql, std::vector<std::string> const& terms);
  static void remove_terms(soci::session& sql, std::vector<std::string> const& terms);
  // The number of documents holding the index term `term` (0 when none does).
  static long long documents_with(soci::session& sql, std::string const& term);
  // Index terms in [low, high) in byte order, at most `cap`.
  static std::vector<VocabularyTerm> terms_between(soci::session& sql, std::string const& low,
                                                   std::string const& high, int cap);
};

}  // namespace dossier::search
