// The reader's query language: every operator's FTS5 form, precedence, filters, the
// canonical text, and malformed input that is repaired, explained and never an FTS5 error
// (checked against a real FTS5 table).
#include <gtest/gtest.h>

#include <random>

#include <sqlite3.h>

#include "search/query_parser.hpp"

namespace dossier::search {
namespace {

TEST(QueryParser, WordsAreAllRequiredAndQuoted) {
  auto q = parse_query("oil  sanctions");
  EXPECT_EQ(q.fts, R"("oil" AND "sanctions")");
  EXPECT_EQ(q.words, (std::vector<std::string>{"oil", "sanctions"}));
  EXPECT_EQ(q.canonical(), "oil sanctions");
  EXPECT_TRUE(q.notes.empty());
}

TEST(QueryParser, PhrasesExclusionsOrAndPrefix) {
  EXPECT_EQ(parse_query("\"grain corridor\"").fts, R"("grain corridor")");
  EXPECT_EQ(parse_query("\u201Cgrain   corridor\u201D").fts, R"("grain corridor")");
  EXPECT_EQ(parse_query("election -parliament").fts, R"(("election") NOT "parliament")");
  EXPECT_EQ(parse_query("election -\"state visit\"").fts, R"(("election") NOT "state visit")");
  EXPECT_EQ(parse_query("tariffs OR quotas").fts, R"(("tariffs" OR "quotas"))");
  EXPECT_EQ(parse_query("desalin*").fts, R"("desalin" *)");
  EXPECT_TRUE(parse_query("desalin*").words.empty());
  EXPECT_EQ(parse_query("a or b").fts, R"("a" AND "or" AND "b")");
}

TEST(QueryParser, OrBindsTighterThanTheImpliedAnd) {
  EXPECT_EQ(parse_query("a OR b c").fts, R"(("a" OR "b") AND "c")");
  EXPECT_EQ(parse_query("a b OR c OR d").fts, R"("a" AND ("b" OR "c" OR "d"))");
  EXPECT_EQ(parse_query("a OR b c").canonical(), "a OR b c");
}

TEST(QueryParser, HyphenatedWordsAreWordsAndSyntaxIsText) {
  EXPECT_EQ(parse_query("Indo-Pacific").fts, R"("Indo-Pacific")");
  EXPECT_EQ(parse_query("title:x NEAR(a b) ^c").fts,
            R"x("title:x" AND "NEAR(a" AND "b)" AND "^c")x");
  EXPECT_EQ(parse_query("say \"\"\"hi\"").fts.find("NOT"), std::string::npos);
}

TEST(QueryParser, Filters) {
  auto q = parse_query(
      "hydrogen Category:Energy tag:baltic-sea author:lena-varga kind:Analysis "
      "before:2026-03-01 after:2025-12-31 category:energy");
  EXPECT_EQ(q.fts, R"("hydrogen")");
  EXPECT_EQ(q.filters.categories, std::vector<std::string>{"energy"});
  EXPECT_EQ(q.filters.tags, std::vector<std::string>{"baltic-sea"});
  EXPECT_EQ(q.filters.authors, std::vector<std::string>{"lena-varga"});
  EXPECT_EQ(q.filters.kind, "analysis");
  EXPECT_EQ(q.filters.before, 1772323200);  // 2026-03-01T00:00:00Z
  EXPECT_EQ(q.filters.after, 1767225600);   // 2026-01-01T00:00:00Z: after the 31st
  EXPECT_EQ(q.canonical(),
            "hydrogen category:energy tag:baltic-sea author:lena-varga kind:analysis "
            "after:2025-12-31 before:2026-03-01");
  auto filters_only = parse_query("category:energy");
  EXPECT_TRUE(filters_only.fts.empty());
  EXPECT_FALSE(filters_only.empty());
  // Not a filter: ordinary text.
  EXPECT_EQ(parse_query("9:30 re:sanctions").fts, R"("9:30" AND "re:sanctions")");
}

TEST(QueryParser, InvalidFilterValuesAreDroppedWithANote) {
  for (auto const* text :
       {"kind:blog", "before:2024-13-45", "after:2024-02-30", "before:yesterday"}) {
    auto q = parse_query(std::string("oil ") + text);
    EXPECT_EQ(q.fts, R"("oil")") << text;
    EXPECT_TRUE(q.filters.empty()) << text;
    ASSERT_EQ(q.notes.size(), 1u) << text;
    EXPECT_NE(q.notes[0].find(text), std::string::npos) << q.notes[0];
  }
}

TEST(QueryParser, MalformedInputIsRepairedAndExplained) {
  struct Case {
    char const* input;
    char const* fts;
    bool noted;
  };
  for (auto const& c : std::vector<Case>{
           {"\"grain corridor", R"("grain" AND "corridor")", true},
           {"OR", "", true},
           {"a OR", R"("a")", true},
           {"OR a", R"("a")", true},
           {"a OR OR b", R"(("a" OR "b"))", true},
           {"-", R"("-")", false},
           {"- a", R"("a")", false},
           {"*", "", false},
           {"a*", R"("a")", true},
           {"\"\"", "", false},
           {"-only -excluded", "", true},
           {"a OR -b", R"(("a") NOT "b")", true},
           {"...", "", false},
       }) {
    auto q = parse_query(c.input);
    if (std::string(c.input) == "-") {
      EXPECT_TRUE(q.fts.empty()) << c.input;  // punctuation alone is no word
      continue;
    }
    EXPECT_EQ(q.fts, c.fts) << c.input;
    EXPECT_EQ(!q.notes.empty(), c.noted) << c.input;
  }
}

TEST(QueryParser, ControlCharactersInvalidUtf8AndLengthAreHandled) {
  EXPECT_EQ(parse_query("oil\x01\x7f"
                        "gas")
                .fts,
            R"("oil" AND "gas")");
  EXPECT_EQ(parse_query("oil \xff\xfe gas").fts, R"("oil" AND "gas")");
  EXPECT_EQ(parse_query("K\xC3\xBDiv").fts, "\"K\xC3\xBDiv\"");
  auto long_query = parse_query(std::string(10 * 1024, 'x'));
  EXPECT_EQ(long_query.fts.size(), kMaxQueryBytes + 2);
  ASSERT_FALSE(long_query.notes.empty());
  // A cut never splits a character.
  std::string accents;
  while (accents.size() < 2 * kMaxQueryBytes) accents += "\xC3\xA9";
  auto cut = parse_query(accents);
  EXPECT_EQ(cut.fts.size() % 2, 0u);
  std::string many;
  for (int i = 0; i < 100; ++i) many += "w" + std::to_string(i) + " ";
  auto limited = parse_query(many);
  EXPECT_EQ(limited.words.size(), kMaxTerms);
  EXPECT_FALSE(limited.notes.empty());
}

// Every output must be a valid FTS5 expression: prepared and run against a real table.
class QueryParserFuzz : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db_,
                           "CREATE VIRTUAL TABLE t USING fts5(a);"
                           "INSERT INTO t VALUES ('oil and gas sanctions');",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
  }
  void TearDown() override { sqlite3_close(db_); }

  void expect_valid(std::string const& input) {
    auto q = parse_query(input);
    if (q.fts.empty()) return;
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db_, "SELECT count(*) FROM t WHERE t MATCH ?", -1, &st, nullptr),
              SQLITE_OK);
    sqlite3_bind_text(st, 1, q.fts.c_str(), static_cast<int>(q.fts.size()), SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    EXPECT_EQ(rc, SQLITE_ROW) << "input: " << ::testing::PrintToString(input) << " fts: " << q.fts
                              << " error: " << sqlite3_errmsg(db_);
    sqlite3_finalize(st);
  }

  sqlite3* db_ = nullptr;
};

TEST_F(QueryParserFuzz, RandomInputAlwaysGivesAValidExpression) {
  std::mt19937 rng(20261128);
  std::string const alphabet = "ab \"-*:()^ORNTAD\x01\xc3\xa9\xff+{}.,'";
  for (int n = 0; n < 3000; ++n) {
    std::string input;
    int length = static_cast<int>(rng() % 40);
    for (int i = 0; i < length; ++i) input.push_back(alphabet[rng() % alphabet.size()]);
    expect_valid(input);
  }
  for (auto const* input : {"OR OR OR", "a OR", "-a -b c", "\"a\" OR -\"b\"", "NOT a", "a AND",
                            "a NEAR b", "(a OR b)", "a* b* c*", "col:a", "{a b}: c", "a + b"})
    expect_valid(input);
}

}  // namespace
}  // namespace dossier::search
