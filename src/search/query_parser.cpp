#include "search/query_parser.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include <fmt/format.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "core/slug.hpp"
#include "core/strings.hpp"
#include "core/time.hpp"

namespace dossier::search {

namespace {

// What the reader is told, in one place (STYLE.md, Errors).
namespace msg {
constexpr char const* kShortened = "The query was shortened to {} characters.";
constexpr char const* kTooManyTerms = "Only the first {} words were searched for.";
constexpr char const* kUnbalancedQuote = "An unbalanced quote was ignored.";
constexpr char const* kLoneOr = "An OR without a word on both sides was ignored.";
constexpr char const* kOnlyExclusions =
    "A search needs at least one word to look for; the excluded words were ignored.";
constexpr char const* kShortPrefix =
    "A prefix search needs at least {} letters or digits before the *; '{}' was searched as "
    "a word.";
constexpr char const* kBadKind = "'{}:{}' is not a kind (news, analysis, report, page); ignored.";
constexpr char const* kBadDate = "'{}:{}' is not a date (YYYY-MM-DD); ignored.";
constexpr char const* kBadSlug = "'{}:{}' names no {}; ignored.";
constexpr char const* kExcludedFilter = "Filters cannot be excluded; '-{}:{}' was ignored.";
}  // namespace msg

constexpr std::size_t kMinPrefix = 2;  // letters or digits that end the text before the `*`
// Input past this many bytes is not even looked at, so a huge query costs no more than a
// long one; it is far more than kMaxQueryBytes so that removed characters do not count.
constexpr std::size_t kMaxScannedBytes = 16 * kMaxQueryBytes;
constexpr std::array<std::string_view, 4> kKinds = {"news", "analysis", "report", "page"};
constexpr long long kSecondsPerDay = 86400;
constexpr std::size_t kDateLength = 10;  // YYYY-MM-DD

enum class FilterKey { Category, Tag, Author, Kind, Before, After };

struct FilterName {
  std::string_view name;
  FilterKey key;
};
constexpr std::array<FilterName, 6> kFilterNames = {{{"category", FilterKey::Category},
                                                     {"tag", FilterKey::Tag},
                                                     {"author", FilterKey::Author},
                                                     {"kind", FilterKey::Kind},
                                                     {"before", FilterKey::Before},
                                                     {"after", FilterKey::After}}};

enum class Polarity { Required, Excluded };

struct Term {
  TermKind kind = TermKind::Word;
  std::string text;
  Polarity polarity = Polarity::Required;
  bool or_before = false;  // joined to the previous term by OR
};

// The characters SQLite's unicode61 tokenizer keeps inside tokens: letters, numbers and
// private-use characters (https://sqlite.org/fts5.html#unicode61_tokenizer, "categories").
// A term without one has no token, and FTS5 matches nothing for an empty phrase, so such a
// term would silently empty the whole result.
bool is_token_character(UChar32 c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_N_MASK | U_GC_CO_MASK)) != 0;
}

// Calls f(code point, byte offset, byte length) for each character of valid UTF-8 text.
template <typename F>
void for_each_code_point(std::string_view text, F&& f) {
  auto const* s = reinterpret_cast<std::uint8_t const*>(text.data());
  auto length = static_cast<std::int32_t>(text.size());
  for (std::int32_t i = 0; i < length;) {
    std::int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    f(c, static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
  }
}

bool has_token_character(std::string_view text) {
  bool found = false;
  for_each_code_point(
      text, [&](UChar32 c, std::size_t, std::size_t) { found = found || is_token_character(c); });
  return found;
}

// Code points in the last run of token characters that ends `text`: what FTS5 applies a
// prefix query to, since `"oil-g" *` is the phrase "oil" followed by any token that begins
// with "g".
std::size_t trailing_token_length(std::string_view text) {
  std::size_t run = 0;
  for_each_code_point(text, [&](UChar32 c, std::size_t, std::size_t) {
    run = is_token_character(c) ? run + 1 : 0;
  });
  return run;
}

bool is_quote(UChar32 c) {
  // Curly, low and full-width double quotes, as phones and word processors type them.
  return c == 0x201C || c == 0x201D || c == 0x201E || c == 0x201F || c == 0xFF02;
}

// Whitespace of any kind becomes one space; control and format characters (soft hyphens,
// zero-width joiners, direction marks) are removed; invalid UTF-8 separates words, as a
// space. Curly quotes become '"'. The result is valid UTF-8 of at most kMaxQueryBytes,
// cut on a character boundary.
std::string clean(std::string_view input, std::vector<std::string>& notes) {
  bool shortened = input.size() > kMaxScannedBytes;
  input = input.substr(0, kMaxScannedBytes);
  std::string out;
  out.reserve(std::min(input.size(), kMaxQueryBytes));
  auto const* s = reinterpret_cast<std::uint8_t const*>(input.data());
  auto length = static_cast<std::int32_t>(input.size());
  for (std::int32_t i = 0; i < length;) {
    std::int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    std::string_view piece = input.substr(start, i - start);
    if (c < 0 || u_isUWhiteSpace(c)) {
      piece = " ";
    } else if (U_GET_GC_MASK(c) & (U_GC_CC_MASK | U_GC_CF_MASK)) {
      continue;
    } else if (is_quote(c)) {
      piece = "\"";
    }
    if (out.size() + piece.size() > kMaxQueryBytes) {
      shortened = true;
      break;
    }
    out.append(piece);
  }
  if (shortened) notes.push_back(fmt::format(msg::kShortened, kMaxQueryBytes));
  return out;
}

std::string fts_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string fts_term(Term const& t) {
  // The `*` stands outside the string: `"desalin" *`
  // (https://sqlite.org/fts5.html#fts5_prefix_queries).
  return t.kind == TermKind::Prefix ? fts_string(t.text) + " *" : fts_string(t.text);
}

std::string reader_term(Term const& t) {
  std::string out = t.polarity == Polarity::Excluded ? "-" : "";
  if (t.kind == TermKind::Phrase) return out + "\"" + t.text + "\"";
  return out + t.text + (t.kind == TermKind::Prefix ? "*" : "");
}

std::string day_text(long long t) {
  return format_rfc3339(t).substr(0, kDateLength);
}

std::optional<long long> parse_day(std::string_view text) {
  if (text.size() != kDateLength) return std::nullopt;
  auto t = parse_rfc3339(text);
  // The canonical query writes the date back: only dates that come back unchanged.
  if (!t || day_text(*t) != text) return std::nullopt;
  return *t;
}

std::optional<FilterKey> filter_key(std::string_view name) {
  auto lower = to_lower(name);
  for (auto const& f : kFilterNames)
    if (f.name == lower) return f.key;
  return std::nullopt;
}

std::string_view filter_name(FilterKey key) {
  for (auto const& f : kFilterNames)
    if (f.key == key) return f.name;
  return {};
}

// A slug as the site writes it: "Energy" is "energy", "Lena Varga" is "lena-varga".
std::optional<std::string> slug_of(std::string_view value) {
  auto lower = to_lower(trim(value));
  if (is_valid_slug(lower)) return lower;
  if (!has_token_character(value)) return std::nullopt;
  return make_slug(value);
}

void add_unique(std::vector<std::string>& list, std::string value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(std::move(value));
}

// Applies one filter; `name` and `value` are as typed, for the notes.
void apply_filter(FilterKey key, std::string_view name, std::string_view value, ParsedQuery& q) {
  auto& f = q.filters;
  switch (key) {
    case FilterKey::Category:
    case FilterKey::Tag:
    case FilterKey::Author: {
      auto slug = slug_of(value);
      if (!slug) {
        q.notes.push_back(fmt::format(msg::kBadSlug, name, value, filter_name(key)));
        return;
      }
      auto& list = key == FilterKey::Category ? f.categories
                   : key == FilterKey::Tag    ? f.tags
                                              : f.authors;
      add_unique(list, std::move(*slug));
      return;
    }
    case FilterKey::Kind: {
      auto kind = to_lower(trim(value));
      if (std::find(kKinds.begin(), kKinds.end(), kind) == kKinds.end()) {
        q.notes.push_back(fmt::format(msg::kBadKind, name, value));
        return;
      }
      // One article has one kind: a second kind: replaces the first rather than leaving a
      // query that can match nothing.
      f.kind = kind;
      return;
    }
    case FilterKey::Before:
    case FilterKey::After: {
      auto day = parse_day(trim(value));
      if (!day) {
        q.notes.push_back(fmt::format(msg::kBadDate, name, value));
        return;
      }
      // after: means after that day ended: the next day's midnight (query_parser.hpp).
      // Repeated bounds must all hold, as repeated slugs do: the narrowest wins.
      if (key == FilterKey::Before)
        f.before = std::min(*day, f.before.value_or(*day));
      else
        f.after = std::max(*day + kSecondsPerDay, f.after.value_or(*day + kSecondsPerDay));
      return;
    }
  }
}

// Single spaces inside a phrase, as FTS5 and the canonical query both want.
std::string squeeze_spaces(std::string_view text) {
  std::string out;
  for (char c : trim(text))
    if (c != ' ' || (!out.empty() && out.back() != ' ')) out.push_back(c);
  return out;
}

// Reads the cleaned query into terms, applying filters on the way. An OR becomes the
// `or_before` mark of the term after it, when both of its neighbours are required terms.
class Scanner {
 public:
  Scanner(std::string_view text, ParsedQuery& q) : text_(text), q_(q) {}

  std::vector<Term> run() {
    while (i_ < text_.size()) {
      if (text_[i_] == ' ') {
        ++i_;
        continue;
      }
      auto polarity = Polarity::Required;
      // A leading '-' excludes; inside a word ("Indo-Pacific") it is part of the word.
      if (text_[i_] == '-' && i_ + 1 < text_.size() && text_[i_ + 1] != ' ') {
        polarity = Polarity::Excluded;
        ++i_;
      }
      if (text_[i_] == '"') {
        read_phrase(polarity);
      } else {
        read_token(polarity);
      }
    }
    if (pending_or_) dropped_or_ = true;
    if (dropped_or_) q_.notes.push_back(msg::kLoneOr);
    if (too_many_) q_.notes.push_back(fmt::format(msg::kTooManyTerms, kMaxTerms));
    return std::move(terms_);
  }

 private:
  // The text between text_[i_] (a quote) and the next quote; nullopt, with a note, when
  // there is none: the rest is then read as words, which is what a reader who forgot a
  // quote meant.
  std::optional<std::string_view> quoted() {
    auto close = text_.find('"', i_ + 1);
    if (close == std::string_view::npos) {
      q_.notes.push_back(msg::kUnbalancedQuote);
      ++i_;
      return std::nullopt;
    }
    auto inside = text_.substr(i_ + 1, close - i_ - 1);
    i_ = close + 1;
    return inside;
  }

  void read_phrase(Polarity polarity) {
    auto inside = quoted();
    if (!inside) return;
    auto phrase = squeeze_spaces(*inside);
    if (has_token_character(phrase)) push({TermKind::Phrase, std::move(phrase), polarity});
  }

  void read_token(Polarity polarity) {
    auto end = std::min(text_.find_first_of(" \"", i_), text_.size());
    auto token = text_.substr(i_, end - i_);
    i_ = end;
    if (polarity == Polarity::Required && token == "OR") {
      if (pending_or_ || !last_was_term_) dropped_or_ = true;
      pending_or_ = true;
      return;
    }
    if (read_filter(token, polarity)) return;
    if (token.ends_with('*')) {
      auto stem = token.substr(0, token.find_last_not_of('*') + 1);
      if (stem.empty()) return;  // a lone `*`
      if (trailing_token_length(stem) >= kMinPrefix) {
        push({TermKind::Prefix, std::string(stem), polarity});
        return;
      }
      if (has_token_character(stem))
        q_.notes.push_back(fmt::format(msg::kShortPrefix, kMinPrefix, stem));
      token = stem;
    }
    if (has_token_character(token)) push({TermKind::Word, std::string(token), polarity});
  }

  // `key:value` or `key:"value"` with a known key; false when the token is ordinary text
  // ("9:30", "re:sanctions").
  bool read_filter(std::string_view token, Polarity polarity) {
    auto colon = token.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    auto name = token.substr(0, colon);
    auto key = filter_key(name);
    if (!key) return false;
    auto value = token.substr(colon + 1);
    if (value.empty()) {
      if (i_ >= text_.size() || text_[i_] != '"') return false;
      auto inside = quoted();
      if (!inside) return false;
      value = *inside;
    }
    // A filter between two terms leaves an OR before it without a right-hand side.
    if (pending_or_) dropped_or_ = true;
    pending_or_ = false;
    last_was_term_ = false;
    if (polarity == Polarity::Excluded) {
      q_.notes.push_back(fmt::format(msg::kExcludedFilter, name, value));
      return true;
    }
    apply_filter(*key, name, value, q_);
    return true;
  }

  void push(Term t) {
    if (terms_.size() >= kMaxTerms) {
      too_many_ = true;
      return;
    }
    if (pending_or_) {
      // OR joins required terms only: "a OR -b" has no meaning in FTS5 or for a reader.
      if (last_was_term_ && t.polarity == Polarity::Required &&
          terms_.back().polarity == Polarity::Required)
        t.or_before = true;
      else
        dropped_or_ = true;
      pending_or_ = false;
    }
    terms_.push_back(std::move(t));
    last_was_term_ = true;
  }

  std::string_view text_;
  ParsedQuery& q_;
  std::size_t i_ = 0;
  std::vector<Term> terms_;
  bool pending_or_ = false;
  bool dropped_or_ = false;
  bool too_many_ = false;
  bool last_was_term_ = false;
};

std::string join(std::vector<std::string> const& parts, std::string_view separator) {
  std::string out;
  for (auto const& p : parts) {
    if (!out.empty()) out += separator;
    out += p;
  }
  return out;
}

std::string parenthesized(std::string_view inside) {
  std::string out;
  out.reserve(inside.size() + 2);
  out.push_back('(');
  out.append(inside);
  out.push_back(')');
  return out;
}

// Builds the FTS5 expression, the words and the canonical text of q from its terms and filters.
void assemble(ParsedQuery& q, std::vector<Term> const& terms) {
  // Required terms in groups joined by OR; the groups are all required.
  std::vector<std::vector<Term const*>> groups;
  std::vector<Term const*> excluded;
  for (auto const& t : terms) {
    if (t.polarity == Polarity::Excluded)
      excluded.push_back(&t);
    else if (t.or_before && !groups.empty())
      groups.back().push_back(&t);
    else
      groups.push_back({&t});
  }

  // FTS5 ranks NOT above AND above OR (https://sqlite.org/fts5.html#fts5_boolean_operators),
  // the reader's language ranks OR first: explicit parentheses say what the reader meant.
  std::vector<std::string> required;
  for (auto const& group : groups) {
    std::vector<std::string> alternatives;
    for (auto const* t : group) alternatives.push_back(fts_term(*t));
    required.push_back(group.size() == 1 ? alternatives.front()
                                         : parenthesized(join(alternatives, " OR ")));
  }
  for (auto const& group : groups) {
    auto& terms_of_group = q.required.emplace_back();
    for (auto const* t : group) terms_of_group.push_back({t->kind, t->text});
  }
  if (!required.empty()) {
    for (auto const* t : excluded) q.excluded.push_back({t->kind, t->text});
    // NOT is binary in FTS5: the exclusions hang off the required part, one after another.
    auto all = join(required, " AND ");
    q.fts = excluded.empty() ? all : parenthesized(all);
    for (auto const* t : excluded) q.fts += " NOT " + fts_term(*t);
  } else if (!excluded.empty()) {
    q.notes.push_back(msg::kOnlyExclusions);
    excluded.clear();
  }
  for (auto const& t : terms)
    if (t.polarity == Polarity::Required && t.kind == TermKind::Word) q.words.push_back(t.text);

  std::vector<std::string> out;
  for (auto const& group : groups)
    for (std::size_t k = 0; k < group.size(); ++k) {
      if (k > 0) out.push_back("OR");
      out.push_back(reader_term(*group[k]));
    }
  for (auto const* t : excluded) out.push_back(reader_term(*t));
  auto const& f = q.filters;
  for (auto const& v : f.categories) out.push_back("category:" + v);
  for (auto const& v : f.tags) out.push_back("tag:" + v);
  for (auto const& v : f.authors) out.push_back("author:" + v);
  if (f.kind) out.push_back("kind:" + *f.kind);
  if (f.after) out.push_back("after:" + day_text(*f.after - kSecondsPerDay));
  if (f.before) out.push_back("before:" + day_text(*f.before));
  q.canonical_text = join(out, " ");
}

}  // namespace

ParsedQuery parse_query(std::string_view input) {
  ParsedQuery q;
  auto text = clean(input, q.notes);
  auto terms = Scanner(text, q).run();
  // The canonical text is what the page shows and links to (pagination, facets, "did you
  // mean"), so it must parse back to the same query, and therefore fit the byte limit of any
  // query. The quotes and spaces it adds can take a query just under the limit over it (found by
  // fuzz/query_parser_fuzzer): then its last terms go, as if the reader had typed fewer.
  auto const notes = q.notes.size();
  assemble(q, terms);
  bool shortened = false;
  while (q.canonical_text.size() > kMaxQueryBytes && !terms.empty()) {
    terms.pop_back();
    q.notes.resize(notes);
    q.fts.clear();
    q.words.clear();
    q.required.clear();
    q.excluded.clear();
    assemble(q, terms);
    shortened = true;
  }
  if (shortened) q.notes.push_back(fmt::format(msg::kShortened, kMaxQueryBytes));
  return q;
}

}  // namespace dossier::search
