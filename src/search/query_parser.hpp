#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dossier::search {

constexpr std::size_t kMaxQueryBytes = 512;
constexpr std::size_t kMaxTerms = 24;

// Filters of the query language. Slugs are written as the site writes them: `tag:Baltic-Sea`
// and `author:"Lena Varga"` are "baltic-sea" and "lena-varga". Dates are UTC seconds, and
// both bounds are exclusive of the day they name: `before:2026-03-01` keeps what was
// published before that day began (published_at < before), `after:2026-02-28` keeps what
// was published after that day ended (published_at >= after, which is 2026-03-01T00:00Z).
// So "after:2025-12-31 before:2027-01-01" is the year 2026, as a reader would say it.
struct SearchFilters {
  std::vector<std::string> categories;  // slugs; every one must hold
  std::vector<std::string> tags;
  std::vector<std::string> authors;
  std::optional<std::string> kind;  // news, analysis, report or page
  std::optional<long long> before;
  std::optional<long long> after;
  bool empty() const {
    return categories.empty() && tags.empty() && authors.empty() && !kind && !before && !after;
  }
};

// One term of the reader's query: a word, an "exact phrase" or a prefix (the text before
// the `*`), as typed (after cleaning).
enum class TermKind { Word, Phrase, Prefix };
struct QueryTerm {
  TermKind kind = TermKind::Word;
  std::string text;
  bool operator==(QueryTerm const&) const = default;
};

struct ParsedQuery {
  // The query's terms, for a backend that writes its own expression (PostgreSQL's tsquery):
  // every group of `required` must match, a group when any of its terms does (the reader's
  // OR); no term of `excluded` may. The same terms `fts` is written from; `excluded` is empty
  // when `required` is.
  std::vector<std::vector<QueryTerm>> required;
  std::vector<QueryTerm> excluded;
  // The SQLite FTS5 expression: every word and phrase of the reader is a quoted FTS5 string,
  // so nothing typed can be FTS5 syntax. Empty when the query has no word to look for.
  std::string fts;
  // The plain words required (not phrases, prefixes or exclusions), as typed, for
  // "did you mean".
  std::vector<std::string> words;
  SearchFilters filters;
  // What was repaired or ignored, for the reader.
  std::vector<std::string> notes;
  // The query rewritten in the reader's language, for links that add or remove a filter:
  // required terms, then exclusions, then filters in a fixed order (category, tag, author,
  // kind, after, before), single spaces, without what was dropped. Parsing it again gives
  // the same expression and filters.
  std::string canonical_text;

  bool empty() const { return fts.empty() && filters.empty(); }
  std::string const& canonical() const { return canonical_text; }
};

// The reader's search language: words (all required), "exact phrases" (straight or curly
// quotes), -word and -"phrase" exclusions, OR between two terms (binding tighter than the
// implied AND: `a OR b c` is (a OR b) AND c), prefix* (two letters or digits or more), and
// the filters category:, tag:, author:, kind:, before:YYYY-MM-DD, after:YYYY-MM-DD (keys in
// any case; the value may be quoted). Never fails and never gives an FTS5 syntax error:
// what cannot be understood is dropped, with a note when the reader would wonder. Input
// beyond kMaxQueryBytes is cut on a character boundary; whitespace of any kind separates
// words, control and format characters are removed, invalid UTF-8 separates words; terms
// with no letter or digit (which FTS5 would read as a phrase matching nothing) are dropped.
ParsedQuery parse_query(std::string_view input);

}  // namespace dossier::search
