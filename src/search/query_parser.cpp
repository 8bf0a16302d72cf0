#include "search/query_parser.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

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
    "A prefix search needs at least {} characters before the *; '{}' was searched as a word.";
constexpr char const* kBadKind = "'kind:{}' is not a kind (news, analysis, report, page); ignored.";
constexpr char const* kBadDate = "'{}:{}' is not a date (YYYY-MM-DD); ignored.";
}  // namespace msg

constexpr std::size_t kMinPrefix = 2;
constexpr std::array<std::string_view, 4> kKinds = {"news", "analysis", "report", "page"};
constexpr long long kSecondsPerDay = 86400;

enum class TermKind { Word, Phrase, Prefix };

struct Term {
  TermKind kind = TermKind::Word;
  std::string text;
  bool excluded = false;
  bool or_before = false;  // joined to the previous term by OR
};

bool has_word_character(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || u >= 0x80;
  });
}

// Length of the valid UTF-8 sequence at text[i], or 0 when it is not one.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  auto lead = static_cast<unsigned char>(text[i]);
  std::size_t n = lead < 0x80           ? 1
                  : (lead >> 5) == 0x6  ? 2
                  : (lead >> 4) == 0xE  ? 3
                  : (lead >> 3) == 0x1E ? 4
                                        : 0;
  if (n == 0 || i + n > text.size()) return 0;
  if (n > 1 && !is_valid_utf8(text.substr(i, n))) return 0;
  return n;
}

// Control characters and invalid bytes become spaces; curly and low quotes become '"'.
// Cut at kMaxQueryBytes on a character boundary.
std::string clean(std::string_view input, std::vector<std::string>& notes) {
  std::string out;
  out.reserve(std::min(input.size(), kMaxQueryBytes));
  for (std::size_t i = 0; i < input.size();) {
    auto n = utf8_length(input, i);
    if (n == 0) {
      out.push_back(' ');
      ++i;
      continue;
    }
    auto piece = input.substr(i, n);
    i += n;
    if (out.size() + n > kMaxQueryBytes) {
      notes.push_back(fmt::format(msg::kShortened, kMaxQueryBytes));
      break;
    }
    auto c = static_cast<unsigned char>(piece[0]);
    if (n == 1 && (c < 0x20 || c == 0x7F)) {
      out.push_back(' ');
    } else if (piece == "\u201C" || piece == "\u201D" || piece == "\u201E") {
      out.push_back('"');
    } else {
      out.append(piece);
    }
  }
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
  return t.kind == TermKind::Prefix ? fts_string(t.text) + " *" : fts_string(t.text);
}

std::string reader_term(Term const& t) {
  std::string out = t.excluded ? "-" : "";
  if (t.kind == TermKind::Phrase) return out + "\"" + t.text + "\"";
  return out + t.text + (t.kind == TermKind::Prefix ? "*" : "");
}

std::optional<long long> parse_day(std::string_view text) {
  auto t = parse_rfc3339(text);
  // A round trip rejects what a lenient parser might accept ("2024-02-31").
  if (text.size() != 10 || !t || format_rfc3339(*t).substr(0, 10) != text) return std::nullopt;
  return *t;
}

// Applies `key:value` when key is a filter; false when the token is ordinary text.
bool apply_filter(std::string_view token, ParsedQuery& q) {
  auto colon = token.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == token.size()) return false;
  auto key = to_lower(token.substr(0, colon));
  auto value = std::string(token.substr(colon + 1));
  auto add_unique = [](std::vector<std::string>& list, std::string v) {
    if (std::find(list.begin(), list.end(), v) == list.end()) list.push_back(std::move(v));
  };
  if (key == "category") {
    add_unique(q.filters.categories, to_lower(value));
  } else if (key == "tag") {
    add_unique(q.filters.tags, to_lower(value));
  } else if (key == "author") {
    add_unique(q.filters.authors, to_lower(value));
  } else if (key == "kind") {
    auto kind = to_lower(value);
    if (std::find(kKinds.begin(), kKinds.end(), kind) != kKinds.end())
      q.filters.kind = kind;
    else
      q.notes.push_back(fmt::format(msg::kBadKind, value));
  } else if (key == "before" || key == "after") {
    auto day = parse_day(value);
    if (!day) {
      q.notes.push_back(fmt::format(msg::kBadDate, key, value));
    } else if (key == "before") {
      q.filters.before = *day;
    } else {
      q.filters.after = *day + kSecondsPerDay;
    }
  } else {
    return false;
  }
  return true;
}

// Splits the cleaned query into terms and filters; ORs become `or_before` marks.
std::vector<Term> scan(std::string const& text, ParsedQuery& q) {
  std::vector<Term> terms;
  bool pending_or = false;
  bool dropped_or = false;
  bool too_many = false;
  auto push = [&](Term t) {
    if (terms.size() >= kMaxTerms) {
      too_many = true;
      return;
    }
    if (pending_or) {
      if (!terms.empty() && !t.excluded && !terms.back().excluded)
        t.or_before = true;
      else
        dropped_or = true;
      pending_or = false;
    }
    terms.push_back(std::move(t));
  };
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    bool excluded = false;
    if (text[i] == '-' && i + 1 < text.size() && text[i + 1] != ' ') {
      excluded = true;
      ++i;
    }
    if (text[i] == '"') {
      auto close = text.find('"', i + 1);
      if (close == std::string::npos) {
        // The rest is read as words: what a reader who forgot a quote meant.
        q.notes.push_back(msg::kUnbalancedQuote);
        ++i;
        continue;
      }
      auto phrase = std::string(trim(std::string_view(text).substr(i + 1, close - i - 1)));
      i = close + 1;
      // Single spaces inside, as FTS5 and the canonical query both want.
      std::string squeezed;
      for (char c : phrase)
        if (c != ' ' || (!squeezed.empty() && squeezed.back() != ' ')) squeezed.push_back(c);
      if (has_word_character(squeezed)) push({TermKind::Phrase, squeezed, excluded});
      continue;
    }
    auto end = text.find_first_of(" \"", i);
    if (end == std::string::npos) end = text.size();
    auto token = text.substr(i, end - i);
    i = end;
    if (!excluded && token == "OR") {
      if (pending_or || terms.empty()) dropped_or = true;
      pending_or = true;
      continue;
    }
    if (!excluded && apply_filter(token, q)) continue;
    Term t{TermKind::Word, token, excluded};
    if (token.ends_with('*')) {
      auto stem = token.substr(0, token.find_last_not_of('*') + 1);
      if (token.find_last_not_of('*') == std::string::npos) stem.clear();
      if (stem.size() >= kMinPrefix) {
        t = {TermKind::Prefix, stem, excluded};
      } else if (!stem.empty()) {
        q.notes.push_back(fmt::format(msg::kShortPrefix, kMinPrefix, stem));
        t.text = stem;
      }
    }
    if (has_word_character(t.text)) push(std::move(t));
  }
  if (pending_or) dropped_or = true;
  if (dropped_or) q.notes.push_back(msg::kLoneOr);
  if (too_many) q.notes.push_back(fmt::format(msg::kTooManyTerms, kMaxTerms));
  return terms;
}

}  // namespace

ParsedQuery parse_query(std::string_view input) {
  ParsedQuery q;
  auto text = clean(input, q.notes);
  auto terms = scan(text, q);

  // Positive terms in groups joined by OR; the groups are all required.
  std::vector<std::vector<Term const*>> groups;
  std::vector<Term const*> excluded;
  for (auto const& t : terms) {
    if (t.excluded) {
      excluded.push_back(&t);
    } else if (t.or_before && !groups.empty()) {
      groups.back().push_back(&t);
    } else {
      groups.push_back({&t});
    }
  }
  std::vector<std::string> parts;
  for (auto const& group : groups) {
    if (group.size() == 1) {
      parts.push_back(fts_term(*group.front()));
      continue;
    }
    std::string alternatives;
    for (auto const* t : group) alternatives += (alternatives.empty() ? "" : " OR ") + fts_term(*t);
    parts.push_back("(" + alternatives + ")");
  }
  if (!parts.empty()) {
    std::string required;
    for (auto const& p : parts) required += (required.empty() ? "" : " AND ") + p;
    q.fts = excluded.empty() ? required : "(" + required + ")";
    for (auto const* t : excluded) q.fts += " NOT " + fts_term(*t);
  } else if (!excluded.empty()) {
    q.notes.push_back(msg::kOnlyExclusions);
    excluded.clear();
  }
  for (auto const& t : terms)
    if (!t.excluded && t.kind == TermKind::Word) q.words.push_back(t.text);

  // The canonical text: the terms kept, then the filters.
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
  if (f.after) out.push_back("after:" + format_rfc3339(*f.after - kSecondsPerDay).substr(0, 10));
  if (f.before) out.push_back("before:" + format_rfc3339(*f.before).substr(0, 10));
  for (auto const& piece : out) q.canonical_text += (q.canonical_text.empty() ? "" : " ") + piece;
  return q;
}

}  // namespace dossier::search
