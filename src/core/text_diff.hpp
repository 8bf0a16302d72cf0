#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dossier::core {

// The difference between two revisions of an article, as the newsroom shows it: which lines
// were kept, added and removed, grouped into hunks like a unified diff (POSIX diff -u), and
// which words changed inside a changed line. Pure functions: no I/O, no state.
//
// A text is split on '\n' the way dossier::split does it, so a text that ends in '\n' has an
// empty last line. That keeps the diff lossless: joining one side's lines with '\n' gives
// that text back byte for byte, and adding a final newline shows as an added empty last
// line. The empty text has no lines at all. A '\r' stays part of its line, so callers that
// compare a CRLF revision with an LF one should normalize line endings first.
enum class DiffOp { Same, Added, Removed };

struct DiffLine {
  DiffOp op;
  std::string text;  // the line without its '\n'
  int old_number;    // 1-based line number in `before`, 0 for an added line
  int new_number;    // 1-based line number in `after`, 0 for a removed line

  bool operator==(DiffLine const&) const = default;
};

// The line diff, in order. It is minimal (fewest added plus removed lines, Myers 1986) unless
// more than a few hundred lines changed, where the search is capped to bound its cost and the
// result is near-minimal (see kMaxEditsPerSearch and kMaxSearchSteps in text_diff.cpp). Within a
// run of changes the removed lines come first, then the added ones, so the i-th removed line of a
// run pairs with its i-th added line for diff_words.
std::vector<DiffLine> diff_lines(std::string_view before, std::string_view after);

// A group of changes with up to `context` unchanged lines around them, as in a unified diff.
// Changes separated by at most 2 * context unchanged lines share a hunk. old_start is the
// first line of `before` in the hunk; when old_count is 0 it is the line after which the
// hunk's lines were inserted (0 at the top), as diff -u writes it. Likewise new_start.
struct DiffHunk {
  int old_start;
  int old_count;
  int new_start;
  int new_count;
  std::vector<DiffLine> lines;

  bool operator==(DiffHunk const&) const = default;
};

std::vector<DiffHunk> diff_hunks(std::string_view before, std::string_view after, int context = 3);
// The same grouping for lines already diffed, so a page that shows both the stats and the
// hunks diffs the revisions once.
std::vector<DiffHunk> group_hunks(std::vector<DiffLine> const& lines, int context = 3);

// Word-level spans within one changed line, for highlighting. Words are runs of
// non-whitespace between runs of whitespace (Unicode White_Space, so a no-break space
// separates words too); whitespace runs are tokens of their own, and no token boundary falls
// inside a UTF-8 sequence. Whitespace between two changed words counts as changed, so a
// replaced phrase is one span on each side. Adjacent spans never share an op; the Same and
// Removed spans concatenate to `before_line`, the Same and Added spans to `after_line`.
struct DiffSpan {
  DiffOp op;
  std::string text;

  bool operator==(DiffSpan const&) const = default;
};

std::vector<DiffSpan> diff_words(std::string_view before_line, std::string_view after_line);

// Counts for a short summary such as "+12 −3 lines".
struct DiffStats {
  int added = 0;
  int removed = 0;
};

DiffStats diff_stats(std::vector<DiffLine> const& lines);
// "+12 −3 lines", with a real minus sign (U+2212) as typography asks for.
std::string diff_summary(DiffStats const& stats);

}  // namespace dossier::core
