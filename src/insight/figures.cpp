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

namespace dossier::insight {
namespace {

// Limits of the grammar. A count's noun phrase rarely has more than three modifiers ("1,400
// additional advanced IR-6 centrifuges"); longer runs are sentences, not noun phrases.
constexpr std::size_t kMaxNounWords = 5;
constexpr std::size_t kMaxScales = 2;  // "two hundred thousand"
constexpr std::size_t kMaxTermPieces = 8;
// A plain four-digit number in this range is read as a year ("in 2010", "the 2015 deal") unless a
// percent sign, unit, currency or counted noun of the lexicon follows it.
constexpr double kFirstYear = 1800;
constexpr double kLastYear = 2100;
constexpr std::size_t kYearDigits = 4;
// Spelled-out tens that take a hyphenated unit ("twenty-five").
constexpr double kFirstTens = 20;
constexpr double kLastTens = 90;

// ---------------------------------------------------------------------------------------------
// Pieces: the segments of ICU's word break iterator (UAX #29), with white space dropped and
// remembered as the gap before the next piece.

enum class Gap { None, Space, Paragraph };
enum class PieceKind { Word, Number, Punct };

struct Piece {
  std::size_t begin = 0;  // byte offsets in the text
  std::size_t end = 0;
  std::string_view text;
  std::string folded;  // full case folding, for case-insensitive terms
  PieceKind kind = PieceKind::Punct;
  Gap gap = Gap::Paragraph;  // white space before the piece; the text's start is a paragraph start
  bool capitalized = false;
};

std::string fold(icu::UnicodeString text) {
  std::string out;
  text.foldCase().toUTF8String(out);
  return out;
}

std::string fold(std::string_view text) {
  return fold(icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size()))));
}

// ASCII text (nearly every piece) is folded by lower-casing it; anything else through ICU.
std::string fold_piece(std::string_view bytes, icu::UnicodeString const& utf16, int32_t start,
                       int32_t end) {
  bool ascii = std::all_of(bytes.begin(), bytes.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!ascii) return fold(icu::UnicodeString(utf16, start, end - start));
  std::string out(bytes);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<Piece> split_pieces(std::string_view text) {
  // Decode by hand so every UTF-16 index maps back to the byte offset of its code point; a
  // malformed byte sequence becomes one U+FFFD and keeps its bytes.
  icu::UnicodeString utf16;
  std::vector<std::size_t> byte_at;
  byte_at.reserve(text.size() + 1);
  auto const length = static_cast<int32_t>(text.size());
  for (int32_t at = 0; at < length;) {
    auto const start = static_cast<std::size_t>(at);
    UChar32 c = 0;
    U8_NEXT(text.data(), at, length, c);
    utf16.append(c < 0 ? UChar32{0xFFFD} : c);
    while (byte_at.size() < static_cast<std::size_t>(utf16.length())) byte_at.push_back(start);
  }
  byte_at.push_back(text.size());

  // Making an iterator loads its rules; one per thread is reused (an ICU iterator may not be
  // shared between threads).
  thread_local std::unique_ptr<icu::BreakIterator> const words = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(
        icu::BreakIterator::createWordInstance(icu::Locale::getEnglish(), status));
    if (U_FAILURE(status))
      throw std::runtime_error(std::string("ICU word break iterator: ") + u_errorName(status));
    return it;
  }();
  words->setText(utf16);

  std::vector<Piece> pieces;
  Gap gap = Gap::Paragraph;
  int newlines = 0;
  int32_t start = words->first();
  for (int32_t end = words->next(); end != icu::BreakIterator::DONE;
       start = end, end = words->next()) {
    UChar32 const first = utf16.char32At(start);
    if (u_isUWhiteSpace(first)) {
      for (int32_t k = start; k < end; ++k) newlines += utf16.charAt(k) == u'\n' ? 1 : 0;
      if (gap == Gap::None) gap = Gap::Space;
      if (newlines >= 2) gap = Gap::Paragraph;
      continue;
    }
    Piece piece;
    piece.begin = byte_at[static_cast<std::size_t>(start)];
    piece.end = byte_at[static_cast<std::size_t>(end)];
    piece.text = text.substr(piece.begin, piece.end - piece.begin);
    piece.folded = fold_piece(piece.text, utf16, start, end);
    piece.kind = u_isdigit(first)   ? PieceKind::Number
                 : u_isalpha(first) ? PieceKind::Word
                                    : PieceKind::Punct;
    piece.capitalized = u_isupper(first) || u_istitle(first);
    piece.gap = gap;
    pieces.push_back(std::move(piece));
    gap = Gap::None;
    newlines = 0;
  }
  return pieces;
}

bool has_capital(std::string_view text) {
  auto const length = static_cast<int32_t>(text.size());
  for (int32_t at = 0; at < length;) {
    UChar32 c = 0;
    U8_NEXT(text.data(), at, length, c);
    if (c >= 0 && (u_isupper(c) || u_istitle(c))) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Lexicon files.

struct KindName {
  std::string_view name;
  NumberKind kind;
};

constexpr KindName kNumberWordKinds[] = {
    {"scale", NumberKind::Scale},     {"number", NumberKind::Number},
    {"approx", NumberKind::Approx},   {"fraction", NumberKind::Fraction},
    {"percent", NumberKind::Percent}, {"currency", NumberKind::Currency},
    {"unit", NumberKind::Unit},       {"counted", NumberKind::Counted},
};

constexpr KindName kExclusionKinds[] = {
    {"duration", NumberKind::Duration},
    {"month", NumberKind::Month},
    {"clock", NumberKind::Clock},
    {"age", NumberKind::Age},
    {"ordinal", NumberKind::Ordinal},
    {"idiom", NumberKind::Idiom},
    {"determiner", NumberKind::Determiner},
    {"size", NumberKind::Size},
    {"per", NumberKind::Per},
    {"partitive", NumberKind::Partitive},
    {"stop", NumberKind::Stop},
};

// The values a percent term may have (number_words.tsv header).
constexpr std::string_view kPercentValues[] = {"percent", "point", "basis_point"};

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> fields;
  while (true) {
    auto const tab = line.find('\t');
    fields.push_back(line.substr(0, tab));
    if (tab == std::string_view::npos) return fields;
    line.remove_prefix(tab + 1);
  }
}

[[noreturn]] void malformed(std::string_view file, int line, std::string const& why) {
  throw std::invalid_argument(std::string(file) + " line " + std::to_string(line) + ": " + why);
}

bool is_number(std::string_view value) {
  std::string const copy(value);
  char* end = nullptr;
  std::strtod(copy.c_str(), &end);
  return !copy.empty() && end == copy.c_str() + copy.size();
}

double to_number(std::string_view value) {
  return std::strtod(std::string(value).c_str(), nullptr);
}

bool numeric_kind(NumberKind kind) {
  return kind == NumberKind::Scale || kind == NumberKind::Number || kind == NumberKind::Approx ||
         kind == NumberKind::Fraction;
}

NumberTerm make_term(std::string_view text, std::string_view value, NumberKind kind) {
  NumberTerm term;
  term.text = std::string(text);
  term.value = std::string(value);
  term.kind = kind;
  term.exact_case = has_capital(text);
  for (Piece const& piece : split_pieces(text)) {
    term.pieces.push_back(term.exact_case ? std::string(piece.text) : piece.folded);
    term.joined.push_back(piece.gap == Gap::None);
  }
  return term;
}

// ---------------------------------------------------------------------------------------------
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

bool piece_matches(Piece const& piece, NumberTerm const& term, std::size_t k) {
  return term.exact_case ? piece.text == term.pieces[k] : piece.folded == term.pieces[k];
}

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

NumberLexicon NumberLexicon::parse(std::string_view number_words, std::string_view exclusions) {
  NumberLexicon lexicon;
  auto read = [&](std::string_view file, std::string_view text, bool with_value,
                  std::span<KindName const> names) {
    int line_number = 0;
    while (!text.empty()) {
      auto const newline = text.find('\n');
      auto line = text.substr(0, newline);
      text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
      ++line_number;
      if (line.ends_with('\r')) line.remove_suffix(1);
      if (line.empty() || line.front() == '#') continue;
      auto const fields = split_tabs(line);
      std::size_t const columns = with_value ? 3 : 2;
      if (fields.size() != columns) {
        malformed(file, line_number,
                  "expected " + std::to_string(columns) + " tab-separated columns, got " +
                      std::to_string(fields.size()));
      }
      auto const term = fields[0];
      auto const value = with_value ? fields[1] : std::string_view();
      auto const kind_name = fields.back();
      if (term.empty()) malformed(file, line_number, "empty term");
      auto const kind = std::find_if(names.begin(), names.end(),
                                     [&](KindName const& k) { return k.name == kind_name; });
      if (kind == names.end()) {
        malformed(file, line_number, "unknown kind '" + std::string(kind_name) + "'");
      }
      if (with_value && value.empty()) malformed(file, line_number, "empty value");
      if (numeric_kind(kind->kind) && !is_number(value)) {
        malformed(file, line_number, "value '" + std::string(value) + "' is not a number");
      }
      if (kind->kind == NumberKind::Percent &&
          std::find(std::begin(kPercentValues), std::end(kPercentValues), value) ==
              std::end(kPercentValues)) {
        malformed(file, line_number, "percent value must be percent, point or basis_point");
      }
      NumberTerm parsed = make_term(term, value, kind->kind);
      if (parsed.pieces.empty()) malformed(file, line_number, "term has no words or signs");
      if (parsed.pieces.size() > kMaxTermPieces) malformed(file, line_number, "term too long");
      lexicon.terms_.push_back(std::move(parsed));
    }
  };
  read("number_words", number_words, true, kNumberWordKinds);
  read("figure_exclusions", exclusions, false, kExclusionKinds);

  for (std::size_t index = 0; index < lexicon.terms_.size(); ++index) {
    NumberTerm const& term = lexicon.terms_[index];
    lexicon.by_first_piece_[fold(term.pieces.front())].push_back(index);
  }
  for (auto& [first, indices] : lexicon.by_first_piece_) {
    std::stable_sort(indices.begin(), indices.end(), [&](std::size_t a, std::size_t b) {
      return lexicon.terms_[a].pieces.size() > lexicon.terms_[b].pieces.size();
    });
  }
  return lexicon;
}

NumberLexicon const& NumberLexicon::embedded() {
  static NumberLexicon const lexicon =
      parse(embedded_data("number_words.tsv"), embedded_data("figure_exclusions.txt"));
  return lexicon;
}

std::span<std::size_t const> NumberLexicon::starting_with(
    std::string const& folded_first_piece) const {
  auto const found = by_first_piece_.find(folded_first_piece);
  if (found == by_first_piece_.end()) return {};
  return found->second;
}

NumberTerm const* NumberLexicon::find(std::string_view text, NumberKind kind) const {
  auto const pieces = split_pieces(text);
  if (pieces.empty()) return nullptr;
  for (std::size_t index : starting_with(pieces.front().folded)) {
    NumberTerm const& term = terms_[index];
    if (term.kind != kind || term.pieces.size() != pieces.size()) continue;
    bool ok = true;
    for (std::size_t k = 0; k < pieces.size() && ok; ++k) {
      if (k > 0 && (pieces[k].gap == Gap::None) != term.joined[k]) ok = false;
      if (ok && !piece_matches(pieces[k], term, k)) ok = false;
    }
    if (ok) return &term;
  }
  return nullptr;
}

std::vector<Figure> find_figures(std::string_view text, NumberLexicon const& lexicon) {
  return Scanner(text, lexicon).run();
}

}  // namespace dossier::insight
