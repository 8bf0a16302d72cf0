#pragma once

// The figure extractor of the insight analyzer: counts (in digits, in words, and vague quantities
// such as "hundreds of"), money, percentages, fractions, durations and quantities with units,
// found with ICU's word break iterator and the vocabulary of src/insight/data/number_words.tsv
// and figure_exclusions.txt. The annotation conventions it
// follows are those of tests/fixtures/insight/dev/README.md ("Numbers"), as issue 19 changed them
// (durations and vague quantities are figures; noise such as "two patterns" is not).

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "insight/analysis.hpp"

namespace dossier::insight {

// The kinds of number_words.tsv (Scale ... Duration) and of figure_exclusions.txt (the rest).
enum class NumberKind {
  Scale,
  Number,
  Approx,
  Fraction,
  Percent,
  Currency,
  Unit,
  Counted,
  Duration,
  Month,
  Clock,
  Age,
  AgeSuffix,
  Ordinal,
  Idiom,
  Determiner,
  Size,
  Per,
  Partitive,
  Stop,
  Discourse,
  Hedge,
  Hyperbole,
  Rounding,
  Anchor,
  Period,
  CountVerb,
  Tally,
};

// One line of a lexicon file.
struct NumberTerm {
  std::string text;   // as written in the file: "per cent", "US$", "two-thirds"
  std::string value;  // column 2 of number_words.tsv ("1e6", "USD", "km", "percent", "days"); empty
                      // for figure_exclusions.txt
  NumberKind kind = NumberKind::Stop;
  // The term split as the word break iterator splits text ("US$" is "US" + "$"), and for each
  // piece whether it follows the previous one without white space.
  std::vector<std::string> pieces;
  std::vector<bool> joined;
  // An all-lower-case term matches case-insensitively; one with a capital matches exactly.
  bool exact_case = false;
};

// The number words, scales, currencies, units, durations and counted nouns of number_words.tsv,
// with the words of figure_exclusions.txt that keep dates, ages, idioms and noise out.
class NumberLexicon {
 public:
  // Parses the files' text; throws std::invalid_argument with the line number on a malformed
  // line (wrong column count, unknown kind, a value that is not a number where one is needed).
  // Without `exclusions` there are no dates, durations, ages or function words to go by, so
  // the analyzer should always pass figure_exclusions.txt (as embedded() does).
  static NumberLexicon parse(std::string_view number_words, std::string_view exclusions = {});
  // The two files compiled into the binary (embedded_data in insight/lexicon.hpp), parsed once.
  static NumberLexicon const& embedded();

  std::span<NumberTerm const> terms() const { return terms_; }
  // Indices into terms() of the terms whose first piece is `first_piece`, folded to lower case
  // for terms that match case-insensitively; longest terms first.
  std::span<std::size_t const> starting_with(std::string const& folded_first_piece) const;
  // The first term of `kind` written exactly as `text` would match (same case rules), if any.
  NumberTerm const* find(std::string_view text, NumberKind kind) const;

 private:
  std::vector<NumberTerm> terms_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_first_piece_;
};

// Every figure in `text` (UTF-8), in order: numbers with what they count. Figure::source is
// left empty (the caller attributes figures). Figure::what is the counted noun as written
// ("warheads", "them" in "three of them"), a currency code ("USD", "USD per barrel"), "percent"
// (or "percentage points", "basis points"), "fraction", a unit symbol ("km", "bbl/d"), for a
// duration the thing that lasted ("siege" in "a 14-month siege") or else its unit word as written
// ("days"), or empty when the noun is elided ("more than 12 million"). Figure::unit is set for
// durations only ("days", "months", "century").
std::vector<Figure> find_figures(std::string_view text, NumberLexicon const& lexicon);

}  // namespace dossier::insight
