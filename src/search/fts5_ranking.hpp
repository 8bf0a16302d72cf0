#pragma once

#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace dossier::search {

// An FTS5 auxiliary function, FTS5's bm25() (https://sqlite.org/fts5.html#the_bm25_function)
// over groups of phrases, with the number of documents holding each group given rather than
// counted:
//
//   dossier_bm25(search_index, w_title, w_dek, w_author, w_taxonomy, w_facets, w_body,
//                group_0, n_0, group_1, n_1, ...)
//
// for the phrases of the MATCH in the order they stand in it. Phrases of one group count as
// one phrase: their frequencies add up, and n is the number of documents holding any of
// them. A prefix query written out as its terms (`("treati" OR "treat")` for `"trea" *`) is
// one group, and scores as the prefix did. n NULL has FTS5 count the phrase, as bm25() does.
// bm25() counts the documents of every phrase by running it over the whole index, once per
// statement: for a two-word phrase, every position of both words. With one group per phrase
// and their counts, the scores are bm25()'s. Arguments that are not two per phrase are
// ignored: each phrase is then its own group, counted.
constexpr char const* kRankFunction = "dossier_bm25";

// Registers dossier_bm25 on the session's connection, once per connection.
void ensure_rank_function(soci::session& sql);

// The arguments of dossier_bm25 for one phrase.
struct PhraseCount {
  int group = 0;
  std::optional<long long> documents;  // nullopt: FTS5 counts it
};

// The arguments of dossier_bm25 for `match`, an expression of the parser's (every phrase a
// quoted string; `"x" *` a prefix) in which phrase i belongs to group `groups[i]` and whose
// last `facet_phrases` phrases are facet tokens. A word's count comes from search_terms, a
// group's from one count of its phrases' OR, a phrase of several words or a prefix is counted
// by FTS5. What no score depends on gets 0 without a count: a facet token (its column weighs
// 0), and the one group of a query with one group (its weight multiplies every score alike,
// so the order does not change). When `groups` is not one per phrase, each phrase is its own
// group, counted by FTS5.
std::vector<PhraseCount> phrase_documents(soci::session& sql, std::string const& match,
                                          std::vector<int> const& groups,
                                          std::size_t facet_phrases);

}  // namespace dossier::search
