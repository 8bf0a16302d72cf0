// The reader's search language (src/search/query_parser.hpp). Beyond "no crash", it checks the
// promises the header makes: the FTS5 expression is never a syntax error for SQLite, and the
// canonical query parses again to the same expression and filters.
#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/strings.hpp"
#include "fuzz_check.hpp"
#include "search/query_parser.hpp"

namespace {

using dossier::fuzz::check;

// One in-memory FTS5 table for the whole run; the default tokenizer suffices, since what is
// checked is the expression's syntax, not what it finds.
sqlite3_stmt* match_statement() {
  static sqlite3_stmt* stmt = [] {
    sqlite3* db = nullptr;
    sqlite3_open(":memory:", &db);
    sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(body); INSERT INTO t VALUES ('oil gas');",
                 nullptr, nullptr, nullptr);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?", -1, &s, nullptr);
    return s;
  }();
  return stmt;
}

bool fts_accepts(std::string const& fts) {
  auto* stmt = match_statement();
  sqlite3_reset(stmt);
  sqlite3_bind_text(stmt, 1, fts.data(), static_cast<int>(fts.size()), SQLITE_TRANSIENT);
  int rc = sqlite3_step(stmt);
  sqlite3_reset(stmt);
  return rc == SQLITE_ROW;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string_view input(reinterpret_cast<char const*>(data), size);
  auto q = dossier::search::parse_query(input);

  check(q.fts.empty() || fts_accepts("(" + q.fts + ")"), "FTS5 rejects the expression", q.fts);
  check(dossier::is_valid_utf8(q.canonical_text), "canonical query is not UTF-8");

  auto again = dossier::search::parse_query(q.canonical_text);
  check(again.fts == q.fts, "canonical query gives another expression", q.canonical_text);
  check(again.canonical_text == q.canonical_text, "canonical query is not a fixed point",
        q.canonical_text);
  auto const& a = q.filters;
  auto const& b = again.filters;
  check(a.categories == b.categories && a.tags == b.tags && a.authors == b.authors &&
            a.kind == b.kind && a.before == b.before && a.after == b.after,
        "canonical query gives other filters", q.canonical_text);
  return 0;
}
