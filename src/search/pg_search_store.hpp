#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "publishing/article.hpp"
#include "search/search_steps.hpp"

namespace soci {
class session;
}

namespace dossier::search {

// One search's conditions on PostgreSQL. `query` is the text of a tsquery for to_tsquery with
// the dossier_english configuration (pg_tsquery below), empty without words; `facets` are
// tokens every document must hold; the dates bound the publication time (before exclusive,
// after inclusive).
struct PgConditions {
  std::string query;
  std::vector<std::string> facets;
  std::optional<UnixTime> before;
  std::optional<UnixTime> after;
  // With a query: ts_rank_cd's weights for the classes D, C, B, A (body; names and taxonomy;
  // dek; title), each in [0, 1].
  std::optional<std::vector<double>> weights;
  bool has_dates() const { return before || after; }
};

// The tsquery text of the reader's terms for to_tsquery('dossier_english', ...): every term a
// quoted operand (so nothing typed is tsquery syntax), which to_tsquery tokenizes, folds and
// stems as the documents were: a phrase's words joined by <->, a prefix marked :*; a group of
// alternatives in parentheses joined by |, the groups by &, each exclusion as & !term.
// Empty when the query has no required term.
std::string pg_tsquery(ParsedQuery const& q);

// A tsquery of one index term as it stands (no stemming): `'economi'`.
std::string pg_lexeme_query(std::string const& term);

// The SQL of search on PostgreSQL (migrations postgresql/0004_search.sql and
// 0017_search_terms.sql): search_documents with its generated tsvector `document` and facet
// array `facet_tokens`, search_terms, and reads of the `public_articles` view. Every value is
// a bound parameter; only fixed SQL text is composed.
class PgSearchStore {
 public:
  static void remove_document(soci::session& sql, publishing::Id id);
  static void insert_document(soci::session& sql, publishing::Id id, steps::IndexedText const& d);
  // The distinct lexemes of article `id`'s document, sorted; empty when it has none.
  static std::vector<std::string> lexemes(soci::session& sql, publishing::Id id);

  // The newest `limit` public articles that match: by article id (newest added first) when
  // there are words or facets, else by publication time; scored (ts_rank_cd, negated so that
  // lower is better, as FTS5's bm25) when `c.weights` is set. With words or facets,
  // `matched` is the number of all public articles that match (0 without).
  static std::vector<steps::Candidate> window(soci::session& sql, PgConditions const& c,
                                              std::size_t limit, long long& matched);
  // ts_headline of the body for the given ids only, matches between kMarkOpen and kMarkClose.
  static std::vector<std::pair<publishing::Id, std::string>> snippets(
      soci::session& sql, std::string const& query, std::vector<publishing::Id> const& ids,
      int words);
  // The first word of some document whose lexeme is `term`, marked, or nullopt.
  static std::optional<std::string> first_headline(soci::session& sql, std::string const& term);

  // The lexemes of `text` through dossier_english (stemmed) or folded only (unaccented and
  // lower-cased, as a prefix is compared).
  static std::vector<std::string> stems(soci::session& sql, std::string const& text);
  static std::vector<std::string> folded(soci::session& sql, std::string const& text);

  static bool has_documents(soci::session& sql);
  static bool has_public_articles(soci::session& sql);
  static std::vector<publishing::Id> public_ids(soci::session& sql);
  // Empties the documents and the vocabulary, in the caller's transaction.
  static void clear(soci::session& sql);
  // The end of a rebuild (search_steps.hpp): search_terms refilled from the stored vectors at
  // once; search_terms_store.hpp keeps it in step document by document afterwards.
  static void finish_rebuild(soci::session& sql);
};

}  // namespace dossier::search
