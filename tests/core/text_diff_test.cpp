// Revision diffs: the line diff is minimal and lossless on both sides, hunks carry the right
// context and numbers, word spans never cut a UTF-8 character, and huge pairs stay bounded.
#include <gtest/gtest.h>

#include <algorithm>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/strings.hpp"
#include "core/text_diff.hpp"

namespace dossier::core {

// Readable failure messages; gtest finds these by argument-dependent lookup, which does not
// look inside the anonymous namespace.
void PrintTo(DiffLine const& line, std::ostream* os) {
  *os << "{" << static_cast<int>(line.op) << ", \"" << line.text << "\", " << line.old_number
      << ", " << line.new_number << "}";
}

void PrintTo(DiffSpan const& span, std::ostream* os) {
  *os << "{" << static_cast<int>(span.op) << ", \"" << span.text << "\"}";
}

namespace {

// One side of a diff rebuilt from its lines: Same plus Added lines give `after`, Same plus
// Removed lines give `before`, joined with '\n' as the header promises.
std::string side(std::vector<DiffLine> const& lines, DiffOp other_side) {
  std::string text;
  bool first = true;
  for (auto const& line : lines) {
    if (line.op == other_side) continue;
    if (!first) text += '\n';
    text += line.text;
    first = false;
  }
  return text;
}

std::string before_of(std::vector<DiffLine> const& lines) {
  return side(lines, DiffOp::Added);
}
std::string after_of(std::vector<DiffLine> const& lines) {
  return side(lines, DiffOp::Removed);
}

std::string spans_side(std::vector<DiffSpan> const& spans, DiffOp other_side) {
  std::string text;
  for (auto const& span : spans)
    if (span.op != other_side) text += span.text;
  return text;
}

// Line numbers must count 1, 2, 3... on each side, and be 0 where a side has no line.
void expect_numbering(std::vector<DiffLine> const& lines) {
  int old_number = 0;
  int new_number = 0;
  for (auto const& line : lines) {
    if (line.op == DiffOp::Added) {
      EXPECT_EQ(line.old_number, 0);
    } else {
      EXPECT_EQ(line.old_number, ++old_number);
    }
    if (line.op == DiffOp::Removed) {
      EXPECT_EQ(line.new_number, 0);
    } else {
      EXPECT_EQ(line.new_number, ++new_number);
    }
  }
}

// In every run of changes the removed lines come first, so a display can pair them up.
void expect_removed_before_added(std::vector<DiffLine> const& lines) {
  for (std::size_t i = 1; i < lines.size(); ++i)
    EXPECT_FALSE(lines[i - 1].op == DiffOp::Added && lines[i].op == DiffOp::Removed)
        << "line " << i << " of the diff";
}

std::vector<std::string_view> lines_of(std::string_view text) {
  if (text.empty()) return {};
  return split(text, '\n');
}

// The textbook O(NM) dynamic program, as the reference for minimality.
std::size_t lcs_length(std::vector<std::string_view> const& a,
                       std::vector<std::string_view> const& b) {
  std::vector<std::size_t> row(b.size() + 1, 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = 0;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t const above = row[j];
      row[j] = a[i - 1] == b[j - 1] ? diagonal + 1 : std::max(row[j], row[j - 1]);
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string join(std::vector<std::string> const& lines) {
  std::string text;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) text += '\n';
    text += lines[i];
  }
  return text;
}

std::string numbered_lines(int count) {
  std::vector<std::string> lines;
  for (int i = 1; i <= count; ++i) lines.push_back("line " + std::to_string(i));
  return join(lines);
}

constexpr auto kSame = DiffOp::Same;
constexpr auto kAdded = DiffOp::Added;
constexpr auto kRemoved = DiffOp::Removed;

TEST(TextDiff, IdenticalTextsAreAllSame) {
  auto const text = "Talks resume\n\nDelegates arrived in Geneva.\nMore follows.";
  auto const lines = diff_lines(text, text);
  std::vector<DiffLine> const expected{{kSame, "Talks resume", 1, 1},
                                       {kSame, "", 2, 2},
                                       {kSame, "Delegates arrived in Geneva.", 3, 3},
                                       {kSame, "More follows.", 4, 4}};
  EXPECT_EQ(lines, expected);
  EXPECT_TRUE(diff_hunks(text, text).empty());
}

TEST(TextDiff, PureInsertKeepsNumbersOnBothSides) {
  auto const lines = diff_lines("a\nb\nc", "a\nb\nx\ny\nc");
  std::vector<DiffLine> const expected{{kSame, "a", 1, 1},
                                       {kSame, "b", 2, 2},
                                       {kAdded, "x", 0, 3},
                                       {kAdded, "y", 0, 4},
                                       {kSame, "c", 3, 5}};
  EXPECT_EQ(lines, expected);
}

TEST(TextDiff, PureDeleteKeepsNumbersOnBothSides) {
  auto const lines = diff_lines("a\nb\nx\ny\nc", "a\nb\nc");
  std::vector<DiffLine> const expected{{kSame, "a", 1, 1},
                                       {kSame, "b", 2, 2},
                                       {kRemoved, "x", 3, 0},
                                       {kRemoved, "y", 4, 0},
                                       {kSame, "c", 5, 3}};
  EXPECT_EQ(lines, expected);
}

TEST(TextDiff, ChangeInTheMiddleListsRemovedThenAdded) {
  auto const lines = diff_lines("a\nb\nc\nd\ne", "a\nb\nC\nD\nd2\ne");
  std::vector<DiffLine> const expected{
      {kSame, "a", 1, 1},  {kSame, "b", 2, 2},  {kRemoved, "c", 3, 0}, {kRemoved, "d", 4, 0},
      {kAdded, "C", 0, 3}, {kAdded, "D", 0, 4}, {kAdded, "d2", 0, 5},  {kSame, "e", 5, 6}};
  EXPECT_EQ(lines, expected);
}

TEST(TextDiff, LineNumbersStayRightAcrossSeveralChanges) {
  auto const lines =
      diff_lines("one\ntwo\nthree\nfour\nfive\nsix", "zero\none\nthree\nfour\n4b\nsix");
  std::vector<DiffLine> const expected{{kAdded, "zero", 0, 1},  {kSame, "one", 1, 2},
                                       {kRemoved, "two", 2, 0}, {kSame, "three", 3, 3},
                                       {kSame, "four", 4, 4},   {kRemoved, "five", 5, 0},
                                       {kAdded, "4b", 0, 5},    {kSame, "six", 6, 6}};
  EXPECT_EQ(lines, expected);
}

TEST(TextDiff, EmptyTextsHaveNoLines) {
  EXPECT_TRUE(diff_lines("", "").empty());
  EXPECT_TRUE(diff_hunks("", "").empty());

  std::vector<DiffLine> const added{{kAdded, "a", 0, 1}, {kAdded, "b", 0, 2}};
  EXPECT_EQ(diff_lines("", "a\nb"), added);
  std::vector<DiffLine> const removed{{kRemoved, "a", 1, 0}, {kRemoved, "b", 2, 0}};
  EXPECT_EQ(diff_lines("a\nb", ""), removed);
}

TEST(TextDiff, TrailingNewlineIsAnEmptyLastLine) {
  std::vector<DiffLine> const added_newline{
      {kSame, "a", 1, 1}, {kSame, "b", 2, 2}, {kAdded, "", 0, 3}};
  EXPECT_EQ(diff_lines("a\nb", "a\nb\n"), added_newline);

  std::vector<DiffLine> const dropped_newline{
      {kSame, "a", 1, 1}, {kSame, "b", 2, 2}, {kRemoved, "", 3, 0}};
  EXPECT_EQ(diff_lines("a\nb\n", "a\nb"), dropped_newline);

  // Both ending in a newline is the usual case: the shared empty last line is unchanged.
  auto const both = diff_lines("a\nb\n", "a\nc\n");
  std::vector<DiffLine> const expected{
      {kSame, "a", 1, 1}, {kRemoved, "b", 2, 0}, {kAdded, "c", 0, 2}, {kSame, "", 3, 3}};
  EXPECT_EQ(both, expected);

  // A lone newline is two empty lines, so it still differs from the empty text.
  EXPECT_EQ(after_of(diff_lines("", "\n")), "\n");
  EXPECT_EQ(diff_lines("", "\n").size(), 2u);
}

// Random pairs over a small alphabet, so lines repeat and many alignments tie: the diff must
// rebuild both texts exactly, number lines right, and be as short as the LCS allows.
TEST(TextDiff, RandomPairsRebuildBothSidesAndAreMinimal) {
  std::mt19937 rng(20240611);
  std::vector<std::string> const alphabet{"a", "b", "c", "d", "", "Kýiv"};
  auto random_lines = [&](int max_count) {
    std::vector<std::string> lines(std::uniform_int_distribution<int>(0, max_count)(rng));
    for (auto& line : lines)
      line = alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(rng)];
    return lines;
  };
  // An edited copy: a few lines dropped, replaced or inserted, as revisions usually are.
  auto edited = [&](std::vector<std::string> lines) {
    int const edits = std::uniform_int_distribution<int>(0, 6)(rng);
    for (int e = 0; e < edits; ++e) {
      auto const at = std::uniform_int_distribution<std::size_t>(0, lines.size())(rng);
      int const kind = std::uniform_int_distribution<int>(0, 2)(rng);
      std::string const fresh = "new " + std::to_string(e);
      if (kind == 0 || at == lines.size())
        lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at), fresh);
      else if (kind == 1)
        lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(at));
      else
        lines[at] = fresh;
    }
    return lines;
  };

  for (int round = 0; round < 400; ++round) {
    auto const old_lines = random_lines(40);
    auto const new_lines = round % 2 == 0 ? random_lines(40) : edited(old_lines);
    auto const before = join(old_lines);
    auto const after = join(new_lines);
    SCOPED_TRACE("round " + std::to_string(round));

    auto const lines = diff_lines(before, after);
    ASSERT_EQ(before_of(lines), before);
    ASSERT_EQ(after_of(lines), after);
    expect_numbering(lines);
    expect_removed_before_added(lines);

    auto const stats = diff_stats(lines);
    auto const a = lines_of(before);
    auto const b = lines_of(after);
    auto const common = lcs_length(a, b);
    EXPECT_EQ(static_cast<std::size_t>(stats.removed), a.size() - common);
    EXPECT_EQ(static_cast<std::size_t>(stats.added), b.size() - common);
  }
}

TEST(TextDiff, HunkCarriesContextAndUnifiedDiffNumbers) {
  auto const before = numbered_lines(20);
  auto after = before;
  after.replace(after.find("line 10\n"), 7, "line ten");

  auto const hunks = diff_hunks(before, after, 3);
  ASSERT_EQ(hunks.size(), 1u);
  auto const& hunk = hunks[0];
  // diff -u would write "@@ -7,7 +7,7 @@": lines 7..9, the change, lines 11..13.
  EXPECT_EQ(hunk.old_start, 7);
  EXPECT_EQ(hunk.old_count, 7);
  EXPECT_EQ(hunk.new_start, 7);
  EXPECT_EQ(hunk.new_count, 7);
  ASSERT_EQ(hunk.lines.size(), 8u);
  EXPECT_EQ(hunk.lines.front(), (DiffLine{kSame, "line 7", 7, 7}));
  EXPECT_EQ(hunk.lines[3], (DiffLine{kRemoved, "line 10", 10, 0}));
  EXPECT_EQ(hunk.lines[4], (DiffLine{kAdded, "line ten", 0, 10}));
  EXPECT_EQ(hunk.lines.back(), (DiffLine{kSame, "line 13", 13, 13}));

  auto const tight = diff_hunks(before, after, 0);
  ASSERT_EQ(tight.size(), 1u);
  EXPECT_EQ(tight[0].lines.size(), 2u);
  EXPECT_EQ(tight[0].old_start, 10);
  EXPECT_EQ(tight[0].new_start, 10);
}

TEST(TextDiff, HunkContextIsCutAtTheEdgesOfTheText) {
  auto const hunks = diff_hunks("a\nb\nc", "x\na\nb\nc", 3);
  ASSERT_EQ(hunks.size(), 1u);
  EXPECT_EQ(hunks[0].lines.size(), 4u);
  EXPECT_EQ(hunks[0].old_start, 1);
  EXPECT_EQ(hunks[0].old_count, 3);
  EXPECT_EQ(hunks[0].new_start, 1);
  EXPECT_EQ(hunks[0].new_count, 4);

  // Without context an insertion at the top has no old lines: diff -u writes "-0,0".
  auto const bare = diff_hunks("a\nb\nc", "x\na\nb\nc", 0);
  ASSERT_EQ(bare.size(), 1u);
  EXPECT_EQ(bare[0].old_start, 0);
  EXPECT_EQ(bare[0].old_count, 0);
  EXPECT_EQ(bare[0].new_start, 1);
  EXPECT_EQ(bare[0].new_count, 1);

  // A deletion after line 2 has no new lines: it sits after new line 1.
  auto const deleted = diff_hunks("a\nb\nc", "a\nc", 0);
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(deleted[0].old_start, 2);
  EXPECT_EQ(deleted[0].old_count, 1);
  EXPECT_EQ(deleted[0].new_start, 1);
  EXPECT_EQ(deleted[0].new_count, 0);
}

TEST(TextDiff, NearbyChangesShareAHunkAndDistantOnesDoNot) {
  auto const before = numbered_lines(30);
  auto change = [&](std::vector<int> const& numbers) {
    std::vector<std::string> lines;
    for (int i = 1; i <= 30; ++i) {
      bool const changed = std::find(numbers.begin(), numbers.end(), i) != numbers.end();
      lines.push_back(changed ? "edited " + std::to_string(i) : "line " + std::to_string(i));
    }
    return join(lines);
  };

  // Six unchanged lines between the changes: both contexts of 3 touch, so one hunk.
  auto const merged = diff_hunks(before, change({5, 12}), 3);
  ASSERT_EQ(merged.size(), 1u);
  EXPECT_EQ(merged[0].old_start, 2);
  EXPECT_EQ(merged[0].old_count, 14);  // lines 2..15
  EXPECT_EQ(merged[0].lines.size(), 16u);

  // Seven unchanged lines: two hunks, and no line shows twice.
  auto const split_apart = diff_hunks(before, change({5, 13}), 3);
  ASSERT_EQ(split_apart.size(), 2u);
  EXPECT_EQ(split_apart[0].old_start, 2);
  EXPECT_EQ(split_apart[0].old_count, 7);  // lines 2..8
  EXPECT_EQ(split_apart[1].old_start, 10);
  EXPECT_EQ(split_apart[1].old_count, 7);  // lines 10..16
  EXPECT_EQ(split_apart[1].new_start, 10);

  // group_hunks on lines already diffed gives the same hunks.
  auto const regrouped = group_hunks(diff_lines(before, change({5, 13})), 3);
  ASSERT_EQ(regrouped.size(), 2u);
  EXPECT_EQ(regrouped[1].lines, split_apart[1].lines);
}

TEST(TextDiff, WordsOfAChangedSentenceKeepNonAsciiWordsWhole) {
  auto const before = "The talks in Kyiv resumed today.";
  auto const after = "The talks in Kýiv resumed on Monday.";
  auto const spans = diff_words(before, after);
  std::vector<DiffSpan> const expected{{kSame, "The talks in "}, {kRemoved, "Kyiv"},
                                       {kAdded, "Kýiv"},         {kSame, " resumed "},
                                       {kRemoved, "today."},     {kAdded, "on Monday."}};
  EXPECT_EQ(spans, expected);
}

TEST(TextDiff, WordsSplitOnUnicodeSpacesButNeverInsideACharacter) {
  // "10 km" with a no-break space (U+00A0): the number alone changed.
  std::vector<DiffSpan> const number{{kRemoved, "10"}, {kAdded, "12"}, {kSame, "\u00A0km"}};
  EXPECT_EQ(diff_words("10\u00A0km", "12\u00A0km"), number);

  // "é" and "è" share their first byte; a byte-level split would leave half a character.
  std::vector<DiffSpan> const accent{{kSame, "le "}, {kRemoved, "café"}, {kAdded, "cafè"}};
  EXPECT_EQ(diff_words("le café", "le cafè"), accent);

  std::mt19937 rng(7);
  std::vector<std::string> const pieces{"Kyiv",   "Kýiv",   "café", "東京", "😀", " ",
                                        "\u00A0", "\u3000", "a",    "é",    "\t"};
  auto random_text = [&] {
    std::string text;
    int const count = std::uniform_int_distribution<int>(0, 12)(rng);
    for (int i = 0; i < count; ++i)
      text += pieces[std::uniform_int_distribution<std::size_t>(0, pieces.size() - 1)(rng)];
    return text;
  };
  for (int round = 0; round < 300; ++round) {
    auto const before = random_text();
    auto const after = random_text();
    auto const spans = diff_words(before, after);
    ASSERT_EQ(spans_side(spans, kAdded), before);
    ASSERT_EQ(spans_side(spans, kRemoved), after);
    for (std::size_t i = 0; i < spans.size(); ++i) {
      EXPECT_TRUE(is_valid_utf8(spans[i].text)) << spans[i].text;
      EXPECT_FALSE(spans[i].text.empty());
      if (i > 0) {
        EXPECT_NE(spans[i].op, spans[i - 1].op);
      }
    }
  }
}

TEST(TextDiff, WordsOfAReplacedPhraseFormOneSpanEachSide) {
  std::vector<DiffSpan> const expected{{kSame, "Minister "},
                                       {kRemoved, "met the envoy"},
                                       {kAdded, "cancelled her trip"},
                                       {kSame, " again"}};
  EXPECT_EQ(diff_words("Minister met the envoy again", "Minister cancelled her trip again"),
            expected);
}

TEST(TextDiff, WordsOfEqualOrEmptyLines) {
  std::vector<DiffSpan> const same{{kSame, "No change here."}};
  EXPECT_EQ(diff_words("No change here.", "No change here."), same);
  EXPECT_TRUE(diff_words("", "").empty());
  std::vector<DiffSpan> const added{{kAdded, "New line"}};
  EXPECT_EQ(diff_words("", "New line"), added);
}

TEST(TextDiff, StatsCountAddedAndRemovedLines) {
  auto const stats = diff_stats(diff_lines("a\nb\nc\nd", "a\nB\nc\nd\ne"));
  EXPECT_EQ(stats.added, 2);
  EXPECT_EQ(stats.removed, 1);
  EXPECT_EQ(diff_summary(stats), "+2 \u22121 lines");
  EXPECT_EQ(diff_summary(diff_stats(diff_lines("x", "x"))), "+0 \u22120 lines");
}

// More scattered edits than one search takes, over lines that recur on both sides so none
// can be set aside before the search: the diff goes on from where each capped search
// stopped, so it stays as short as the edits that were made instead of turning into a wall of
// removed and added lines after the first few hundred.
TEST(TextDiff, ManyScatteredEditsStayNearMinimal) {
  constexpr int kLines = 20'000;
  constexpr int kEditEvery = 5;
  constexpr int kWords = 20;
  std::mt19937 rng(5);
  std::vector<int> old_words(kLines);
  for (auto& word : old_words) word = static_cast<int>(rng() % kWords);
  auto new_words = old_words;
  int edits = 0;
  for (int i = 0; i < kLines; i += kEditEvery) {
    new_words[i] = (new_words[i] + 1 + static_cast<int>(rng() % (kWords - 1))) % kWords;
    ++edits;
  }
  auto text = [](std::vector<int> const& words) {
    std::vector<std::string> lines;
    lines.reserve(words.size());
    for (int word : words) lines.push_back("word " + std::to_string(word));
    return join(lines);
  };
  auto const before = text(old_words);
  auto const after = text(new_words);
  auto const lines = diff_lines(before, after);
  ASSERT_EQ(before_of(lines), before);
  ASSERT_EQ(after_of(lines), after);
  expect_numbering(lines);
  // Replacing each edited line is one script of this length; a minimal one is no longer.
  auto const stats = diff_stats(lines);
  EXPECT_LE(stats.added + stats.removed, 2 * edits);
}

// Two 2 MB bodies with no line in common, as when a piece is rewritten from scratch: the
// diff finishes and is exactly "everything removed, everything added".
TEST(TextDiff, TotallyDifferentTwoMegabyteTextsFinishWithACorrectDiff) {
  constexpr std::size_t kBytes = std::size_t{2} * 1024 * 1024;
  std::mt19937 rng(42);
  auto random_text = [&](char first_letter) {
    std::string text;
    text.reserve(kBytes + 100);
    std::uniform_int_distribution<int> letter(0, 12);
    std::uniform_int_distribution<int> length(10, 70);
    while (text.size() < kBytes) {
      if (!text.empty()) text += '\n';
      int const n = length(rng);
      for (int i = 0; i < n; ++i) text += static_cast<char>(first_letter + letter(rng));
    }
    return text;
  };
  auto const before = random_text('a');
  auto const after = random_text('n');
  auto const lines = diff_lines(before, after);
  ASSERT_EQ(before_of(lines), before);
  ASSERT_EQ(after_of(lines), after);
  expect_numbering(lines);
  auto const stats = diff_stats(lines);
  EXPECT_EQ(static_cast<std::size_t>(stats.removed), lines_of(before).size());
  EXPECT_EQ(static_cast<std::size_t>(stats.added), lines_of(after).size());
}

// A million one-letter lines from a two-letter alphabet match almost anywhere, the worst case
// for the search: it runs out of its step budget, and the diff must still rebuild both texts.
TEST(TextDiff, TwoMegabytesOfShortRepetitiveLinesFinishWithACorrectDiff) {
  constexpr std::size_t kLines = std::size_t{1024} * 1024;
  std::mt19937 rng(99);
  auto random_text = [&] {
    std::string text;
    text.reserve(2 * kLines);
    for (std::size_t i = 0; i < kLines; ++i) {
      if (i > 0) text += '\n';
      text += static_cast<char>('a' + (rng() & 1));
    }
    return text;
  };
  auto const before = random_text();
  auto const after = random_text();
  auto const lines = diff_lines(before, after);
  ASSERT_EQ(before_of(lines), before);
  ASSERT_EQ(after_of(lines), after);
}

}  // namespace
}  // namespace dossier::core
