// The reader's query language: every operator's FTS5 form, precedence, filters, the
// canonical text, and malformed input that is repaired, explained and never an FTS5 error.
// The fuzz tests check each output twice: with a small checker of the only shapes the
// parser may write, and against a real FTS5 table with the site's tokenizer, which also
// proves that no term is a phrase without tokens (one that would silently match nothing).
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <random>
#include <sstream>

#include <sqlite3.h>

#include "search/query_parser.hpp"
#include "store/sqlite/stemming_tokenizer.hpp"
#include "support/test_paths.hpp"

namespace dossier::search {
namespace {

using Strings = std::vector<std::string>;

// The shape of every expression the parser writes, as a small grammar:
//   expression := operand (("AND" | "OR" | "NOT") operand)*
//   operand    := literal ["*"] | "(" expression ")"
// where a literal is a double-quoted string with inner quotes doubled. Collects the
// literals' texts. Returns false on anything else: a bare word, an unbalanced quote or
// parenthesis, two operators in a row, an empty group.
class FtsChecker {
 public:
  explicit FtsChecker(std::string_view fts) : s_(fts) {}

  bool valid() {
    if (!expression()) return false;
    skip_spaces();
    return at_ == s_.size();
  }
  Strings const& literals() const { return literals_; }

 private:
  void skip_spaces() {
    while (at_ < s_.size() && s_[at_] == ' ') ++at_;
  }
  bool keyword(std::string_view word) {
    skip_spaces();
    if (s_.substr(at_, word.size()) != word) return false;
    auto after = at_ + word.size();
    if (after < s_.size() && s_[after] != ' ' && s_[after] != ')') return false;
    at_ = after;
    return true;
  }
  bool literal() {
    ++at_;  // the opening quote
    std::string text;
    while (at_ < s_.size()) {
      if (s_[at_] == '"') {
        if (at_ + 1 < s_.size() && s_[at_ + 1] == '"') {
          text.push_back('"');
          at_ += 2;
          continue;
        }
        ++at_;
        literals_.push_back(text);
        return true;
      }
      text.push_back(s_[at_++]);
    }
    return false;
  }
  bool operand() {
    skip_spaces();
    if (at_ >= s_.size()) return false;
    if (s_[at_] == '(') {
      ++at_;
      if (!expression()) return false;
      skip_spaces();
      if (at_ >= s_.size() || s_[at_] != ')') return false;
      ++at_;
      return true;
    }
    if (s_[at_] != '"' || !literal()) return false;
    keyword("*");
    return true;
  }
  bool expression() {
    if (!operand()) return false;
    while (keyword("AND") || keyword("OR") || keyword("NOT"))
      if (!operand()) return false;
    return true;
  }

  std::string_view s_;
  std::size_t at_ = 0;
  Strings literals_;
};

// Found by fuzz/query_parser_fuzzer: a 496-byte query whose canonical text, with the quotes
// and spaces it adds, came to more than kMaxQueryBytes, so parsing it again cut its last word
// and page 2 of its results would have searched for something else. The input is the fuzzer's
// reproducer, kept in the fuzz corpus.
TEST(QueryParser, TheCanonicalTextOfAQueryNearTheLimitParsesBackToTheSameQuery) {
  std::ifstream in(test::source_dir() + "/fuzz/corpus/query_parser/canonical_over_the_limit",
                   std::ios::binary);
  ASSERT_TRUE(in) << "the reproducer is missing";
  std::stringstream bytes;
  bytes << in.rdbuf();
  ASSERT_LE(bytes.str().size(), kMaxQueryBytes);
  auto q = parse_query(bytes.str());
  EXPECT_LE(q.canonical_text.size(), kMaxQueryBytes);
  auto again = parse_query(q.canonical_text);
  EXPECT_EQ(again.fts, q.fts);
  EXPECT_EQ(again.canonical_text, q.canonical_text);
  // A query that fits keeps all its words, and says nothing about shortening.
  auto short_one = parse_query("\"talks resume\" vienna");
  EXPECT_EQ(parse_query(short_one.canonical_text).fts, short_one.fts);
  EXPECT_TRUE(short_one.notes.empty());
}

TEST(QueryParser, WordsAreAllRequiredAndQuoted) {
  auto q = parse_query("  oil  sanctions ");
  EXPECT_EQ(q.fts, R"("oil" AND "sanctions")");
  EXPECT_EQ(q.words, (Strings{"oil", "sanctions"}));
  EXPECT_EQ(q.canonical(), "oil sanctions");
  EXPECT_TRUE(q.notes.empty());
  EXPECT_FALSE(q.empty());
  EXPECT_TRUE(parse_query("").empty());
  EXPECT_TRUE(parse_query("   ").empty());
}

TEST(QueryParser, EachOperatorHasItsExactFts5Form) {
  struct Case {
    char const* input;
    char const* fts;
  };
  for (auto const& c : std::vector<Case>{
           {R"("grain corridor")", R"("grain corridor")"},
           {"\u201Cgrain   corridor\u201D", R"("grain corridor")"},
           {"\u201Egrain corridor\u201C", R"("grain corridor")"},
           {"election -parliament", R"(("election") NOT "parliament")"},
           {R"(election -"state visit")", R"(("election") NOT "state visit")"},
           {"a b -x -y", R"(("a" AND "b") NOT "x" NOT "y")"},
           {"tariffs OR quotas", R"(("tariffs" OR "quotas"))"},
           {"desalin*", R"("desalin" *)"},
           {"desalin**", R"("desalin" *)"},
           {"water -desal*", R"(("water") NOT "desal" *)"},
           {"a or b", R"("a" AND "or" AND "b")"},
           {"Or", R"("Or")"},
           {"-OR a", R"(("a") NOT "OR")"},
           {R"("OR")", R"("OR")"},
       }) {
    EXPECT_EQ(parse_query(c.input).fts, c.fts) << c.input;
  }
}

TEST(QueryParser, OnlyPlainRequiredWordsAreOfferedForSpelling) {
  auto q = parse_query(R"(Sanctoins "grain corridor" desal* -ukraine tariffs OR qoutas)");
  EXPECT_EQ(q.words, (Strings{"Sanctoins", "tariffs", "qoutas"}));
}

TEST(QueryParserPrecedence, OrBindsTighterThanTheImpliedAnd) {
  EXPECT_EQ(parse_query("a OR b c").fts, R"(("a" OR "b") AND "c")");
  EXPECT_EQ(parse_query("a b OR c OR d").fts, R"("a" AND ("b" OR "c" OR "d"))");
  EXPECT_EQ(parse_query("a OR b c OR d").fts, R"(("a" OR "b") AND ("c" OR "d"))");
  EXPECT_EQ(parse_query(R"("a b" OR cd* -d)").fts, R"((("a b" OR "cd" *)) NOT "d")");
  EXPECT_EQ(parse_query("a OR b c").canonical(), "a OR b c");
}

TEST(QueryParser, HyphenatedWordsAreWordsAndFts5SyntaxIsText) {
  EXPECT_EQ(parse_query("Indo-Pacific").fts, R"("Indo-Pacific")");
  EXPECT_EQ(parse_query("Indo-Pacific").words, Strings{"Indo-Pacific"});
  EXPECT_EQ(parse_query("title:x NEAR(a b) ^c").fts,
            R"x("title:x" AND "NEAR(a" AND "b)" AND "^c")x");
  EXPECT_EQ(parse_query("a AND NOT b").fts, R"("a" AND "AND" AND "NOT" AND "b")");
  EXPECT_EQ(parse_query("{a b}: c + d").fts, R"x("{a" AND "b}:" AND "c" AND "d")x");
  EXPECT_EQ(parse_query(R"(say """hi")").fts, R"("say" AND "hi")");
}

TEST(QueryParserFilters, EachKeyIsReadAndCaseDoesNotMatter) {
  auto q = parse_query(
      "hydrogen Category:Energy TAG:baltic-sea author:lena-varga kind:Analysis "
      "before:2026-03-01 After:2025-12-31");
  EXPECT_EQ(q.fts, R"("hydrogen")");
  EXPECT_EQ(q.words, Strings{"hydrogen"});
  EXPECT_EQ(q.filters.categories, Strings{"energy"});
  EXPECT_EQ(q.filters.tags, Strings{"baltic-sea"});
  EXPECT_EQ(q.filters.authors, Strings{"lena-varga"});
  EXPECT_EQ(q.filters.kind, "analysis");
  EXPECT_EQ(q.filters.before, 1772323200);  // 2026-03-01T00:00:00Z
  EXPECT_EQ(q.filters.after, 1767225600);   // 2026-01-01T00:00:00Z: after the 31st ended
  EXPECT_TRUE(q.notes.empty());
}

TEST(QueryParserFilters, FiltersAloneAreAQueryWithoutText) {
  auto q = parse_query("category:energy");
  EXPECT_TRUE(q.fts.empty());
  EXPECT_TRUE(q.words.empty());
  EXPECT_FALSE(q.empty());
  EXPECT_EQ(q.canonical(), "category:energy");
}

TEST(QueryParserFilters, RepeatedFiltersMustAllHold) {
  auto q = parse_query(
      "tag:oil tag:gas tag:OIL category:a category:b kind:news kind:report "
      "before:2026-05-01 before:2026-03-01 after:2025-01-01 after:2025-06-30");
  EXPECT_EQ(q.filters.tags, (Strings{"oil", "gas"}));
  EXPECT_EQ(q.filters.categories, (Strings{"a", "b"}));
  EXPECT_EQ(q.filters.kind, "report");      // one kind per article: the last one typed
  EXPECT_EQ(q.filters.before, 1772323200);  // the earlier bound, 2026-03-01
  EXPECT_EQ(q.filters.after, 1751328000);   // the later bound, 2025-07-01T00:00:00Z
}

TEST(QueryParserFilters, ValuesAreSlugsAndMayBeQuoted) {
  auto q = parse_query(R"(author:"Lena Varga" tag:Kýiv category:"energy")");
  EXPECT_EQ(q.filters.authors, Strings{"lena-varga"});
  EXPECT_EQ(q.filters.tags, Strings{"kyiv"});
  EXPECT_EQ(q.filters.categories, Strings{"energy"});
  EXPECT_TRUE(q.fts.empty());
  EXPECT_EQ(q.canonical(), "category:energy tag:kyiv author:lena-varga");
  auto kind = parse_query(R"(kind:"report" before:"2026-03-01")");
  EXPECT_EQ(kind.filters.kind, "report");
  EXPECT_EQ(kind.filters.before, 1772323200);
}

TEST(QueryParserFilters, UnknownKeysAndEmptyValuesAreText) {
  EXPECT_EQ(parse_query("9:30 re:sanctions").fts, R"("9:30" AND "re:sanctions")");
  EXPECT_EQ(parse_query("https://example.org").fts, R"("https://example.org")");
  auto q = parse_query("tag: oil");
  EXPECT_EQ(q.fts, R"("tag:" AND "oil")");
  EXPECT_TRUE(q.filters.empty());
}

TEST(QueryParserFilters, InvalidValuesAreDroppedWithANoteNamingThem) {
  auto blog = parse_query("oil kind:blog");
  ASSERT_EQ(blog.notes.size(), 1u);
  EXPECT_EQ(blog.notes[0], "'kind:blog' is not a kind (news, analysis, report, page); ignored.");
  for (auto const* text : {"kind:blog", "before:2024-13-45", "after:2024-02-30", "before:yesterday",
                           "after:2024-1-05", "tag:!!!", "-category:energy"}) {
    auto q = parse_query(std::string("oil ") + text);
    EXPECT_EQ(q.fts, R"("oil")") << text;
    EXPECT_TRUE(q.filters.empty()) << text;
    EXPECT_EQ(q.canonical(), "oil") << text;
    ASSERT_EQ(q.notes.size(), 1u) << text;
    EXPECT_NE(q.notes[0].find(text), std::string::npos) << q.notes[0];
  }
}

TEST(QueryParser, CanonicalPutsTermsFirstAndParsesToTheSameQuery) {
  auto q = parse_query(
      " kind:news  -ukraine  \u201Cgrain  corridor\u201D category:Energy a OR  b  desal* x* ");
  EXPECT_EQ(q.canonical(),
            R"("grain corridor" a OR b desal* x -ukraine category:energy kind:news)");
  auto again = parse_query(q.canonical());
  EXPECT_EQ(again.fts, q.fts);
  EXPECT_EQ(again.canonical(), q.canonical());
  EXPECT_EQ(again.filters.categories, q.filters.categories);
  EXPECT_EQ(again.filters.kind, q.filters.kind);
  // Dates come back as typed, though `after` holds the next day.
  EXPECT_EQ(parse_query("after:2025-12-31 before:2027-01-01").canonical(),
            "after:2025-12-31 before:2027-01-01");
}

TEST(QueryParserMalformed, IsRepairedAndExplained) {
  enum class Note { None, Some };
  struct Case {
    char const* input;
    char const* fts;
    Note note;
  };
  for (auto const& c : std::vector<Case>{
           {"\"grain corridor", R"("grain" AND "corridor")", Note::Some},
           {"oil \"grain corridor", R"("oil" AND "grain" AND "corridor")", Note::Some},
           {"OR", "", Note::Some},
           {"a OR", R"("a")", Note::Some},
           {"OR a", R"("a")", Note::Some},
           {"a OR OR b", R"(("a" OR "b"))", Note::Some},
           {"OR OR", "", Note::Some},
           {"a OR category:energy b", R"("a" AND "b")", Note::Some},
           {"a OR -b", R"(("a") NOT "b")", Note::Some},
           {"-", "", Note::None},
           {"- a", R"("a")", Note::None},
           {"-\"", "", Note::Some},
           {"*", "", Note::None},
           {"a *", R"("a")", Note::None},
           {"a*", R"("a")", Note::Some},
           {"oil-g*", R"("oil-g")", Note::Some},
           {"\"\"", "", Note::None},
           {"a \"\" b", R"("a" AND "b")", Note::None},
           {"\" \"", "", Note::None},
           {"-only -excluded", "", Note::Some},
           {"-\"only this\"", "", Note::Some},
           {"...", "", Note::None},
           {"oil \u2014 gas", R"("oil" AND "gas")", Note::None},  // an em dash is no word
           {"oil \xF0\x9F\x9B\xA2", R"("oil")", Note::None},      // nor an emoji
       }) {
    auto q = parse_query(c.input);
    EXPECT_EQ(q.fts, c.fts) << c.input;
    EXPECT_EQ(q.notes.empty(), c.note == Note::None) << c.input;
  }
}

TEST(QueryParserMalformed, ControlCharactersAndInvalidUtf8) {
  // Control and format characters are removed; any whitespace separates.
  EXPECT_EQ(parse_query("oil\x01\x7fgas").fts, R"("oilgas")");
  EXPECT_EQ(parse_query("oil\tgas\r\nlng").fts, R"("oil" AND "gas" AND "lng")");
  EXPECT_EQ(parse_query("oil\xC2\xA0gas").fts, R"("oil" AND "gas")");       // no-break space
  EXPECT_EQ(parse_query("desali\xC2\xADnation").fts, R"("desalination")");  // soft hyphen
  EXPECT_EQ(parse_query(std::string("oil\0gas", 7)).fts, R"("oilgas")");
  // Invalid UTF-8 separates words and never reaches the expression.
  EXPECT_EQ(parse_query("oil \xff\xfe gas").fts, R"("oil" AND "gas")");
  EXPECT_EQ(parse_query("oil\xC3gas").fts, R"("oil" AND "gas")");  // cut sequence
  EXPECT_EQ(parse_query("\xC0\xAF"
                        "a")
                .fts,
            R"("a")");  // overlong '/'
  EXPECT_EQ(parse_query("\xED\xA0\x80"
                        "a")
                .fts,
            R"("a")");  // surrogate
  EXPECT_EQ(parse_query("K\xC3\xBDiv").fts, "\"K\xC3\xBDiv\"");
}

TEST(QueryParserMalformed, LongInputIsShortenedOnACharacterBoundary) {
  auto long_query = parse_query(std::string(10 * 1024, 'x'));
  EXPECT_EQ(long_query.fts.size(), kMaxQueryBytes + 2);
  EXPECT_EQ(long_query.notes, Strings{"The query was shortened to 512 characters."});
  std::string accents;
  while (accents.size() < 2 * kMaxQueryBytes + 1) accents += "\xC3\xA9";
  auto cut = parse_query("a" + accents);
  EXPECT_EQ(cut.fts.size(), kMaxQueryBytes + 1);  // "a", 255 accents, two quotes
  EXPECT_FALSE(cut.notes.empty());
  EXPECT_TRUE(parse_query(std::string(kMaxQueryBytes, 'x')).notes.empty());
  // Removed characters do not count toward the limit.
  EXPECT_TRUE(parse_query(std::string(kMaxQueryBytes, '\x01') + "oil").notes.empty());
}

TEST(QueryParserMalformed, AtMostKMaxTermsAreSearched) {
  std::string many;
  for (int i = 0; i < 100; ++i) many += "w" + std::to_string(i) + " ";
  auto limited = parse_query(many + "tag:oil");
  EXPECT_EQ(limited.words.size(), kMaxTerms);
  EXPECT_EQ(limited.words.back(), "w23");
  EXPECT_EQ(limited.filters.tags, Strings{"oil"});  // filters after the limit still hold
  EXPECT_EQ(limited.notes, Strings{"Only the first 24 words were searched for."});
}

// Every output must be a valid FTS5 expression in which every literal has a token:
// prepared and run against a real table that uses the site's tokenizer.
class QueryParserFuzz : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
    store::sqlite::register_stemming_tokenizer(db_);
    ASSERT_EQ(sqlite3_exec(db_,
                           "CREATE VIRTUAL TABLE t USING fts5(a, tokenize = 'dossier_english');"
                           "INSERT INTO t VALUES ('Oil and gas sanctions on the Indo-Pacific');"
                           "INSERT INTO t VALUES ('The grain corridor and desalination');",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
  }
  void TearDown() override { sqlite3_close(db_); }

  // The number of rows the parsed input matches; -1 on an FTS5 error.
  int count(ParsedQuery const& q) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, "SELECT count(*) FROM t WHERE t MATCH ?", -1, &st, nullptr) !=
        SQLITE_OK)
      return -1;
    sqlite3_bind_text(st, 1, q.fts.c_str(), static_cast<int>(q.fts.size()), SQLITE_TRANSIENT);
    int rows = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    return rows;
  }

  void expect_valid(std::string const& input) {
    auto q = parse_query(input);
    auto shown = ::testing::PrintToString(input) + " gave " + q.fts;
    EXPECT_LE(q.canonical().size(), 2 * kMaxQueryBytes) << shown;
    auto again = parse_query(q.canonical());
    EXPECT_EQ(again.fts, q.fts) << shown << " canonical " << q.canonical();
    EXPECT_EQ(again.canonical(), q.canonical()) << shown;
    if (q.fts.empty()) return;
    FtsChecker checker(q.fts);
    ASSERT_TRUE(checker.valid()) << shown;
    for (auto const& literal : checker.literals())
      EXPECT_FALSE(store::sqlite::index_terms(db_, literal, store::sqlite::Stemming::On).empty())
          << shown << " literal " << literal;
    EXPECT_GE(count(q), 0) << shown << " error: " << sqlite3_errmsg(db_);
  }

  sqlite3* db_ = nullptr;
};

TEST_F(QueryParserFuzz, ExpressionsMatchWhatTheReaderMeant) {
  auto rows = [&](char const* input) { return count(parse_query(input)); };
  EXPECT_EQ(rows("oil \u2014 gas"), 1);
  EXPECT_EQ(rows("oil OR grain and"), 2);
  EXPECT_EQ(rows("oil OR grain corridor"), 1);  // (oil OR grain) AND corridor
  EXPECT_EQ(rows("and -sanctions"), 1);
  EXPECT_EQ(rows("and -\"grain corridor\" -nothing"), 1);
  EXPECT_EQ(rows("desal*"), 1);
  EXPECT_EQ(rows("indo-pacific"), 1);
  EXPECT_EQ(rows("\"corridor grain\""), 0);
  EXPECT_EQ(rows("sanctioned"), 1);  // the same stem as the text's "sanctions"
}

TEST_F(QueryParserFuzz, RandomBytesAlwaysGiveAValidExpression) {
  std::mt19937 rng(20261128);
  for (int n = 0; n < 3000; ++n) {
    std::string input(rng() % 48, '\0');
    for (auto& c : input) c = static_cast<char>(rng() % 256);
    expect_valid(input);
  }
}

TEST_F(QueryParserFuzz, RandomSyntaxAlwaysGivesAValidExpression) {
  std::mt19937 rng(7);
  // Pieces rather than bytes, so that operators, quotes and filters meet often.
  Strings const pieces = {"a",
                          "bc",
                          "Oil",
                          " ",
                          " ",
                          "\"",
                          "-",
                          "*",
                          ":",
                          "(",
                          ")",
                          "^",
                          "OR",
                          " OR ",
                          "AND",
                          "NOT",
                          "NEAR",
                          "or",
                          "tag:",
                          "kind:",
                          "x:",
                          "before:",
                          "2026-03-01",
                          "\u201C",
                          "\u201D",
                          "\u2014",
                          "\xC3\xA9",
                          "\xff",
                          "\x01",
                          "\t",
                          "+",
                          "{",
                          "}",
                          ".",
                          ",",
                          "'",
                          "\"\"",
                          "\xC2\xA0",
                          "\xE2\x80\x8B",
                          "\xF0\x9F\x9B\xA2",
                          "category:\"",
                          "-\"",
                          "**"};
  for (int n = 0; n < 4000; ++n) {
    std::string input;
    int length = static_cast<int>(rng() % 24);
    for (int i = 0; i < length; ++i) input += pieces[rng() % pieces.size()];
    expect_valid(input);
  }
  for (auto const* input : {"OR OR OR", "a OR", "-a -b c", "\"a\" OR -\"b\"", "NOT a", "a AND",
                            "a NEAR b", "(a OR b)", "a* b* c*", "col:a", "{a b}: c", "a + b",
                            "\"a\"\"b\"", "a\"\"b", "a OR \"\" OR b", "NEAR(a b, 2)"})
    expect_valid(input);
}

TEST_F(QueryParserFuzz, TenKilobytesOfRandomInputParseFast) {
  std::mt19937 rng(42);
  std::string const alphabet = "abcdefgh \"-*:OR\xc3\xa9";
  auto started = std::chrono::steady_clock::now();
  for (int n = 0; n < 200; ++n) {
    std::string input(10 * 1024, ' ');
    for (auto& c : input) c = alphabet[rng() % alphabet.size()];
    auto q = parse_query(input);
    EXPECT_LE(q.canonical().size(), 2 * kMaxQueryBytes);
    EXPECT_TRUE(FtsChecker(q.fts).valid() || q.fts.empty());
  }
  expect_valid(std::string(10 * 1024, '"'));
  // Generous, so that a loaded machine passes; a quadratic parser would not.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
}

TEST(QueryParserChecker, RejectsWhatIsNotTheParsersShape) {
  for (auto const* bad : {"oil", "\"oil", "(\"a\"", "\"a\")", "\"a\" AND", "AND \"a\"",
                          "\"a\" \"b\"", "()", "\"a\" AND OR \"b\"", "\"a\" NEAR \"b\"", "*"})
    EXPECT_FALSE(FtsChecker(bad).valid()) << bad;
  for (auto const* good : {"\"a\"", "\"a\"\"b\"", "(\"a\" OR \"b\" *) NOT \"c\"", "\"a\" *"})
    EXPECT_TRUE(FtsChecker(good).valid()) << good;
}

}  // namespace
}  // namespace dossier::search
