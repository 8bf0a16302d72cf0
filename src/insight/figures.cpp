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
enum class Tail { None, Noun, Compound, Counted, Unit, Percent, Money };

struct Amount {
  std::size_t begin = 0;  // first piece (a currency sign when there is one)
  std::size_t end = 0;    // one past the last piece read (number and scales)
  double value = 0;
  bool spelled = false;    // a number word ("four")
  bool plain = false;      // digits only, no grouping or decimals ("2231")
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
  numeral.plain = !decimals && text.substr(0, at).find(',') == std::string_view::npos;
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
      : text_(text), lexicon_(lexicon), pieces_(split_pieces(text)) {}

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
    for (std::size_t index : lexicon_.starting_with(pieces_[at].folded)) {
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

  void emit(std::size_t first, std::size_t end, double value, std::string what) {
    Figure figure;
    figure.text = std::string(slice(first, end));
    figure.span = Span{pieces_[first].begin, pieces_[end - 1].end};
    figure.value = value;
    figure.what = std::move(what);
    figures_.push_back(std::move(figure));
    next_free_ = end;
  }

  void skip(std::size_t end) { next_free_ = std::max(next_free_, end); }

  void scan_at(std::size_t at) {
    if (auto const idiom = match(at, kinds({NumberKind::Idiom}))) return skip(idiom->end);
    // Vague quantities are not figures ("tens of thousands", "dozens").
    if (auto const approx = match(at, kinds({NumberKind::Approx}))) return skip(approx->end);
    if (auto const fraction = match(at, kinds({NumberKind::Fraction}))) {
      if (scan_fraction(at, *fraction)) return;
    }
    auto amount = read_amount(at);
    if (!amount) return;
    finish(*amount);
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
        a && match(a->end, kinds({NumberKind::Scale}))) {
      return false;
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
      tail = compound->tail;
      end = compound->end;
      what = compound->what;
    } else {
      auto const phrase = read_noun_phrase(end, !amount.spelled);
      if (phrase.duration) return skip(end);
      if (phrase.words > 0) {
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

    if (excluded(amount, tail)) return skip(amount.end);
    emit(first, end, value, std::move(what));
  }

  std::optional<Match> follows(std::size_t at, KindSet set) const {
    if (at >= pieces_.size() || pieces_[at].gap == Gap::Paragraph) return std::nullopt;
    return match(at, set);
  }

  bool excluded(Amount const& amount, Tail tail) const {
    std::size_t const first = amount.begin;
    bool const lexical =
        tail == Tail::Counted || tail == Tail::Unit || tail == Tail::Percent || tail == Tail::Money;
    bool const has_before = first > 0 && pieces_[first].gap != Gap::Paragraph;
    // Dates and ages: "15 October", "October 15", "aged 45".
    if (has_before && ends_with(first - 1, kinds({NumberKind::Month, NumberKind::Age}))) {
      return true;
    }
    if (follows(amount.end, kinds({NumberKind::Month, NumberKind::Clock}))) return true;
    // A bare number is not a figure ("Ocampo, 54,", "children under 15"), nor "one" without a
    // scale or unit ("one of the lowest").
    if (tail == Tail::None && !amount.scaled) return true;
    if (amount.determiner && !lexical) return true;
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
  };

  // "2,219-kilometre", "35-nation", "200-nautical-mile", "5,000-strong"; not "10-day".
  std::optional<Compound> read_compound(std::size_t hyphen) const {
    std::vector<std::size_t> parts;
    std::size_t at = hyphen;
    while (next_is(at, "-", Gap::None) && at + 1 < pieces_.size() &&
           pieces_[at + 1].gap == Gap::None && pieces_[at + 1].kind == PieceKind::Word) {
      parts.push_back(at + 1);
      at += 2;
    }
    if (parts.empty()) return std::nullopt;  // a range or a score: "10-15", "3-2"
    if (match(parts.front(), kinds({NumberKind::Duration}))) return std::nullopt;
    Compound compound;
    compound.end = parts.back() + 1;
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
    bool counted = false;   // the head is a counted noun or unit of the lexicon
    bool duration = false;  // the number counts time ("48 hours"): not a figure
  };

  // The noun a number counts, with the modifiers before it: "deployed strategic warheads",
  // "of the vessels". It ends at a plural noun, a counted noun of the lexicon, or before a
  // function word, punctuation or another number.
  NounPhrase read_noun_phrase(std::size_t at, bool allow_partitive) const {
    NounPhrase phrase;
    phrase.end = at;
    std::size_t const start = at;
    if (allow_partitive) {
      if (auto const partitive = follows(at, kinds({NumberKind::Partitive}))) at = partitive->end;
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
      if (match(at, kinds({NumberKind::Duration}))) {
        phrase.duration = phrase.words == 0;
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
    if (phrase.words == 0) phrase.end = start;
    return phrase;
  }

  std::string_view text_;
  NumberLexicon const& lexicon_;
  std::vector<Piece> pieces_;
  std::vector<Figure> figures_;
  std::size_t next_free_ = 0;
};

}  // namespace

std::vector<Figure> find_figures(std::string_view text, NumberLexicon const& lexicon) {
  return Scanner(text, lexicon).run();
}

}  // namespace dossier::insight
