// find_figures and NumberLexicon: the exact cases of tests/fixtures/insight/figures/cases.txt,
// byte spans in UTF-8 text, the lexicon's parse errors and case rules, and recall and precision
// on the dev set (tests/fixtures/insight/dev).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "insight/figures.hpp"
#include "support/test_paths.hpp"

namespace dossier::insight {
namespace {

namespace fs = std::filesystem;

// The dev set's bar (see the task this extractor was written for) and this extractor's own
// precision floor, so a change that floods the output with non-figures shows up too.
constexpr double kMinDevRecall = 0.85;
constexpr double kMinDevPrecision = 0.90;
// The scorer's tolerance (src/insight/evaluation.hpp): values within 0.1% of the gold value.
constexpr double kValueTolerance = 1e-3;
constexpr double kAbsoluteTolerance = 1e-9;

fs::path test_dir() {
  return fs::path(::dossier::test::test_dir());
}

std::string read_file(fs::path const& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

NumberLexicon const& lexicon() {
  static NumberLexicon const lexicon =
      NumberLexicon::parse(read_file(test_dir() / "../src/insight/data/number_words.tsv"),
                           read_file(test_dir() / "../src/insight/data/figure_exclusions.txt"));
  return lexicon;
}

bool close_to(double value, double expected) {
  double const difference = std::abs(value - expected);
  return difference <= kValueTolerance * std::abs(expected) || difference <= kAbsoluteTolerance;
}

// --- the fixture cases ------------------------------------------------------------------------

struct ExpectedFigure {
  std::string text;
  double value = 0;
  std::string what;
  std::string unit;  // durations only
};

struct Case {
  int line = 0;
  std::string comment;
  std::string input;
  std::vector<ExpectedFigure> figures;
};

std::string trim(std::string_view text) {
  auto const first = text.find_first_not_of(' ');
  if (first == std::string_view::npos) return {};
  auto const last = text.find_last_not_of(' ');
  return std::string(text.substr(first, last - first + 1));
}

std::string unescape_newlines(std::string_view text) {
  std::string out;
  for (std::size_t at = 0; at < text.size(); ++at) {
    if (text[at] == '\\' && at + 1 < text.size() && text[at + 1] == 'n') {
      out += '\n';
      ++at;
    } else {
      out += text[at];
    }
  }
  return out;
}

std::vector<Case> load_cases(fs::path const& path) {
  std::vector<Case> cases;
  std::istringstream in(read_file(path));
  std::string line;
  std::string comment;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.starts_with("# ")) {
      comment = line.substr(2);
    } else if (line.starts_with("> ")) {
      cases.push_back(Case{number, comment, unescape_newlines(line.substr(2)), {}});
    } else if (line.starts_with("= ")) {
      if (cases.empty())
        throw std::runtime_error("figure before any case, line " + std::to_string(number));
      std::string_view rest(line);
      rest.remove_prefix(2);
      auto const bar1 = rest.find(" | ");
      auto const bar2 = rest.find(" |", bar1 + 3);
      if (bar1 == std::string_view::npos || bar2 == std::string_view::npos) {
        throw std::runtime_error("malformed figure, line " + std::to_string(number));
      }
      ExpectedFigure figure;
      figure.text = trim(rest.substr(0, bar1));
      figure.value = std::stod(std::string(rest.substr(bar1 + 3, bar2 - bar1 - 3)));
      auto const rest_what = rest.substr(std::min(rest.size(), bar2 + 2));
      auto const bar3 = rest_what.find(" | ");
      figure.what = trim(rest_what.substr(0, bar3));
      if (bar3 != std::string_view::npos) figure.unit = trim(rest_what.substr(bar3 + 3));
      cases.back().figures.push_back(figure);
    }
  }
  return cases;
}

TEST(FindFigures, FixtureCases) {
  auto const cases = load_cases(test_dir() / "fixtures/insight/figures/cases.txt");
  ASSERT_GT(cases.size(), 40u);
  for (Case const& c : cases) {
    SCOPED_TRACE("cases.txt line " + std::to_string(c.line) + " (" + c.comment + "): " + c.input);
    auto const figures = find_figures(c.input, lexicon());
    std::string got;
    for (Figure const& f : figures)
      got += "\n  " + f.text + " | " + std::to_string(f.value) + " | " + f.what + " | " + f.unit;
    ASSERT_EQ(figures.size(), c.figures.size()) << "found:" << got;
    for (std::size_t k = 0; k < figures.size(); ++k) {
      EXPECT_EQ(figures[k].text, c.figures[k].text);
      EXPECT_TRUE(close_to(figures[k].value, c.figures[k].value))
          << figures[k].value << " vs " << c.figures[k].value;
      EXPECT_EQ(figures[k].what, c.figures[k].what);
      EXPECT_EQ(figures[k].unit, c.figures[k].unit);
      EXPECT_FALSE(figures[k].source.has_value());
    }
  }
}

// --- spans and text ---------------------------------------------------------------------------

TEST(FindFigures, SpansAreByteOffsetsInUtf8Text) {
  // Curly quotes, accents, an em dash and a character outside the BMP before the figures.
  std::string const text =
      "Bogotá’s “vote” — 𝐀 record\n\nÉlise said 1,550 deployed warheads and €50 billion.";
  auto const figures = find_figures(text, lexicon());
  ASSERT_EQ(figures.size(), 2u);
  EXPECT_EQ(figures[0].text, "1,550 deployed warheads");
  EXPECT_EQ(figures[0].span.begin, text.find("1,550"));
  EXPECT_EQ(figures[1].text, "€50 billion");
  EXPECT_EQ(figures[1].span.begin, text.find("€50"));
  for (Figure const& f : figures) {
    EXPECT_EQ(text.substr(f.span.begin, f.span.end - f.span.begin), f.text);
  }
}

TEST(FindFigures, RepeatedFiguresAreEachReported) {
  auto const figures = find_figures("It fell 5 percent, then 5 percent again.", lexicon());
  ASSERT_EQ(figures.size(), 2u);
  EXPECT_LT(figures[0].span.begin, figures[1].span.begin);
}

TEST(FindFigures, EmptyAndMalformedText) {
  EXPECT_TRUE(find_figures("", lexicon()).empty());
  // Invalid UTF-8 keeps its bytes; the offsets after it stay right.
  std::string const text = "bad \xff\xfe byte, then 40 percent.";
  auto const figures = find_figures(text, lexicon());
  ASSERT_EQ(figures.size(), 1u);
  EXPECT_EQ(figures[0].span.begin, text.find("40"));
  EXPECT_EQ(figures[0].text, "40 percent");
}

// --- the lexicon ------------------------------------------------------------------------------

TEST(FigureLexicon, ParsesTermsAndCaseRules) {
  auto const lex = NumberLexicon::parse(
      "# header\nbn\t1e9\tscale\nMW\tMW\tunit\nper cent\tpercent\tpercent\nUS$\tUSD\tcurrency\n"
      "hours\thours\tduration\n",
      "# header\nold\tage_suffix\n");
  ASSERT_EQ(lex.terms().size(), 6u);
  EXPECT_NE(lex.find("BN", NumberKind::Scale), nullptr);  // lower case: any case
  EXPECT_NE(lex.find("MW", NumberKind::Unit), nullptr);
  EXPECT_EQ(lex.find("mw", NumberKind::Unit), nullptr);  // a capital: exactly as written
  EXPECT_EQ(lex.find("bn", NumberKind::Unit), nullptr);  // the kind must match
  NumberTerm const* dollar = lex.find("US$", NumberKind::Currency);
  ASSERT_NE(dollar, nullptr);
  EXPECT_EQ(dollar->pieces, (std::vector<std::string>{"US", "$"}));
  ASSERT_EQ(dollar->joined.size(), 2u);
  EXPECT_TRUE(dollar->joined[1]);  // "$" follows "US" without a space
  EXPECT_NE(lex.find("per cent", NumberKind::Percent), nullptr);
  EXPECT_EQ(lex.find("percent", NumberKind::Percent), nullptr);
  EXPECT_NE(lex.find("Hours", NumberKind::Duration), nullptr);
  EXPECT_EQ(lex.find("Hours", NumberKind::Duration)->value, "hours");  // the unit it reports
  EXPECT_NE(lex.find("old", NumberKind::AgeSuffix), nullptr);
}

TEST(FigureLexicon, MalformedLinesNameTheirLine) {
  auto const message = [](std::string_view words, std::string_view exclusions = {}) {
    try {
      NumberLexicon::parse(words, exclusions);
    } catch (std::invalid_argument const& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("# h\nbn\t1e9\n").find("line 2"), std::string::npos);
  EXPECT_NE(message("# h\n\nbn\t1e9\tsize\n").find("line 3"), std::string::npos);
  EXPECT_NE(message("million\tlots\tscale\n").find("not a number"), std::string::npos);
  EXPECT_NE(message("pc\thalf\tpercent\n").find("line 1"), std::string::npos);
  EXPECT_NE(message("\tUSD\tcurrency\n").find("empty term"), std::string::npos);
  EXPECT_NE(message("", "# h\nold\tage_suffix\textra\n").find("line 2"), std::string::npos);
  EXPECT_NE(message("", "hours\ttime\n").find("unknown kind"), std::string::npos);
  // Durations moved to number_words.tsv (issue 19): they carry their unit there.
  EXPECT_NE(message("", "hours\tduration\n").find("unknown kind"), std::string::npos);
}

TEST(FigureLexicon, TheDataFilesParse) {
  EXPECT_GT(lexicon().terms().size(), 400u);
  EXPECT_EQ(NumberLexicon::embedded().terms().size(), lexicon().terms().size());
  EXPECT_NE(lexicon().find("two-thirds", NumberKind::Fraction), nullptr);
  EXPECT_NE(lexicon().find("October", NumberKind::Month), nullptr);
}

// --- the dev set ------------------------------------------------------------------------------

std::string normalized(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string first_token(std::string const& normalized_text) {
  return normalized_text.substr(0, normalized_text.find(' '));
}

struct GoldNumber {
  std::string text;
  double value = 0;
};

// The scorer's rule (src/insight/evaluation.hpp): values within 0.1%, and one text contains the
// other or both start with the same token.
bool finds(Figure const& figure, GoldNumber const& gold) {
  if (!close_to(figure.value, gold.value)) return false;
  auto const mine = normalized(figure.text);
  auto const theirs = normalized(gold.text);
  return mine.find(theirs) != std::string::npos || theirs.find(mine) != std::string::npos ||
         first_token(mine) == first_token(theirs);
}

TEST(FindFigures, DevSetRecallAndPrecision) {
  fs::path const dir = test_dir() / "fixtures/insight/dev";
  std::vector<fs::path> documents;
  for (auto const& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".txt") documents.push_back(entry.path());
  }
  std::sort(documents.begin(), documents.end());
  ASSERT_GE(documents.size(), 16u);  // the set grows (issue 19: 17-40 in wire style)

  int found_total = 0;
  int gold_total = 0;
  int right_total = 0;
  int predicted_total = 0;
  for (fs::path const& path : documents) {
    std::string const text = read_file(path);
    fs::path gold_path = path;
    gold_path.replace_extension(".json");
    auto const json = nlohmann::json::parse(read_file(gold_path));
    std::vector<GoldNumber> gold;
    for (auto const& number : json.at("numbers")) {
      gold.push_back({number.at("text").get<std::string>(), number.at("value").get<double>()});
    }
    auto const figures = find_figures(text, lexicon());

    // Recall, one to one: equal texts first, then the general rule.
    std::vector<bool> used(figures.size(), false);
    std::vector<bool> found(gold.size(), false);
    for (int pass = 0; pass < 2; ++pass) {
      for (std::size_t g = 0; g < gold.size(); ++g) {
        for (std::size_t f = 0; f < figures.size() && !found[g]; ++f) {
          bool const same_text = normalized(figures[f].text) == normalized(gold[g].text);
          if (used[f] || (pass == 0 && !same_text) || !finds(figures[f], gold[g])) continue;
          used[f] = true;
          found[g] = true;
        }
      }
    }
    // Precision: a figure is right when it matches some gold number (gold lists each text once,
    // the text may repeat it).
    int right = 0;
    std::string wrong;
    for (Figure const& figure : figures) {
      bool const ok = std::any_of(gold.begin(), gold.end(),
                                  [&](GoldNumber const& g) { return finds(figure, g); });
      right += ok ? 1 : 0;
      if (!ok) wrong += " [" + figure.text + "]";
    }
    std::string missed;
    for (std::size_t g = 0; g < gold.size(); ++g) {
      if (!found[g]) missed += " [" + gold[g].text + "]";
    }
    int const found_count = static_cast<int>(std::count(found.begin(), found.end(), true));
    std::string const name = path.stem().string();
    std::cout << "dev " << name << ": recall " << found_count << "/" << gold.size()
              << ", precision " << right << "/" << figures.size();
    if (!missed.empty()) std::cout << "; missed" << missed;
    if (!wrong.empty()) std::cout << "; not in gold" << wrong;
    std::cout << "\n";
    RecordProperty("recall_" + name,
                   std::to_string(found_count) + "/" + std::to_string(gold.size()));
    RecordProperty("precision_" + name,
                   std::to_string(right) + "/" + std::to_string(figures.size()));
    found_total += found_count;
    gold_total += static_cast<int>(gold.size());
    right_total += right;
    predicted_total += static_cast<int>(figures.size());
  }
  double const recall = static_cast<double>(found_total) / gold_total;
  double const precision =
      predicted_total == 0 ? 0.0 : static_cast<double>(right_total) / predicted_total;
  std::cout << std::fixed << std::setprecision(3) << "dev overall: recall " << recall << " ("
            << found_total << "/" << gold_total << "), precision " << precision << " ("
            << right_total << "/" << predicted_total << ")\n";
  RecordProperty("recall", std::to_string(recall));
  RecordProperty("precision", std::to_string(precision));
  EXPECT_GE(recall, kMinDevRecall);
  EXPECT_GE(precision, kMinDevPrecision);
}

}  // namespace
}  // namespace dossier::insight
