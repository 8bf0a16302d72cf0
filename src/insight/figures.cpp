#include "insight/figures.hpp"

#include "insight/lexicon.hpp"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include "insight/figure_pieces.hpp"

namespace dossier::insight {
namespace {

using namespace figure_text;

// Limits of the grammar. A count's noun phrase rarely has more than three modifiers ("1,400
// additional advanced IR-6 centrifuges"); longer runs are sentences, not noun phrases.
constexpr std::size_t kMaxNounWords = 5;
constexpr std::size_t kMaxScales = 2;  // "two hundred thousand"
// A plain four-digit number in this range is read as a year ("in 2010", "the 2015 deal") unless a
// percent sign, unit, currency or counted noun of the lexicon follows it.
constexpr double kFirstYear = 1800;
constexpr double kLastYear = 2100;
constexpr std::size_t kYearDigits = 4;
// Spelled-out tens that take a hyphenated unit ("twenty-five").
constexpr double kFirstTens = 20;
constexpr double kLastTens = 90;
// A number with thousands separators and no noun ("more than 240,000 were displaced") is still a
// figure: separators are not written in years, ages, scores or identifiers.
constexpr double kFirstGroupedBare = 1000;
// A hedged bare number ("at least 45 were killed") is a figure from this value up: below it,
// "more than two" and "about 5" are rarely counts.
constexpr double kFirstHedgedBare = 10;
// The noun a hyphenated duration modifies has at most this many words ("three-year prison
// sentence").
constexpr std::size_t kMaxModifiedWords = 3;
// A tally word ("the toll stood at 155") announces a bare count at most this many pieces later.
constexpr std::size_t kTallyReach = 3;
// A percentage of the whole or more after "give" is a manner of speaking ("gave 110 percent").
constexpr double kWholePercent = 100;

// Matching terms against the pieces of a text.

using KindSet = unsigned;

constexpr KindSet kinds(std::initializer_list<NumberKind> list) {
  KindSet set = 0;
  for (NumberKind kind : list) set |= 1U << static_cast<unsigned>(kind);
  return set;
}

constexpr bool in(KindSet set, NumberKind kind) {
  return (set & (1U << static_cast<unsigned>(kind))) != 0;
}

// Words that end the noun phrase after a number.
constexpr KindSet kPhraseEnders =
    kinds({NumberKind::Stop, NumberKind::Per, NumberKind::Partitive, NumberKind::Duration,
           NumberKind::Month, NumberKind::Clock, NumberKind::Scale, NumberKind::Number,
           NumberKind::Approx, NumberKind::Fraction, NumberKind::Percent});

struct Match {
  NumberTerm const* term = nullptr;
  std::size_t end = 0;  // one past the last piece
};

// A figure's end: where the text stops and what it counts.
enum class Tail { None, Noun, Compound, Counted, Unit, Percent, Money, Duration };

struct Amount {
  std::size_t begin = 0;  // first piece (a currency sign when there is one)
  std::size_t end = 0;    // one past the last piece read (number and scales)
  double value = 0;
  bool spelled = false;    // a number word ("four")
  bool plain = false;      // digits only, no grouping or decimals ("2231")
  bool grouped = false;    // digits with thousands separators ("240,000")
  std::size_t length = 0;  // characters of the number, separators included
  bool scaled = false;
  bool determiner = false;                  // "one": a figure only with a scale or a unit
  NumberTerm const* suffix_unit = nullptr;  // "10km", "5pct"
  NumberTerm const* currency = nullptr;     // a sign or code before the number
};

struct Numeral {
  double value = 0;
  std::string_view suffix;  // letters glued to the digits ("m" in "3m", "th" in "25th")
  bool plain = false;       // digits only: no separators, no decimals
  bool grouped = false;     // thousands separators ("240,000")
  std::size_t length = 0;   // of the number without its suffix
};

// Digits with optional thousands separators and decimals, then optional letters: "1,550",
// "47.60", "3m". Separators must group by three.
std::optional<Numeral> parse_numeral(std::string_view text) {
  Numeral numeral;
  std::string digits;
  std::size_t at = 0;
  std::size_t group = 0;
  bool grouped = false;
  bool decimals = false;
  while (at < text.size()) {
    char const c = text[at];
    if (c >= '0' && c <= '9') {
      digits += c;
      ++group;
      ++at;
      continue;
    }
    if (c == ',' && !decimals && at + 1 < text.size() && text[at + 1] >= '0' &&
        text[at + 1] <= '9') {
      if ((grouped && group != 3) || (!grouped && (group == 0 || group > 3))) return std::nullopt;
      grouped = true;
      group = 0;
      ++at;
      continue;
    }
    if (c == '.' && !decimals && at + 1 < text.size() && text[at + 1] >= '0' &&
        text[at + 1] <= '9') {
      if (grouped && group != 3) return std::nullopt;
      grouped = false;
      decimals = true;
      digits += c;
      group = 0;
      ++at;
      continue;
    }
    break;
  }
  if (grouped && group != 3) return std::nullopt;
  numeral.suffix = text.substr(at);
  for (char c : numeral.suffix) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return std::nullopt;
  }
  numeral.value = to_number(digits);
  numeral.grouped = text.substr(0, at).find(',') != std::string_view::npos;
  numeral.plain = !decimals && !numeral.grouped;
  numeral.length = at;
  return numeral;
}

bool looks_plural(std::string_view word) {
  if (word.size() < 3 || word.back() != 's') return false;
  auto const before = word[word.size() - 2];
  return before != 's' && before != 'u' && before != 'i' && before != '\'';
}

bool is_possessive(std::string_view word) {
  return word.ends_with("'s") || word.ends_with("\u2019s") || word.ends_with("'") ||
         word.ends_with("\u2019");
}

// A plural for a noun taken from a hyphenated modifier ("35-nation" counts nations).
std::string plural(std::string word) {
  auto const ends = [&](std::string_view end) { return word.ends_with(end); };
  if (ends("s") || ends("x") || ends("z") || ends("ch") || ends("sh")) return word + "es";
  if (word.size() > 1 && ends("y") &&
      std::string_view("aeiou").find(word[word.size() - 2]) == std::string_view::npos) {
    return word.substr(0, word.size() - 1) + "ies";
  }
  return word + "s";
}

std::string_view percent_what(std::string_view value) {
  if (value == "point") return "percentage points";
  if (value == "basis_point") return "basis points";
  return "percent";
}

// The reading of one text.
class Scanner {
 public:
  Scanner(std::string_view text, NumberLexicon const& lexicon)
      : text_(text), lexicon_(lexicon), pieces_(split_pieces(text)) {
    // Each piece's candidate terms, looked up once: the rules ask match() about the same
    // piece many times (before, after, at every span), and hashing the piece's text for each
    // ask was a fifth of the analyzer's time (perf, issue 19).
    candidates_.reserve(pieces_.size());
    for (auto const& piece : pieces_) candidates_.push_back(lexicon_.starting_with(piece.folded));
  }

  std::vector<Figure> run() {
    for (std::size_t at = 0; at < pieces_.size(); ++at) {
      if (at < next_free_) continue;
      scan_at(at);
    }
    return std::move(figures_);
  }

 private:
  // The longest term of one of `set` that starts at piece `at`.
  std::optional<Match> match(std::size_t at, KindSet set) const {
    if (at >= pieces_.size()) return std::nullopt;
    for (std::size_t index : candidates_[at]) {
      NumberTerm const& term = lexicon_.terms()[index];
      if (!in(set, term.kind) || at + term.pieces.size() > pieces_.size()) continue;
      bool ok = true;
      for (std::size_t k = 0; k < term.pieces.size() && ok; ++k) {
        Piece const& piece = pieces_[at + k];
        if (k > 0 && piece.gap != (term.joined[k] ? Gap::None : Gap::Space)) ok = false;
        if (ok && !piece_matches(piece, term, k)) ok = false;
      }
      if (ok) return Match{&term, at + term.pieces.size()};
    }
    return std::nullopt;
  }

  // Whether a term of `set` ends with piece `last`.
  bool ends_with(std::size_t last, KindSet set) const {
    for (std::size_t span = 1; span <= kMaxTermPieces && span <= last + 1; ++span) {
      auto const m = match(last + 1 - span, set);
      if (m && m->end == last + 1) return true;
    }
    return false;
  }

  // Whether pieces [first, end) stand alone in parentheses, hedges aside: "(about 70%)".
  bool alone_in_parentheses(std::size_t first, std::size_t end) const {
    if (end >= pieces_.size() || pieces_[end].text != ")") return false;
    std::size_t before = first;
    for (bool stepped = true; stepped && before > 0;) {
      stepped = false;
      for (std::size_t span = 1; span <= kMaxTermPieces && span <= before; ++span) {
        auto const m = match(before - span, kinds({NumberKind::Hedge}));
        if (m && m->end == before) {
          before -= span;
          stepped = true;
          break;
        }
      }
    }
    // "over", "under", "below", "above" are not hedges elsewhere ("over two days", "people over
    // 45"), but inside such parentheses they only qualify the share.
    constexpr std::string_view kComparisons[] = {"over", "under", "below", "above"};
    if (before > 0 && std::find(std::begin(kComparisons), std::end(kComparisons),
                                pieces_[before - 1].folded) != std::end(kComparisons)) {
      --before;
    }
    return before > 0 && pieces_[before - 1].text == "(";
  }

  bool next_is(std::size_t at, std::string_view text, Gap gap) const {
    return at < pieces_.size() && pieces_[at].text == text && pieces_[at].gap == gap;
  }

  // Does a piece start a sentence (or the title, or a quotation)?
  bool sentence_initial(std::size_t at) const {
    if (at == 0 || pieces_[at].gap == Gap::Paragraph) return true;
    static constexpr std::string_view kOpeners[] = {
        ".", "!", "?", ":", ";", "\"", "\u201C", "\u2018", "(", "\u2014", "\u2013"};
    auto const before = pieces_[at - 1].text;
    return std::find(std::begin(kOpeners), std::end(kOpeners), before) != std::end(kOpeners);
  }

  std::string_view slice(std::size_t first, std::size_t end) const {
    return text_.substr(pieces_[first].begin, pieces_[end - 1].end - pieces_[first].begin);
  }

  void emit(std::size_t first, std::size_t end, double value, std::string what,
            std::string unit = {}) {
    Figure figure;
    figure.text = std::string(slice(first, end));
    figure.span = Span{pieces_[first].begin, pieces_[end - 1].end};
    figure.value = value;
    figure.what = std::move(what);
    figure.unit = std::move(unit);
    figures_.push_back(std::move(figure));
    next_free_ = end;
  }

  void skip(std::size_t end) { next_free_ = std::max(next_free_, end); }

  void scan_at(std::size_t at) {
    if (auto const idiom = match(at, kinds({NumberKind::Idiom}))) return skip(idiom->end);
    if (auto const approx = match(at, kinds({NumberKind::Approx}))) return scan_approx(at, *approx);
    if (scan_article_duration(at)) return;
    if (auto const fraction = match(at, kinds({NumberKind::Fraction}))) {
      if (scan_fraction(at, *fraction)) return;
    }
    auto amount = read_amount(at);
    if (!amount) return;
    finish(*amount);
  }

  // Vague quantities are figures at their lower round number (issue 19): "hundreds of
  // protesters" (100), "tens of thousands of refugees" (10000), "millions of dollars" (money),
  // "hundreds of years" (a duration), or alone ("thousands fled"). After a determiner they are
  // not a quantity: "in the thousands", "in their hundreds".
  void scan_approx(std::size_t at, Match const& approx) {
    static constexpr std::string_view kDeterminers[] = {"the", "their", "its", "his", "her", "our"};
    if (at > 0 && pieces_[at].gap != Gap::Paragraph &&
        std::find(std::begin(kDeterminers), std::end(kDeterminers), pieces_[at - 1].folded) !=
            std::end(kDeterminers)) {
      return skip(approx.end);
    }
    double const value = to_number(approx.term->value);
    std::size_t const end = approx.end;
    if (end < pieces_.size() && pieces_[end].gap == Gap::Space && pieces_[end].folded == "of") {
      std::size_t const after = end + 1;
      if (auto const money = follows(after, kinds({NumberKind::Currency}));
          money && !money->term->exact_case && has_letters(money->term->text)) {
        return emit(at, money->end, value, money->term->value);
      }
      auto const phrase = read_noun_phrase(after, true);
      if (phrase.duration) {
        return emit(at, phrase.end, value, phrase.head, phrase.unit);
      }
      if (phrase.words > 0 && !phrase.discourse) return emit(at, phrase.end, value, phrase.head);
    }
    emit(at, end, value, "");
  }

  // "a century", "nearly a year": a duration of one unit. A decade or a century stands alone; a
  // shorter unit needs a hedge before it, since "a year" is most often a rate ("$22 billion a
  // year", "18 inspections a year") or a point in time ("a year ago").
  bool scan_article_duration(std::size_t at) {
    auto const& word = pieces_[at].folded;
    if (word != "a" && word != "an") return false;
    auto const unit = follows(at + 1, kinds({NumberKind::Duration}));
    if (!unit || next_is(unit->end, "-", Gap::None)) return false;
    if (follows(unit->end, kinds({NumberKind::AgeSuffix, NumberKind::Anchor}))) return false;
    auto const& value = unit->term->value;
    bool const long_unit = value == "decades" || value == "century" || value == "millennium";
    bool const hedged = at > 0 && pieces_[at].gap != Gap::Paragraph &&
                        ends_with(at - 1, kinds({NumberKind::Hedge, NumberKind::Period}));
    // "a second" is most often an ordinal ("for a second time").
    if ((!long_unit && !hedged) || value == "seconds") return false;
    emit(at, unit->end, 1, std::string(slice(at + 1, unit->end)), value);
    return true;
  }

  // "two-thirds", "a third", "half". Returns false when the fraction starts an amount ("half a
  // million"), which the caller then reads.
  bool scan_fraction(std::size_t at, Match const& fraction) {
    auto const end = fraction.end;
    if (at > 0 && pieces_[at].gap != Gap::Paragraph &&
        ends_with(at - 1, kinds({NumberKind::Ordinal}))) {
      skip(end);  // "the first half of the year"
      return true;
    }
    if (next_is(end, "-", Gap::None)) {
      skip(end);  // "half-hour", "half-brother"
      return true;
    }
    if (at >= 2 && pieces_[at].gap == Gap::Space && pieces_[at - 1].gap == Gap::Space &&
        match(at - 1, kinds({NumberKind::Stop})) &&
        (pieces_[at - 2].kind == PieceKind::Number ||
         ends_with(at - 2, kinds({NumberKind::Number})))) {
      skip(end);  // part of a mixed number: "two and a half years"
      return true;
    }
    if (auto const a = match(end, kinds({NumberKind::Per}));
        a && match(a->end, kinds({NumberKind::Scale, NumberKind::Duration}))) {
      return false;  // "half a million", "half a century"
    }
    // "a third" before a noun is an ordinal ("a third term", "a quarter century"); before a
    // participle or a function word it is a share ("a third funded", "by a third in").
    bool const article_form = fraction.term->pieces.size() > 1 &&
                              lexicon_.find(fraction.term->pieces[0], NumberKind::Per) != nullptr;
    if (article_form && end < pieces_.size() && pieces_[end].kind == PieceKind::Word &&
        pieces_[end].gap == Gap::Space &&
        !match(end, kinds({NumberKind::Stop, NumberKind::Per, NumberKind::Partitive})) &&
        !pieces_[end].folded.ends_with("ed")) {
      skip(end);
      return true;
    }
    emit(at, end, to_number(fraction.term->value), "fraction");
    return true;
  }

  // A number with its currency sign and scales: "$1.2 billion", "127,000", "four", "3m".
  std::optional<Amount> read_amount(std::size_t at) {
    Amount amount;
    amount.begin = at;
    std::size_t number = at;
    if (pieces_[at].kind != PieceKind::Number) {
      if (auto const sign = match(at, kinds({NumberKind::Currency}))) {
        // Symbols and codes precede the number, words follow it (number_words.tsv): a term
        // with a capital or without letters ("$", "US$", "USD", "Rs") may stand before it.
        if (sign->term->exact_case || !has_letters(sign->term->text)) {
          if (sign->end < pieces_.size() && pieces_[sign->end].kind == PieceKind::Number &&
              pieces_[sign->end].gap != Gap::Paragraph) {
            amount.currency = sign->term;
            number = sign->end;
          }
        }
      }
    }
    Piece const& piece = pieces_[number];
    std::size_t end = number + 1;
    if (piece.kind == PieceKind::Number) {
      auto const numeral = parse_numeral(piece.text);
      if (!numeral) return skip_none(end);
      if (glued_identifier(number, end)) return skip_none(end);
      amount.value = numeral->value;
      amount.plain = numeral->plain && numeral->suffix.empty();
      amount.grouped = numeral->grouped;
      amount.length = numeral->length;
      if (!numeral->suffix.empty()) {
        if (auto const* scale = lexicon_.find(numeral->suffix, NumberKind::Scale)) {
          amount.value *= to_number(scale->value);
          amount.scaled = true;
        } else if (auto const* unit =
                       find_any(numeral->suffix, kinds({NumberKind::Unit, NumberKind::Percent}))) {
          amount.suffix_unit = unit;
        } else {
          return skip_none(end);  // "25th", "3D"
        }
      }
    } else if (auto const fraction = match(number, kinds({NumberKind::Fraction}))) {
      // "half a million": the fraction times the scale after the article.
      auto const a = match(fraction->end, kinds({NumberKind::Per}));
      if (!a) return std::nullopt;
      amount.value = to_number(fraction->term->value);
      amount.spelled = true;
      end = a->end;
    } else if (auto const word = match(number, kinds({NumberKind::Number}))) {
      if (piece.capitalized && !sentence_initial(number)) {
        return skip_none(word->end);  // part of a name: "Group of Seven"
      }
      amount.value = to_number(word->term->value);
      amount.spelled = true;
      end = word->end;
      auto const determiner = match(number, kinds({NumberKind::Determiner}));
      amount.determiner = determiner && determiner->end == end;
      // "twenty-five"
      if (amount.value >= kFirstTens && amount.value <= kLastTens && next_is(end, "-", Gap::None) &&
          end + 1 < pieces_.size() && pieces_[end + 1].gap == Gap::None) {
        if (auto const unit = match(end + 1, kinds({NumberKind::Number}))) {
          double const ones = to_number(unit->term->value);
          if (ones >= 1 && ones <= 9) {
            amount.value += ones;
            amount.determiner = false;
            end = unit->end;
          }
        }
      }
    } else {
      return std::nullopt;
    }
    if (end < pieces_.size() && pieces_[end].gap == Gap::None && pieces_[end].text == ":" &&
        end + 1 < pieces_.size() && pieces_[end + 1].kind == PieceKind::Number &&
        pieces_[end + 1].gap == Gap::None) {
      return skip_none(end + 2);  // a time of day, "7:10"
    }
    // A mixed number: "two and a half years", "1 and a half million".
    if (amount.suffix_unit == nullptr && end + 1 < pieces_.size() &&
        pieces_[end].gap == Gap::Space && pieces_[end].folded == "and" &&
        pieces_[end + 1].gap == Gap::Space) {
      if (auto const part = match(end + 1, kinds({NumberKind::Fraction}));
          part && part->term->pieces.size() > 1 &&
          lexicon_.find(part->term->pieces[0], NumberKind::Per) != nullptr) {
        amount.value += to_number(part->term->value);
        amount.plain = false;
        amount.determiner = false;
        end = part->end;
      }
    }
    for (std::size_t n = 0; n < kMaxScales && amount.suffix_unit == nullptr; ++n) {
      if (end >= pieces_.size() || pieces_[end].gap == Gap::Paragraph) break;
      auto const scale = match(end, kinds({NumberKind::Scale}));
      if (!scale) break;
      amount.value *= to_number(scale->term->value);
      amount.scaled = true;
      amount.determiner = false;
      end = scale->end;
    }
    amount.end = end;
    return amount;
  }

  std::optional<Amount> skip_none(std::size_t end) {
    skip(end);
    return std::nullopt;
  }

  static bool has_letters(std::string_view text) {
    return std::any_of(text.begin(), text.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); });
  }

  NumberTerm const* find_any(std::string_view text, KindSet set) const {
    for (auto kind : {NumberKind::Unit, NumberKind::Percent, NumberKind::Counted}) {
      if (!in(set, kind)) continue;
      if (auto const* term = lexicon_.find(text, kind)) return term;
    }
    return nullptr;
  }

  // A number glued to a name by a hyphen or other mark ("Hwasong-20", "IR-6", "7:10", "1/2").
  bool glued_identifier(std::size_t number, std::size_t end) const {
    if (number >= 2 && pieces_[number].gap == Gap::None) {
      Piece const& mark = pieces_[number - 1];
      Piece const& before = pieces_[number - 2];
      bool const joiner = mark.text == "-" || mark.text == ":" || mark.text == "/" ||
                          mark.text == "." || mark.text == "\u2011";
      if (joiner && mark.gap == Gap::None && before.kind != PieceKind::Punct) return true;
    }
    return next_is(end, "/", Gap::None);
  }

  // What follows the amount decides the figure: money, a percentage, a unit, a hyphenated
  // modifier or a noun phrase. Then the exclusions (dates, times, years, names, durations).
  void finish(Amount const& amount) {
    std::size_t const first = amount.begin;
    std::size_t end = amount.end;
    std::string what;
    std::string unit;
    Tail tail = Tail::None;
    double value = amount.value;

    if (amount.currency != nullptr) {
      tail = Tail::Money;
      what = amount.currency->value;
    } else if (amount.suffix_unit != nullptr) {
      tail = amount.suffix_unit->kind == NumberKind::Percent ? Tail::Percent : Tail::Unit;
      what = tail == Tail::Percent ? std::string(percent_what(amount.suffix_unit->value))
                                   : amount.suffix_unit->value;
    } else if (auto const term = follows(
                   end, kinds({NumberKind::Percent, NumberKind::Currency, NumberKind::Unit}))) {
      end = term->end;
      switch (term->term->kind) {
        case NumberKind::Percent:
          tail = Tail::Percent;
          what = percent_what(term->term->value);
          break;
        case NumberKind::Currency:
          tail = Tail::Money;
          what = term->term->value;
          break;
        default:
          tail = Tail::Unit;
          what = term->term->value;
          break;
      }
    } else if (next_is(end, "-", Gap::None)) {
      auto const compound = read_compound(end);
      if (!compound) return skip(end);
      if (compound->skip) return skip(compound->end);
      tail = compound->tail;
      end = compound->end;
      what = compound->what;
      unit = compound->unit;
    } else {
      auto const phrase = read_noun_phrase(end, true);
      if (phrase.age) return skip(phrase.end);
      if (phrase.discourse) return skip(phrase.end);
      if (phrase.duration) {
        tail = Tail::Duration;
        end = phrase.end;
        what = phrase.head;
        unit = phrase.unit;
      } else if (phrase.words > 0) {
        tail = phrase.counted ? Tail::Counted : Tail::Noun;
        end = phrase.end;
        what = phrase.head;
      }
    }

    if (tail == Tail::Money) {
      // A price per unit keeps the unit: "$60 a barrel".
      if (auto const per = follows(end, kinds({NumberKind::Per}))) {
        if (auto const unit = follows(per->end, kinds({NumberKind::Unit, NumberKind::Counted}))) {
          what += " per " + std::string(slice(per->end, unit->end));
          end = unit->end;
        }
      }
    }

    if (excluded(amount, tail, end, what)) return skip(amount.end);
    // A percentage that is a manner of speaking ("100 percent sure") is not a quantity.
    if (tail == Tail::Percent && follows(end, kinds({NumberKind::Hyperbole}))) return skip(end);
    if (tail == Tail::Percent && value >= kWholePercent && first > 0 &&
        pieces_[first].gap != Gap::Paragraph &&
        ends_with(first - 1, kinds({NumberKind::Hyperbole}))) {
      return skip(end);
    }
    // "two years ago" is a point in time, not a period.
    if (tail == Tail::Duration && follows(end, kinds({NumberKind::Anchor}))) return skip(end);
    // A bare percentage in parentheses counts nothing the sentence says ("DR Congo (about 70%)",
    // a table cell): without its column or noun it is no claim an analyst can use (issue 19).
    if (tail == Tail::Percent && alone_in_parentheses(first, end)) return skip(end);
    emit(first, end, value, std::move(what), std::move(unit));
  }

  std::optional<Match> follows(std::size_t at, KindSet set) const {
    if (at >= pieces_.size() || pieces_[at].gap == Gap::Paragraph) return std::nullopt;
    return match(at, set);
  }

  // A number whose noun is elided is a figure when it cannot be a year, an age or a score: it has
  // thousands separators ("more than 240,000"), or digits after a hedge ("at least 45").
  bool bare_count(Amount const& amount) const {
    if (amount.currency != nullptr || amount.spelled) return false;
    if (amount.grouped && amount.value >= kFirstGroupedBare) return true;
    std::size_t const first = amount.begin;
    bool const hedged = first > 0 && pieces_[first].gap != Gap::Paragraph &&
                        ends_with(first - 1, kinds({NumberKind::Hedge}));
    bool const year = amount.plain && amount.length == kYearDigits && amount.value >= kFirstYear &&
                      amount.value <= kLastYear;
    if (year) return false;
    if (hedged && amount.value >= kFirstHedgedBare) return true;
    // "kills 11", "killing at least 38", "out of 330".
    std::size_t before = first;
    if (hedged) {
      while (before > 0 && !match(before, kinds({NumberKind::Hedge}))) --before;
    }
    if (before > 0 && pieces_[before].gap != Gap::Paragraph &&
        ends_with(before - 1, kinds({NumberKind::CountVerb}))) {
      return true;
    }
    // "its toll at 155", "a total of 45".
    for (std::size_t back = 1; back <= kTallyReach && back <= first; ++back) {
      if (pieces_[first - back + 1].gap == Gap::Paragraph) break;
      if (match(first - back, kinds({NumberKind::Tally}))) return true;
    }
    return false;
  }

  // The first end of a range or the part of a whole, whose noun is elided: "between 300 and 400
  // families", "78 to 29", "23 of the 47 counties", "six of his 40 buffaloes".
  bool range_start(Amount const& amount) const {
    std::size_t const end = amount.end;
    if (amount.currency != nullptr || end >= pieces_.size() || pieces_[end].gap != Gap::Space) {
      return false;
    }
    bool const year = amount.plain && amount.length == kYearDigits && amount.value >= kFirstYear &&
                      amount.value <= kLastYear;
    if (year) return false;
    std::size_t next = end;
    auto const& word = pieces_[end].folded;
    if (word == "and" || word == "to" || word == "or") {
      next = end + 1;
    } else if (auto const partitive = match(end, kinds({NumberKind::Partitive}))) {
      next = partitive->end;
    } else {
      return false;
    }
    return next < pieces_.size() && pieces_[next].gap == Gap::Space &&
           pieces_[next].kind == PieceKind::Number;
  }

  // "the two" refers back to a pair the article named; "the four provinces" to a count given
  // before.
  bool refers_back(Amount const& amount, std::string const& what) const {
    if (amount.value == 2) return true;
    return std::any_of(figures_.begin(), figures_.end(), [&](Figure const& earlier) {
      return earlier.value == amount.value && fold(earlier.what) == fold(what);
    });
  }

  bool excluded(Amount const& amount, Tail tail, std::size_t end, std::string const& what) const {
    std::size_t const first = amount.begin;
    bool const lexical = tail == Tail::Counted || tail == Tail::Unit || tail == Tail::Percent ||
                         tail == Tail::Money || tail == Tail::Duration;
    bool const has_before = first > 0 && pieces_[first].gap != Gap::Paragraph;
    // A rounding step is not a quantity: "rounded to the nearest five percentage points".
    if (has_before && ends_with(first - 1, kinds({NumberKind::Rounding}))) return true;
    // Dates and ages: "15 October", "October 15", "aged 45".
    if (has_before && ends_with(first - 1, kinds({NumberKind::Month, NumberKind::Age}))) {
      return true;
    }
    if (follows(amount.end, kinds({NumberKind::Month, NumberKind::Clock}))) return true;
    // A bare number is not a figure ("Ocampo, 54,", "children under 15"), nor "one" without a
    // scale or unit ("one of the lowest").
    if (tail == Tail::None && !amount.scaled && !bare_count(amount) && !range_start(amount)) {
      return true;
    }
    if (amount.determiner && !lexical) return true;
    // A year after a preposition stays a year even before a counted word: "Fighting in 2022
    // killed about 100 people".
    static constexpr std::string_view kYearPrepositions[] = {
        "in", "since", "by", "until", "from", "during", "before", "after", "of"};
    if (has_before && amount.plain && amount.currency == nullptr && amount.length == kYearDigits &&
        amount.value >= kFirstYear && amount.value <= kLastYear &&
        std::find(std::begin(kYearPrepositions), std::end(kYearPrepositions),
                  pieces_[first - 1].folded) != std::end(kYearPrepositions)) {
      return true;
    }
    // "the two governments", "the four provinces": a spelled number after "the" refers back to
    // what the article named ("the two sides"), unless it is the first count of that noun ("the
    // three military-ruled states").
    if (amount.spelled && has_before && pieces_[first - 1].folded == "the" &&
        (tail == Tail::Noun || tail == Tail::Counted) && refers_back(amount, what)) {
      return true;
    }
    // "the first five months of the year" is a period of the year, not a duration.
    if (tail == Tail::Duration && has_before &&
        ends_with(first - 1, kinds({NumberKind::Ordinal})) && next_is(end, "of", Gap::Space)) {
      return true;
    }
    // "one day", "one year after": a period only after "for", "within" or a hedge ("for one
    // day"), or hyphenated ("a one-day strike").
    if (amount.determiner && tail == Tail::Duration && !next_is(amount.end, "-", Gap::None) &&
        !(has_before && ends_with(first - 1, kinds({NumberKind::Hedge, NumberKind::Period})))) {
      return true;
    }
    if (amount.currency == nullptr && !amount.scaled && amount.plain && !lexical) {
      // Years: "since 2019", "the 2015 deal".
      if (amount.length == kYearDigits && amount.value >= kFirstYear && amount.value <= kLastYear) {
        return true;
      }
      // Identifiers after a capitalised name word: "Resolution 2231", "Article 5".
      if (has_before && pieces_[first - 1].kind == PieceKind::Word &&
          pieces_[first - 1].capitalized && !is_possessive(pieces_[first - 1].text) &&
          !sentence_initial(first - 1)) {
        return true;
      }
    }
    return false;
  }

  struct Compound {
    std::size_t end = 0;
    Tail tail = Tail::Compound;
    std::string what;
    std::string unit;   // a duration's ("a 14-month siege": months)
    bool skip = false;  // an age ("a 54-year-old"): no figure up to `end`
  };

  // "2,219-kilometre", "35-nation", "200-nautical-mile", "5,000-strong", "14-month siege"; not
  // "54-year-old".
  std::optional<Compound> read_compound(std::size_t hyphen) const {
    std::vector<std::size_t> parts;
    std::size_t at = hyphen;
    while (next_is(at, "-", Gap::None) && at + 1 < pieces_.size() &&
           pieces_[at + 1].gap == Gap::None && pieces_[at + 1].kind == PieceKind::Word) {
      parts.push_back(at + 1);
      at += 2;
    }
    if (parts.empty()) return std::nullopt;  // a range or a score: "10-15", "3-2"
    Compound compound;
    compound.end = parts.back() + 1;
    if (auto const duration = match(parts.front(), kinds({NumberKind::Duration}))) {
      for (std::size_t part : parts) {
        if (match(part, kinds({NumberKind::AgeSuffix}))) {
          compound.skip = true;
          return compound;
        }
      }
      // The thing that lasted: "a 14-month siege", "a 10-day truce"; else the unit.
      compound.tail = Tail::Duration;
      compound.unit = duration->term->value;
      compound.what = std::string(pieces_[parts.front()].text);
      if (auto const noun = read_modified_noun(compound.end)) {
        compound.end = noun->first;
        compound.what = noun->second;
      }
      return compound;
    }
    if (match(parts.front(), kinds({NumberKind::Size}))) {
      // The size of what follows: "a 5,000-strong standby force".
      auto const phrase = read_noun_phrase(compound.end, false);
      compound.what = phrase.duration ? std::string() : phrase.head;
      return compound;
    }
    std::string words;
    for (std::size_t part : parts) {
      if (!words.empty()) words += ' ';
      words += pieces_[part].text;
    }
    for (auto const& form : {words, words + "s"}) {
      if (auto const* unit = lexicon_.find(form, NumberKind::Unit)) {
        compound.tail = Tail::Unit;
        compound.what = unit->value;
        return compound;
      }
      if (auto const* percent = lexicon_.find(form, NumberKind::Percent)) {
        compound.tail = Tail::Percent;
        compound.what = percent_what(percent->value);
        return compound;
      }
    }
    // A counted noun in its singular lemma: "a 5,000-troop force".
    for (NumberTerm const& term : lexicon_.terms()) {
      if (term.kind == NumberKind::Counted && fold(term.value) == fold(words)) {
        compound.tail = Tail::Counted;
        compound.what = term.text;
        return compound;
      }
    }
    compound.what = plural(std::string(pieces_[parts.back()].text));
    return compound;
  }

  struct NounPhrase {
    std::size_t end = 0;
    std::size_t words = 0;
    std::string head;
    bool counted = false;    // the head is a counted noun or unit of the lexicon
    bool duration = false;   // the number counts time ("48 hours"): head is the unit word
    bool age = false;        // "54 years old"
    bool discourse = false;  // the head counts parts of the text ("two patterns"): no figure
    std::string unit;        // a duration's unit ("hours")
  };

  // The noun a hyphenated duration modifies, as (end, head): "siege" in "a 14-month siege",
  // "prison sentence" in "a three-year prison sentence". It stops before a function word,
  // punctuation or a verb in -ed ("the 10-day truce expired"), and after a plural.
  std::optional<std::pair<std::size_t, std::string>> read_modified_noun(std::size_t at) const {
    std::optional<std::pair<std::size_t, std::string>> noun;
    for (std::size_t n = 0; n < kMaxModifiedWords && at < pieces_.size(); ++n, ++at) {
      Piece const& piece = pieces_[at];
      if (piece.gap != Gap::Space || piece.kind != PieceKind::Word) break;
      if (match(at, kPhraseEnders) || match(at, kinds({NumberKind::Duration}))) break;
      if (noun && piece.folded.ends_with("ed")) break;
      if (is_possessive(piece.text)) break;
      noun = std::make_pair(at + 1, std::string(piece.text));
      if (looks_plural(piece.folded)) break;
    }
    return noun;
  }

  // The noun a number counts, with the modifiers before it: "deployed strategic warheads",
  // "of the vessels". It ends at a plural noun, a counted noun of the lexicon, or before a
  // function word, punctuation or another number.
  NounPhrase read_noun_phrase(std::size_t at, bool allow_partitive) const {
    NounPhrase phrase;
    phrase.end = at;
    std::size_t const start = at;
    std::optional<Match> partitive;
    if (allow_partitive) {
      partitive = follows(at, kinds({NumberKind::Partitive}));
      if (partitive) at = partitive->end;
    }
    while (phrase.words < kMaxNounWords && at < pieces_.size()) {
      Piece const& piece = pieces_[at];
      if (piece.gap == Gap::Paragraph || piece.kind != PieceKind::Word) break;
      if (auto const counted = match(at, kinds({NumberKind::Counted, NumberKind::Unit}))) {
        if (counted->term->kind == NumberKind::Counted || phrase.words > 0) {
          phrase.end = counted->end;
          phrase.head = std::string(slice(at, counted->end));
          if (counted->term->kind == NumberKind::Unit) phrase.head = counted->term->value;
          phrase.counted = true;
          ++phrase.words;
          break;
        }
      }
      std::size_t word_end = at + 1;
      while (next_is(word_end, "-", Gap::None) && word_end + 1 < pieces_.size() &&
             pieces_[word_end + 1].gap == Gap::None &&
             pieces_[word_end + 1].kind != PieceKind::Punct) {
        word_end += 2;
      }
      if (auto const duration = match(at, kinds({NumberKind::Duration}))) {
        if (phrase.words == 0 && at == start) {
          phrase.duration = true;
          phrase.end = duration->end;
          phrase.head = std::string(slice(at, duration->end));
          phrase.unit = duration->term->value;
          phrase.age = follows(duration->end, kinds({NumberKind::AgeSuffix})).has_value();
          return phrase;
        }
        break;
      }
      // A function word ends the phrase, but not inside a hyphenated word ("on-site").
      if (word_end == at + 1 && match(at, kPhraseEnders)) break;
      if (is_possessive(piece.text) || next_is(word_end, "'", Gap::None) ||
          next_is(word_end, "\u2019", Gap::None)) {
        break;
      }
      phrase.end = word_end;
      phrase.head = std::string(slice(at, word_end));
      ++phrase.words;
      at = word_end;
      if (looks_plural(pieces_[word_end - 1].folded)) break;
    }
    // A pronoun count: "three of them", "two of whom".
    static constexpr std::string_view kPronouns[] = {"them",  "us",    "you",  "whom",
                                                     "which", "these", "those"};
    if (phrase.words == 0 && partitive &&
        std::find(std::begin(kPronouns), std::end(kPronouns), pieces_[partitive->end - 1].folded) !=
            std::end(kPronouns)) {
      phrase.end = partitive->end;
      phrase.head = std::string(pieces_[partitive->end - 1].text);
      phrase.words = 1;
    }
    if (phrase.words == 0) phrase.end = start;
    // A count of the text's own parts: "two patterns", "three lines", "two sides".
    if (phrase.words > 0 && !phrase.counted &&
        ends_with(phrase.end - 1, kinds({NumberKind::Discourse}))) {
      phrase.discourse = true;
    }
    return phrase;
  }

  std::string_view text_;
  NumberLexicon const& lexicon_;
  std::vector<Piece> pieces_;
  std::vector<std::span<std::size_t const>> candidates_;  // per piece: starting_with(folded)
  std::vector<Figure> figures_;
  std::size_t next_free_ = 0;
};

}  // namespace

std::vector<Figure> find_figures(std::string_view text, NumberLexicon const& lexicon) {
  return Scanner(text, lexicon).run();
}

}  // namespace dossier::insight
