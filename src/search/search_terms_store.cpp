#include "search/search_terms_store.hpp"

#include <soci/soci.h>

namespace dossier::search {

void SearchTermsStore::add_terms(soci::session& sql, std::vector<std::string> const& terms) {
  if (terms.empty()) return;
  // One statement run over the whole vector (SOCI's bulk binding). The upsert's column is
  // qualified by its table: PostgreSQL would otherwise find `documents` ambiguous between the
  // row and `excluded` (https://www.postgresql.org/docs/15/sql-insert.html#SQL-ON-CONFLICT),
  // and SQLite reads the qualified name as the row's (https://sqlite.org/lang_upsert.html).
  auto values = terms;
  sql << "INSERT INTO search_terms (term, documents) VALUES (:term, 1)"
         " ON CONFLICT (term) DO UPDATE SET documents = search_terms.documents + 1",
      soci::use(values);
}

void SearchTermsStore::remove_terms(soci::session& sql, std::vector<std::string> const& terms) {
  if (terms.empty()) return;
  auto values = terms;
  // Each statement runs over the whole vector, so the last documents go first: decrementing
  // first would leave a count of 2 at 1, and the delete would then take it too.
  sql << "DELETE FROM search_terms WHERE term = :term AND documents = 1", soci::use(values);
  sql << "UPDATE search_terms SET documents = documents - 1 WHERE term = :term", soci::use(values);
}

long long SearchTermsStore::documents_with(soci::session& sql, std::string const& term) {
  long long documents = 0;
  sql << "SELECT documents FROM search_terms WHERE term = :term", soci::use(term),
      soci::into(documents);
  return sql.got_data() ? documents : 0;
}

std::vector<VocabularyTerm> SearchTermsStore::terms_between(soci::session& sql,
                                                            std::string const& low,
                                                            std::string const& high, int cap) {
  std::vector<VocabularyTerm> out;
  VocabularyTerm row;
  // The primary key's order on both engines (SQLite's BINARY collation, PostgreSQL's "C"),
  // so the ORDER BY costs no sort: the range is read in order and stops at `cap`.
  soci::statement st = (sql.prepare << "SELECT term, documents FROM search_terms"
                                       " WHERE term >= :low AND term < :high ORDER BY term"
                                       " LIMIT :cap",
                        soci::use(low), soci::use(high), soci::use(cap), soci::into(row.term),
                        soci::into(row.documents));
  st.execute();
  while (st.fetch()) out.push_back(row);
  return out;
}

}  // namespace dossier::search
