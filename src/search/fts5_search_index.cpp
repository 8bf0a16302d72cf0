#include "search/fts5_search_index.hpp"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>
#include <soci/soci.h>

#include "core/time.hpp"
#include "search/fts5_ranking.hpp"
#include "search/rebuild_steps.hpp"
#include "search/search_steps.hpp"
#include "search/search_store.hpp"
#include "search/search_terms_store.hpp"
#include "search/spelling.hpp"
#include "store/database.hpp"
#include "store/sqlite/sqlite_session.hpp"
#include "store/sqlite/stemming_tokenizer.hpp"

namespace dossier::search {

namespace {

// The most index terms a prefix query is written out as (see expand_prefixes).
constexpr int kMaxPrefixTerms = 32;
// The body column's position in search_index (title, dek, author, taxonomy, facets, body).
constexpr int kBodyColumn = 5;

using steps::Candidate;

// The first string past every string that starts with `prefix`, for a range read:
// "trea" -> "treb". Empty when there is none (every byte 0xFF, which UTF-8 never holds).
std::string prefix_end(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xFF) prefix.pop_back();
  if (!prefix.empty()) prefix.back() = static_cast<char>(prefix.back() + 1);
  return prefix;
}

// Prefix queries written out as the index terms they stand for: `"trea" *` becomes
// `("treasuri" OR "treat" OR "treati" OR "treatment")`, read from search_terms. Without a
// prefix index of its length, FTS5 answers a prefix query by merging the whole doclist of
// every such term into one, before it returns a row, and a search does that in each of its
// reads (window, count, snippets): 8-10 ms each for "trea" at 100,000 articles. An OR is
// read lazily, from the newest rows, and stops where the read does. It finds the same
// rows. A prefix is kept as it is when its terms are more than kMaxPrefixTerms, when it is
// not one token (`"oil-g" *`, a phrase ending in a prefix), or when a term would not stay
// itself through the query tokenizer, which stems every quoted string (stems are not always
// their own stems).
//
// `groups` gets, for each phrase of the result in order, its group for dossier_bm25: the terms
// of one prefix share one, every other phrase has its own.
std::string expand_prefixes(soci::session& sql, std::string const& fts, std::vector<int>& groups) {
  auto* db = store::sqlite::native_connection(sql);
  std::string out;
  std::size_t i = 0;
  while (i < fts.size()) {
    if (fts[i] != '"') {
      out.push_back(fts[i++]);
      continue;
    }
    // A quoted string of the parser's: a quote inside it is doubled.
    std::size_t end = i + 1;
    std::string text;
    while (end < fts.size()) {
      if (fts[end] == '"') {
        if (end + 1 < fts.size() && fts[end + 1] == '"') {
          text.push_back('"');
          end += 2;
          continue;
        }
        break;
      }
      text.push_back(fts[end++]);
    }
    std::string_view quoted(fts.data() + i, std::min(end + 1, fts.size()) - i);
    i = end + 1;
    bool prefix = fts.compare(i, 2, " *") == 0;
    int group = groups.empty() ? 0 : groups.back() + 1;
    if (!prefix) {
      out.append(quoted);
      groups.push_back(group);
      continue;
    }
    auto folded = store::sqlite::index_terms(db, text, store::sqlite::Stemming::Off);
    std::vector<VocabularyTerm> terms;
    if (folded.size() == 1 && !folded.front().empty())
      terms = SearchTermsStore::terms_between(sql, folded.front(), prefix_end(folded.front()),
                                              kMaxPrefixTerms + 1);
    bool expand = !terms.empty() && terms.size() <= static_cast<std::size_t>(kMaxPrefixTerms);
    std::string written;
    if (expand) {
      std::string joined;
      for (auto const& t : terms) joined += t.term + " ";
      auto stemmed = store::sqlite::index_terms(db, joined, store::sqlite::Stemming::On);
      expand = stemmed.size() == terms.size();
      for (std::size_t k = 0; expand && k < terms.size(); ++k) {
        expand = stemmed[k] == terms[k].term;
        written += fmt::format("{}\"{}\"", k == 0 ? "(" : " OR ", terms[k].term);
      }
      written += ")";
    }
    if (expand) {
      out += written;
      i += 2;  // the " *"
      groups.insert(groups.end(), terms.size(), group);
    } else {
      out.append(quoted);
      groups.push_back(group);
    }
  }
  return out;
}

// One search's conditions: the FTS5 expression, the reader's words and the category, tag,
// author and kind filters as tokens of the facets column (their slugs are resolved to ids
// first), and the dates. search_store.cpp binds every one of them.
struct Conditions {
  MatchConditions sql;
  std::size_t facet_phrases = 0;  // the MATCH's last phrases, one per facet token
  std::vector<int> groups;        // dossier_bm25's group of each phrase of the MATCH
  bool matches_nothing = false;
  bool has_dates() const { return sql.before || sql.after; }
};

Conditions conditions_for(soci::session& sql, ParsedQuery const& q,
                          std::vector<std::string>& notes) {
  Conditions c;
  auto facets = steps::facet_filter(sql, q.filters, notes);
  c.matches_nothing = facets.matches_nothing;
  auto const& tokens = facets.tokens;
  auto& match = c.sql.match;
  if (!q.fts.empty()) {
    match = "(";
    match += expand_prefixes(sql, q.fts, c.groups);
    match += ")";
  }
  for (auto const& token : tokens)
    match += fmt::format("{}facets : \"{}\"", match.empty() ? "" : " AND ", token);
  c.facet_phrases = tokens.size();
  for (std::size_t i = 0; i < tokens.size(); ++i)
    c.groups.push_back(c.groups.empty() ? 0 : c.groups.back() + 1);
  c.sql.before = q.filters.before;
  c.sql.after = q.filters.after;
  return c;
}

// The distinct index terms of a document, through the index's own tokenizer, over all six
// columns as search_vocabulary counts them (sorted, for set differences).
std::vector<std::string> terms_of(soci::session& sql, Document const& d) {
  std::string text;
  for (auto const* column : {&d.title, &d.dek, &d.author, &d.taxonomy, &d.facets, &d.body}) {
    text += *column;
    text += '\n';  // a separator no token spans
  }
  auto terms = store::sqlite::index_terms(store::sqlite::native_connection(sql), text,
                                          store::sqlite::Stemming::On);
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  return terms;
}

// The word of the index whose stem is `stem`, as written in some article ("economy" for
// "economi"), read back from a one-word snippet.
std::optional<std::string> surface_form(soci::session& sql, std::string const& stem) {
  auto snippet = SearchStore::first_snippet(sql, "\"" + stem + "\"");
  if (!snippet) return std::nullopt;
  return steps::first_marked_word(*snippet);
}

// "Did you mean": each plain word whose stem the index does not hold is replaced by the
// nearest term of the index's vocabulary (edit distance), when there is one.
std::optional<std::string> spelling_suggestion(soci::session& sql, ParsedQuery const& q) {
  auto* db = store::sqlite::native_connection(sql);
  std::string corrected = q.canonical();
  bool changed = false;
  for (auto const& word : q.words) {
    auto terms = store::sqlite::index_terms(db, word, store::sqlite::Stemming::On);
    auto folded = store::sqlite::index_terms(db, word, store::sqlite::Stemming::Off);
    if (terms.size() != 1 || terms.front().empty() || folded.size() != 1) continue;
    auto const& stem = terms.front();
    if (SearchTermsStore::documents_with(sql, stem) > 0) continue;
    // Candidates share the first two bytes: misspellings rarely change the start of a
    // word, and fts5vocab computes each term's document count by reading its doclist, so
    // the range read must stay narrow (one letter cost 0.3-0.4 s at 100k articles).
    std::string low = folded.front().substr(0, steps::kSpellingPrefixBytes), high = low;
    high.back() = static_cast<char>(high.back() + 1);
    auto vocabulary =
        SearchTermsStore::terms_between(sql, low, high, steps::kMaxSpellingCandidates);
    auto best = closest_term(folded.front(), vocabulary, TermForm::Stem);
    if (!best) continue;
    auto word_form = surface_form(sql, *best);
    if (!word_form) continue;
    // Replace the word where it stands as a whole word in the canonical query.
    if (!steps::replace_word(corrected, word, *word_form)) continue;
    changed = true;
  }
  if (!changed) return std::nullopt;
  return corrected;
}

// Step 1 of a search, the window: the newest kWindow matches (by rowid, which grows as
// articles are added), with what ranking and facets need. Reading stops there, so a query
// matching most of a million articles costs what one matching a thousand does. Sets the
// results' total (and whether it is a lower bound).
std::vector<Candidate> window_of(soci::session& sql, Conditions const& c, SearchResults& out) {
  std::vector<Candidate> window;
  for (auto& row : SearchStore::window(sql, c.sql, steps::kWindow + 1))
    window.push_back({row.id,
                      publishing::parse_kind(row.kind).value_or(publishing::ArticleKind::News),
                      row.published_at, row.bm25});
  if (!steps::take_window(window, out)) return window;
  if (!c.sql.match.empty() && !c.has_dates()) {
    // Only public articles are in the index and the other filters are its tokens, so the
    // matches are counted in FTS5 alone, exactly up to kCountCap. With dates, counting
    // would mean joining every match: the page says "more than" the window instead.
    auto counted = SearchStore::count_matches(sql, c.sql.match, steps::kCountCap + 1);
    out.total = std::min<long long>(counted, steps::kCountCap);
    out.total_is_lower_bound = counted > steps::kCountCap;
  }
  return window;
}

// Whether an FTS5 expression of the parser's holds a prefix query: a `*` outside its
// quoted strings (query_parser.cpp writes `"desalin" *`; a quote inside a string is doubled,
// so counting quotes finds the strings' ends).
bool has_prefix(std::string const& match) {
  bool quoted = false;
  for (char ch : match) {
    if (ch == '"') quoted = !quoted;
    if (ch == '*' && !quoted) return true;
  }
  return false;
}

}  // namespace

Fts5SearchIndex::Fts5SearchIndex(store::Database& db, RankingOptions ranking,
                                 std::function<UnixTime()> clock)
    : db_(db), ranking_(ranking), clock_(std::move(clock)) {}

void Fts5SearchIndex::sync(soci::session& sql, Id id) {
  // The delete trigger removes the old text from the FTS5 index; the insert trigger adds
  // the new (migration 0004_search.sql).
  auto old = SearchStore::document(sql, id);
  SearchStore::remove_document(sql, id);
  auto fresh = steps::load_document(sql, id);
  if (fresh) SearchStore::insert_document(sql, id, *fresh);
  // The vocabulary's counts change by the terms the document lost and gained: an edit
  // touches a few rows of search_terms, not one per word of the article.
  std::vector<std::string> before, after, lost, gained;
  if (old) before = terms_of(sql, *old);
  if (fresh) after = terms_of(sql, *fresh);
  std::set_difference(before.begin(), before.end(), after.begin(), after.end(),
                      std::back_inserter(lost));
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                      std::back_inserter(gained));
  SearchTermsStore::remove_terms(sql, lost);
  SearchTermsStore::add_terms(sql, gained);
}

SearchResults Fts5SearchIndex::search(SearchRequest const& request) {
  SearchResults out;
  auto const& q = request.query;
  out.notes = q.notes;
  out.per_page = std::clamp(request.per_page, 1, kMaxPerPage);
  out.page = std::clamp(request.page, 1, kMaxPage);
  if (q.empty()) return out;

  soci::session sql(db_.pool());
  soci::transaction snapshot(sql);  // one snapshot for results, counts and facets
  auto conditions = conditions_for(sql, q, out.notes);
  if (conditions.matches_nothing) return out;
  bool words = !q.fts.empty();  // words of the reader's to rank and highlight
  bool ranked = words && request.order == SearchOrder::Relevance;
  if (ranked) {
    ensure_rank_function(sql);
    conditions.sql.score = ColumnWeights{
        ranking_.title_weight,
        ranking_.dek_weight,
        ranking_.author_weight,
        ranking_.taxonomy_weight,
        ranking_.body_weight,
        phrase_documents(sql, conditions.sql.match, conditions.groups, conditions.facet_phrases)};
  }

  auto window = window_of(sql, conditions, out);
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
    snippets = [&sql, &match = conditions.sql.match](std::vector<Id> const& ids) {
      return SearchStore::snippets(sql, match, ids, kBodyColumn, steps::kSnippetTokens,
                                   has_prefix(match));
    };
  steps::fill_page(sql, window, snippets, out);
  return out;
}

bool Fts5SearchIndex::needs_rebuild() {
  return steps::needs_rebuild<SearchStore>(db_);
}

long long Fts5SearchIndex::rebuild(Progress const& progress) {
  return steps::rebuild<SearchStore>(db_, progress);
}

}  // namespace dossier::search
