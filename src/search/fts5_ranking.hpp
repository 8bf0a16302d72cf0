#pragma once

#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace dossier::search {

// An FTS5 auxiliary function, FTS5's bm25() (https://sqlite.org/fts5.html#the_bm25_function)
// with the number of documents holding each phrase given rather than counted:
//
//   dossier_bm25(search_index, w_title, w_dek, w_author, w_taxonomy, w_facets, w_body,
//                n_0, n_1, ...)
//
// bm25() counts the documents of every phrase of the query by running it over the whole
// index, once per statement: for a two-word phrase, every position of both words. Here n_i is
// the count of phrase i (in the order the phrases stand in the expression), or NULL to have it
// counted as bm25() does; with one count per phrase, the scores are bm25()'s. When the counts
// given are not one per phrase, every phrase is counted.
constexpr char const* kRankFunction = "dossier_bm25";

// Registers dossier_bm25 on the session's connection, once per connection.
void ensure_rank_function(soci::session& sql);

// The document counts to give dossier_bm25 for `match`, an expression of the parser's
// (every phrase a quoted string; `"x" *` a prefix) whose last `facet_phrases` phrases are
// facet tokens: a word's count from search_terms; NULL (nullopt) for a phrase of several
// words or a prefix, which FTS5 counts. What no score depends on gets 0 without a count: a
// facet token (its column weighs 0), and the one phrase of a query with one phrase (its
// weight multiplies every score alike, so the order does not change).
std::vector<std::optional<long long>> phrase_documents(soci::session& sql, std::string const& match,
                                                       std::size_t facet_phrases);

}  // namespace dossier::search
