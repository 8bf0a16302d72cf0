#include "search/fts5_ranking.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>

#include <soci/soci.h>
#include <sqlite3.h>

#include "search/search_store.hpp"
#include "search/search_terms_store.hpp"
#include "store/sqlite/sqlite_session.hpp"
#include "store/sqlite/stemming_tokenizer.hpp"

namespace dossier::search {

namespace {

// FTS5's bm25 constants (ext/fts5/fts5_aux.c), so that the scores are the same.
constexpr double kK1 = 1.2;
constexpr double kB = 0.75;
// The smallest inverse document frequency, for a phrase in more than half of the rows.
constexpr double kMinIdf = 1e-6;
// search_index's columns: the weights come first among the arguments, the counts after.
constexpr int kColumns = 6;

// The connections dossier_bm25 is registered on. A connection leaves the set when it closes
// (FTS5 then destroys its functions and calls forget()), before its address can be reused.
std::mutex registered_mutex;
std::set<sqlite3*>& registered() {
  static std::set<sqlite3*> connections;
  return connections;
}

void forget(void* db) {
  std::lock_guard lock(registered_mutex);
  registered().erase(static_cast<sqlite3*>(db));
}

// What a statement's scores share: computed on its first row, kept by FTS5 until it ends.
struct Corpus {
  double average_length = 0;
  std::vector<int> group;   // per phrase
  std::vector<double> idf;  // per group
};

void destroy_corpus(void* p) {
  delete static_cast<Corpus*>(p);
}

int count_row(Fts5ExtensionApi const*, Fts5Context*, void* counted) {
  ++*static_cast<sqlite3_int64*>(counted);
  return SQLITE_OK;
}

int corpus_of(Fts5ExtensionApi const* api, Fts5Context* fts, int argc, sqlite3_value** argv,
              Corpus*& out) {
  out = static_cast<Corpus*>(api->xGetAuxdata(fts, 0));
  if (out) return SQLITE_OK;
  auto corpus = std::make_unique<Corpus>();
  sqlite3_int64 rows = 0, tokens = 0;
  int rc = api->xRowCount(fts, &rows);
  if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
  if (rc != SQLITE_OK) return rc;
  corpus->average_length = static_cast<double>(tokens) / static_cast<double>(rows);
  int phrases = api->xPhraseCount(fts);
  bool given = argc - kColumns == 2 * phrases;
  for (int i = 0; given && i < phrases; ++i) {
    auto g = sqlite3_value_int64(argv[kColumns + 2 * i]);
    given = g >= 0 && g < phrases;
  }
  // A group's count: the one given with any of its phrases, else the largest of its
  // phrases' counts (for a group of one phrase, its count).
  std::vector<std::optional<sqlite3_int64>> documents(static_cast<std::size_t>(phrases));
  for (int i = 0; i < phrases; ++i) {
    int g = given ? static_cast<int>(sqlite3_value_int64(argv[kColumns + 2 * i])) : i;
    corpus->group.push_back(g);
    auto& n = documents[static_cast<std::size_t>(g)];
    sqlite3_value* count = given ? argv[kColumns + 2 * i + 1] : nullptr;
    if (count && sqlite3_value_type(count) != SQLITE_NULL) {
      n = sqlite3_value_int64(count);
    } else {
      sqlite3_int64 counted = 0;
      if ((rc = api->xQueryPhrase(fts, i, &counted, count_row)) != SQLITE_OK) return rc;
      n = std::max(n.value_or(0), counted);
    }
  }
  for (auto const& n : documents) {
    auto hits = static_cast<double>(n.value_or(0));
    double idf = std::log((static_cast<double>(rows) - hits + 0.5) / (hits + 0.5));
    corpus->idf.push_back(idf <= 0.0 ? kMinIdf : idf);
  }
  out = corpus.get();
  return api->xSetAuxdata(fts, corpus.release(), destroy_corpus);
}

// The score of the current row, as ext/fts5/fts5_aux.c's fts5Bm25Function computes it, with
// the frequencies of a group's phrases added up.
void rank(Fts5ExtensionApi const* api, Fts5Context* fts, sqlite3_context* context, int argc,
          sqlite3_value** argv) {
  Corpus* corpus = nullptr;
  int rc = corpus_of(api, fts, argc, argv, corpus);
  std::vector<double> frequency(corpus ? corpus->idf.size() : 0, 0.0);
  int instances = 0;
  if (rc == SQLITE_OK) rc = api->xInstCount(fts, &instances);
  for (int i = 0; rc == SQLITE_OK && i < instances; ++i) {
    int phrase = 0, column = 0, offset = 0;
    rc = api->xInst(fts, i, &phrase, &column, &offset);
    if (rc == SQLITE_OK)
      frequency[static_cast<std::size_t>(corpus->group[static_cast<std::size_t>(phrase)])] +=
          column < argc ? sqlite3_value_double(argv[column]) : 1.0;
  }
  int length = 0;
  if (rc == SQLITE_OK) rc = api->xColumnSize(fts, -1, &length);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(context, rc);
    return;
  }
  double score = 0;
  for (std::size_t g = 0; g < frequency.size(); ++g)
    score +=
        corpus->idf[g] * (frequency[g] * (kK1 + 1.0)) /
        (frequency[g] + kK1 * (1 - kB + kB * static_cast<double>(length) / corpus->average_length));
  sqlite3_result_double(context, -1.0 * score);
}

// The quoted strings of an expression of the parser's, in order, each with whether a
// prefix `*` follows it.
struct Phrase {
  std::string text;
  bool prefix = false;
};

// `text` as an FTS5 string: in double quotes, a quote inside doubled.
std::string quoted(std::string const& text) {
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"') out.push_back('"');
    out.push_back(ch);
  }
  return out + "\"";
}

std::vector<Phrase> phrases_of(std::string const& match) {
  std::vector<Phrase> out;
  for (std::size_t i = 0; i < match.size(); ++i) {
    if (match[i] != '"') continue;
    Phrase p;
    for (++i; i < match.size(); ++i) {
      if (match[i] == '"') {
        if (i + 1 < match.size() && match[i + 1] == '"') {
          p.text.push_back('"');
          ++i;
          continue;
        }
        break;
      }
      p.text.push_back(match[i]);
    }
    p.prefix = match.compare(i + 1, 2, " *") == 0;
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

void ensure_rank_function(soci::session& sql) {
  auto* db = static_cast<sqlite3*>(store::sqlite::native_connection(sql));
  std::lock_guard lock(registered_mutex);
  if (registered().count(db)) return;
  auto* api = static_cast<fts5_api*>(SearchStore::fts5_api(db));
  if (!api) throw std::runtime_error("sqlite: this SQLite has no FTS5");
  if (api->xCreateFunction(api, kRankFunction, db, rank, forget) != SQLITE_OK)
    throw std::runtime_error("sqlite: cannot register the FTS5 ranking function");
  registered().insert(db);
}

std::vector<PhraseCount> phrase_documents(soci::session& sql, std::string const& match,
                                          std::vector<int> const& groups,
                                          std::size_t facet_phrases) {
  auto phrases = phrases_of(match);
  std::vector<PhraseCount> out(phrases.size());
  if (groups.size() != phrases.size()) {
    for (std::size_t i = 0; i < phrases.size(); ++i) out[i] = {static_cast<int>(i), std::nullopt};
    return out;
  }
  auto reader = phrases.size() - std::min(facet_phrases, phrases.size());
  std::map<int, std::vector<std::size_t>> members;  // reader groups and their phrases
  for (std::size_t i = 0; i < phrases.size(); ++i) {
    out[i] = {groups[i], 0};
    if (i < reader) members[groups[i]].push_back(i);
  }
  if (members.size() <= 1) return out;
  auto* db = store::sqlite::native_connection(sql);
  for (auto const& [group, list] : members) {
    std::optional<long long> documents;
    if (list.size() > 1) {
      // The documents holding any of the group's phrases, as FTS5 counted its prefix.
      std::string any;
      for (auto i : list) {
        if (!any.empty()) any += " OR ";
        any += quoted(phrases[i].text) + (phrases[i].prefix ? " *" : "");
      }
      documents = SearchStore::count_matches(sql, any, std::numeric_limits<long long>::max());
    } else if (auto const& p = phrases[list.front()]; !p.prefix) {
      auto terms = store::sqlite::index_terms(db, p.text, store::sqlite::Stemming::On);
      if (terms.size() == 1) documents = SearchTermsStore::documents_with(sql, terms.front());
    }
    for (auto i : list) out[i].documents = documents;
  }
  return out;
}

}  // namespace dossier::search
