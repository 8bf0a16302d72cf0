#pragma once

// The rebuild of the whole index, the same steps over either engine's store: SearchIndex's
// needs_rebuild and rebuild for Fts5SearchIndex (SearchStore) and PgSearchIndex
// (PgSearchStore). A header of its own rather than part of search_steps.hpp, which the
// stores' headers include: the store/database.hpp these templates need then reaches only the
// two index sources (its SOCI headers bring in std::quoted, which argument lookup would
// prefer to the stores' own quoted()).
#include <concepts>
#include <vector>

#include "search/search_steps.hpp"
#include "store/database.hpp"

namespace dossier::search::steps {

// What a rebuild asks of an engine's store (SearchStore, PgSearchStore).
template <typename Store>
concept RebuildableStore = requires(soci::session& sql, Id id, IndexedText const& document) {
  { Store::has_documents(sql) } -> std::same_as<bool>;
  { Store::has_public_articles(sql) } -> std::same_as<bool>;
  { Store::public_ids(sql) } -> std::same_as<std::vector<Id>>;
  Store::clear(sql);
  Store::insert_document(sql, id, document);
  // What a whole index allows at once that one document's sync does not.
  Store::finish_rebuild(sql);
};

// SearchIndex::needs_rebuild on either engine: public articles exist and the index holds none.
template <RebuildableStore Store>
bool needs_rebuild(store::Database& db) {
  soci::session sql(db.pool());
  return !Store::has_documents(sql) && Store::has_public_articles(sql);
}

// SearchIndex::rebuild on either engine, in one write transaction: the index emptied, then
// every public article's document inserted, then the store's finishing step. Returns the
// number of articles indexed.
template <RebuildableStore Store>
long long rebuild(store::Database& db, Progress const& progress) {
  soci::session sql(db.pool());
  store::WriteTransaction tx(sql);
  Store::clear(sql);
  auto ids = Store::public_ids(sql);
  auto total = static_cast<long long>(ids.size());
  long long done = 0;
  for (auto id : ids) {
    if (auto document = load_document(sql, id)) Store::insert_document(sql, id, *document);
    ++done;
    if (progress) progress(done, total);
  }
  Store::finish_rebuild(sql);
  tx.commit();
  return done;
}

}  // namespace dossier::search::steps
