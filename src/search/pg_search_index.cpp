#include "search/pg_search_index.hpp"

#include <algorithm>
#include <iterator>

#include <soci/soci.h>

#include "search/pg_search_store.hpp"
#include "search/rebuild_steps.hpp"
#include "search/search_steps.hpp"
#include "search/search_terms_store.hpp"
#include "search/spelling.hpp"
#include "store/database.hpp"

namespace dossier::search {

namespace {

using publishing::Id;

// ts_rank_cd's weights for the classes {D, C, B, A} (body; author and taxonomy; dek; title),
// which must lie in [0, 1]
// (https://www.postgresql.org/docs/15/textsearch-controls.html#TEXTSEARCH-RANKING): RankingOptions'
// weights divided by the largest, so the ratios are FTS5's. Authors and taxonomy share class C and
// its weight is the larger of theirs.
std::vector<double> class_weights(RankingOptions const& r) {
  double names = std::max(r.author_weight, r.taxonomy_weight);
  double top = std::max({r.title_weight, r.dek_weight, names, r.body_weight});
  if (top <= 0) return {1.0, 1.0, 1.0, 1.0};
  auto scaled = [top](double w) { return std::clamp(w / top, 0.0, 1.0); };
  return {scaled(r.body_weight), scaled(names), scaled(r.dek_weight), scaled(r.title_weight)};
}

// "Did you mean", as on SQLite (fts5_search_index.cpp): each plain word whose stem the index
// does not hold is replaced by the nearest term of search_terms, written as some article
// writes it.
std::optional<std::string> spelling_suggestion(soci::session& sql, ParsedQuery const& q) {
  std::string corrected = q.canonical();
  bool changed = false;
  for (auto const& word : q.words) {
    auto stems = PgSearchStore::stems(sql, word);
    auto folded = PgSearchStore::folded(sql, word);
    if (stems.size() != 1 || stems.front().empty() || folded.size() != 1) continue;
    if (SearchTermsStore::documents_with(sql, stems.front()) > 0) continue;
    // Candidates share the first two bytes: misspellings rarely change the start of a word,
    // and the range stays one short read of search_terms' primary key.
    std::string low = folded.front().substr(0, steps::kSpellingPrefixBytes), high = low;
    high.back() = static_cast<char>(high.back() + 1);
    auto vocabulary =
        SearchTermsStore::terms_between(sql, low, high, steps::kMaxSpellingCandidates);
    auto best = closest_term(folded.front(), vocabulary, TermForm::Stem);
    if (!best) continue;
    auto headline = PgSearchStore::first_headline(sql, *best);
    if (!headline) continue;
    auto word_form = steps::first_marked_word(*headline);
    if (!word_form || !steps::replace_word(corrected, word, *word_form)) continue;
    changed = true;
  }
  if (!changed) return std::nullopt;
  return corrected;
}

}  // namespace

PgSearchIndex::PgSearchIndex(store::Database& db, RankingOptions ranking,
                             std::function<UnixTime()> clock)
    : db_(db), ranking_(ranking), clock_(std::move(clock)) {}

void PgSearchIndex::sync(soci::session& sql, Id id) {
  auto before = PgSearchStore::lexemes(sql, id);
  PgSearchStore::remove_document(sql, id);
  if (auto fresh = steps::load_document(sql, id)) PgSearchStore::insert_document(sql, id, *fresh);
  // The vocabulary's counts change by the lexemes the document lost and gained: an edit
  // touches a few rows of search_terms, not one per word of the article.
  auto after = PgSearchStore::lexemes(sql, id);
  std::vector<std::string> lost, gained;
  std::set_difference(before.begin(), before.end(), after.begin(), after.end(),
                      std::back_inserter(lost));
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                      std::back_inserter(gained));
  SearchTermsStore::remove_terms(sql, lost);
  SearchTermsStore::add_terms(sql, gained);
}

SearchResults PgSearchIndex::search(SearchRequest const& request) {
  SearchResults out;
  auto const& q = request.query;
  out.notes = q.notes;
  out.per_page = std::clamp(request.per_page, 1, kMaxPerPage);
  out.page = std::clamp(request.page, 1, kMaxPage);
  if (q.empty()) return out;

  soci::session sql(db_.pool());
  soci::transaction snapshot(sql);
  // One snapshot for results, counts, facets and snippets: PostgreSQL's default (read
  // committed) takes a new one per statement. It must be the transaction's first statement.
  sql << "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";
  // A term PostgreSQL's parser finds no word in is dropped from the tsquery with a NOTICE,
  // which libpq would print on the server's stderr for every such search.
  sql << "SET LOCAL client_min_messages = warning";
  // The planner costs `document @@ query` like any comparison and leaves out detoasting each
  // row's tsvector, so for a frequent word it prefers reading every document to the GIN
  // index: finding the 7,157 documents of "sanctions" (of 10,012) took 282 ms that way and
  // 4 ms through the index, whose bitmap scan rechecks no tsvector for words alone.
  sql << "SET LOCAL enable_seqscan = off";
  auto facets = steps::facet_filter(sql, q.filters, out.notes);
  if (facets.matches_nothing) return out;
  PgConditions c;
  c.query = pg_tsquery(q);
  c.facets = std::move(facets.tokens);
  c.before = q.filters.before;
  c.after = q.filters.after;
  bool words = !c.query.empty();
  bool ranked = words && request.order == SearchOrder::Relevance;
  if (ranked) c.weights = class_weights(ranking_);

  // The newest kWindow matches, scored and counted in the same read. The total beyond the
  // window is given as on SQLite: exact up to kCountCap, and a lower bound with dates
  // (where FTS5 would need a join per match; here it costs nothing, but the two engines
  // answer alike).
  long long matched = 0;
  auto window = PgSearchStore::window(sql, c, steps::kWindow + 1, matched);
  if (steps::take_window(window, out) && (words || !c.facets.empty()) && !c.has_dates()) {
    out.total = std::min<long long>(matched, steps::kCountCap);
    out.total_is_lower_bound = matched > steps::kCountCap;
  }
  if (window.empty()) {
    if (!q.words.empty()) out.suggestion = spelling_suggestion(sql, q);
    return out;
  }
  if (request.facets) steps::facets_of(sql, window, out);
  if (ranked)
    steps::rank(ranking_, clock_(), window);
  else
    steps::newest_first(window);
  steps::SnippetSource snippets;
  if (words && request.snippets)
    snippets = [&sql, &query = c.query](std::vector<Id> const& ids) {
      return PgSearchStore::snippets(sql, query, ids, steps::kSnippetTokens);
    };
  steps::fill_page(sql, window, snippets, out);
  return out;
}

bool PgSearchIndex::needs_rebuild() {
  return steps::needs_rebuild<PgSearchStore>(db_);
}

long long PgSearchIndex::rebuild(Progress const& progress) {
  return steps::rebuild<PgSearchStore>(db_, progress);
}

}  // namespace dossier::search
