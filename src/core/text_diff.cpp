#include "core/text_diff.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iterator>
#include <span>

#include "core/strings.hpp"

namespace dossier::core {

namespace {

// Myers' search keeps, for every edit count d, the furthest point reached on each diagonal;
// backtracking needs all of them, so memory grows as d squared. One search stops after this
// many edits (about 1 MB of trace) and the diff goes on with a fresh search from the furthest
// point it reached. The path up to that point is still optimal, so texts with many scattered
// edits get a near-minimal diff rather than a wall of removed and added lines.
constexpr int kMaxEditsPerSearch = 500;

// Myers costs O((N + M) * D). Lines found on one side only are set aside before the search
// (see diff_matchable), so two bodies that share nothing cost no search at all; but two 2 MB
// bodies that differ throughout while sharing many short lines (blank lines, list markers,
// rules) have tens of thousands of lines times as many edits, seconds of CPU for one page
// view. Every diagonal visited and every pair of lines compared counts as a step; once a diff
// has spent this many (some 50 ms), the part it has not reached is shown as all removed, then
// all added, which is what a reader makes of such a pair anyway.
constexpr std::int64_t kMaxSearchSteps = 8'000'000;

using Ops = std::vector<DiffOp>;

void append(Ops& ops, DiffOp op, std::size_t count) {
  ops.insert(ops.end(), count, op);
}

// Where one capped search ended, relative to the start of the sequences it was given.
struct SearchEnd {
  bool reached_end = false;
  int x = 0;
  int y = 0;
};

// Memory one diff reuses across its searches, so a long diff does not fault in fresh pages
// for every search.
struct SearchBuffers {
  std::vector<int> frontier;
  std::vector<int> trace;
};

// The forward greedy search of Myers, "An O(ND) Difference Algorithm and Its Variations"
// (Algorithmica, 1986), section 3, with the trace kept for backtracking. A point (x, y) means
// a[0..x) and b[0..y) are done; diagonal k holds the points with x - y = k. Appends the
// optimal edit path from (0, 0) to the end or, when the search is capped, to the furthest
// point it reached.
class Search {
 public:
  Search(std::span<int const> a, std::span<int const> b, std::int64_t& steps_left,
         SearchBuffers& buffers)
      : a_(a),
        b_(b),
        n_(static_cast<int>(a.size())),
        m_(static_cast<int>(b.size())),
        steps_left_(steps_left),
        frontier_(buffers.frontier),
        trace_(buffers.trace) {}

  SearchEnd run(Ops& ops) {
    int const max_d = std::min(kMaxEditsPerSearch, n_ + m_);
    // frontier_[k + max_d + 1] is the furthest x on diagonal k so far, with a slot to spare
    // on each side for the neighbours of the outermost diagonals.
    frontier_.assign(2 * static_cast<std::size_t>(max_d) + 3, kUnreached);
    trace_.clear();
    int* const v = frontier_.data() + max_d + 1;
    for (int d = 0; d <= max_d; ++d) {
      // Diagonals outside the grid are never visited; the bounds keep the parity of d.
      int const lo = d > m_ ? -m_ + ((d - m_) & 1) : -d;
      int const hi = d > n_ ? n_ - ((d - n_) & 1) : d;
      for (int k = lo; k <= hi; k += 2) {
        // A capped search drops the row it was filling: backtracking needs complete rows.
        if (steps_left_ <= 0) return backtrack_from_furthest(ops);
        --steps_left_;
        int const entered_at = d == 0 ? 0 : entry_x(v[k + 1], v[k - 1], k);
        v[k] = entered_at;
        if (entered_at == kUnreached) continue;
        int x = entered_at;
        int y = x - k;
        while (x < n_ && y < m_ && a_[x] == b_[y]) {
          ++x;
          ++y;
        }
        steps_left_ -= x - entered_at;
        v[k] = x;
        if (x == n_ && y == m_) {
          trace_.insert(trace_.end(), v - d, v + d + 1);
          backtrack(d, k, ops);
          return {true, n_, m_};
        }
      }
      // Row d keeps diagonals -d..d. The slots of the other parity still hold row d - 1, but
      // only diagonals of d's parity are ever read back from row d.
      trace_.insert(trace_.end(), v - d, v + d + 1);
      complete_rows_ = d + 1;
    }
    return backtrack_from_furthest(ops);
  }

 private:
  static constexpr int kUnreached = -1;

  // Row d holds diagonals -d..d and rows 0..d-1 hold d * d entries before it, so the whole
  // trace is one flat array.
  static std::size_t index(int d, int k) {
    return static_cast<std::size_t>(d) * static_cast<std::size_t>(d) +
           static_cast<std::size_t>(k + d);
  }

  int at(int d, int k) const { return k < -d || k > d ? kUnreached : trace_[index(d, k)]; }

  // The x where diagonal k is entered: one step down (an added item) from the point `above`
  // on diagonal k + 1, or one step right (a removed item) from the point `left` on diagonal
  // k - 1, whichever gets further. Both steps must stay in the grid, which the textbook
  // version leaves implicit.
  int down_x(int above, int k) const {
    return above != kUnreached && above - (k + 1) < m_ ? above : kUnreached;
  }
  int right_x(int left) const { return left != kUnreached && left < n_ ? left + 1 : kUnreached; }
  int entry_x(int above, int left, int k) const {
    return std::max(down_x(above, k), right_x(left));
  }

  // Walks back from diagonal k at edit d, then appends the path forwards.
  void backtrack(int d, int k, Ops& ops) const {
    Ops reversed;
    int x = at(d, k);
    for (; d > 0; --d) {
      int const down = down_x(at(d - 1, k + 1), k);
      int const right = right_x(at(d - 1, k - 1));
      bool const went_down = down >= right;
      int const entered_at = went_down ? down : right;
      append(reversed, DiffOp::Same, static_cast<std::size_t>(x - entered_at));
      reversed.push_back(went_down ? DiffOp::Added : DiffOp::Removed);
      k = went_down ? k + 1 : k - 1;
      x = at(d - 1, k);
    }
    append(reversed, DiffOp::Same, static_cast<std::size_t>(x));
    ops.insert(ops.end(), reversed.rbegin(), reversed.rend());
  }

  // The point of the last complete row that got furthest through both sequences; among
  // equals, the one nearest the diagonal of the end point, so the rest stays balanced.
  SearchEnd backtrack_from_furthest(Ops& ops) const {
    if (complete_rows_ == 0) return {};
    int const d = complete_rows_ - 1;
    int best_k = 0;
    int best_progress = -1;
    for (int k = -d; k <= d; k += 2) {
      int const x = at(d, k);
      if (x == kUnreached) continue;
      int const progress = 2 * x - k;
      bool const better =
          progress > best_progress ||
          (progress == best_progress && std::abs(k - (n_ - m_)) < std::abs(best_k - (n_ - m_)));
      if (better) {
        best_progress = progress;
        best_k = k;
      }
    }
    backtrack(d, best_k, ops);
    int const x = at(d, best_k);
    return {false, x, x - best_k};
  }

  std::span<int const> a_;
  std::span<int const> b_;
  int n_;
  int m_;
  std::int64_t& steps_left_;
  std::vector<int>& frontier_;
  std::vector<int>& trace_;  // trace_[index(d, k)]: furthest x on diagonal k after d edits
  int complete_rows_ = 0;
};

// Edits of the middle part, after the common prefix and suffix are gone.
void diff_middle(std::span<int const> a, std::span<int const> b, Ops& ops) {
  std::int64_t steps_left = kMaxSearchSteps;
  SearchBuffers buffers;
  std::size_t x = 0;
  std::size_t y = 0;
  while (x < a.size() && y < b.size()) {
    auto const end = Search(a.subspan(x), b.subspan(y), steps_left, buffers).run(ops);
    x += static_cast<std::size_t>(end.x);
    y += static_cast<std::size_t>(end.y);
    // Out of budget, or no progress at all: the rest is shown as replaced wholesale.
    if (end.reached_end || steps_left <= 0 || (end.x == 0 && end.y == 0)) break;
  }
  append(ops, DiffOp::Removed, a.size() - x);
  append(ops, DiffOp::Added, b.size() - y);
}

// Items that occur on one side only can never be matched, so they are removed or added in
// every minimal script. Taking them out before the search keeps the result minimal, shortens
// the search, and makes a rewritten passage cheap: two bodies that share no line at all need
// no search. GNU diff does the same (discard_confusing_lines in analyze.c).
void diff_matchable(std::vector<int> const& a, std::vector<int> const& b, std::size_t id_count,
                    Ops& ops) {
  constexpr unsigned char kInA = 1;
  constexpr unsigned char kInB = 2;
  constexpr unsigned char kInBoth = kInA | kInB;
  std::vector<unsigned char> sides(id_count, 0);
  for (int const id : a) sides[static_cast<std::size_t>(id)] |= kInA;
  for (int const id : b) sides[static_cast<std::size_t>(id)] |= kInB;
  auto matchable = [&](int id) { return sides[static_cast<std::size_t>(id)] == kInBoth; };

  std::vector<int> kept_a;
  std::vector<int> kept_b;
  std::copy_if(a.begin(), a.end(), std::back_inserter(kept_a), matchable);
  std::copy_if(b.begin(), b.end(), std::back_inserter(kept_b), matchable);
  if (kept_a.size() == a.size() && kept_b.size() == b.size()) {
    diff_middle(a, b, ops);
    return;
  }
  Ops kept_ops;
  diff_middle(kept_a, kept_b, kept_ops);

  // Puts every discarded item back just before the next kept item of its side.
  std::size_t i = 0;
  std::size_t j = 0;
  auto skip_unmatchable = [&] {
    for (; i < a.size() && !matchable(a[i]); ++i) ops.push_back(DiffOp::Removed);
    for (; j < b.size() && !matchable(b[j]); ++j) ops.push_back(DiffOp::Added);
  };
  for (DiffOp const op : kept_ops) {
    skip_unmatchable();
    ops.push_back(op);
    if (op != DiffOp::Added) ++i;
    if (op != DiffOp::Removed) ++j;
  }
  skip_unmatchable();
}

// Puts the removed items of every run of changes before its added ones. Each side keeps its
// order and the counts stay the same, so the script stays valid and minimal; it reads better
// and pairs the lines of a changed block.
void group_changes(Ops& ops) {
  std::size_t i = 0;
  while (i < ops.size()) {
    if (ops[i] == DiffOp::Same) {
      ++i;
      continue;
    }
    std::size_t end = i;
    std::size_t removed = 0;
    while (end < ops.size() && ops[end] != DiffOp::Same) {
      if (ops[end] == DiffOp::Removed) ++removed;
      ++end;
    }
    std::fill(ops.begin() + static_cast<std::ptrdiff_t>(i),
              ops.begin() + static_cast<std::ptrdiff_t>(i + removed), DiffOp::Removed);
    std::fill(ops.begin() + static_cast<std::ptrdiff_t>(i + removed),
              ops.begin() + static_cast<std::ptrdiff_t>(end), DiffOp::Added);
    i = end;
  }
}

// Numbers distinct items 0, 1, 2... in the order first seen. An open-addressing table kept
// at most half full: std::unordered_map allocates a node per item, which made interning the
// dearest part of diffing a large text with many distinct lines.
class Interner {
 public:
  explicit Interner(std::size_t most_items) {
    std::size_t capacity = kMinCapacity;
    while (capacity < 2 * most_items) capacity *= 2;
    slots_.assign(capacity, kEmpty);
    items_.reserve(most_items);
  }

  int id(std::string_view item) {
    std::size_t const mask = slots_.size() - 1;
    for (std::size_t i = std::hash<std::string_view>{}(item)&mask;; i = (i + 1) & mask) {
      int const slot = slots_[i];
      if (slot == kEmpty) {
        slots_[i] = static_cast<int>(items_.size());
        items_.push_back(item);
        return slots_[i];
      }
      if (items_[static_cast<std::size_t>(slot)] == item) return slot;
    }
  }

  std::size_t size() const { return items_.size(); }

 private:
  static constexpr int kEmpty = -1;
  static constexpr std::size_t kMinCapacity = 16;
  std::vector<int> slots_;
  std::vector<std::string_view> items_;
};

// The edit script turning `a` into `b`: one op per kept, removed or added item.
Ops diff_sequences(std::vector<std::string_view> const& a, std::vector<std::string_view> const& b) {
  // Most revisions change a few paragraphs of a long body, so the shared head and tail are
  // most of the text; stripping them is linear and leaves the search only the middle.
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
    ++suffix;

  // The search compares items many times, so it compares small integers, not strings.
  Interner interner(a.size() + b.size() - 2 * (prefix + suffix));
  auto intern = [&](std::vector<std::string_view> const& items) {
    std::vector<int> ids;
    ids.reserve(items.size() - prefix - suffix);
    for (std::size_t i = prefix; i < items.size() - suffix; ++i)
      ids.push_back(interner.id(items[i]));
    return ids;
  };
  auto const middle_a = intern(a);
  auto const middle_b = intern(b);

  Ops ops;
  ops.reserve(a.size() + b.size() - prefix - suffix);
  append(ops, DiffOp::Same, prefix);
  diff_matchable(middle_a, middle_b, interner.size(), ops);
  append(ops, DiffOp::Same, suffix);
  group_changes(ops);
  return ops;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  if (text.empty()) return {};
  return split(text, '\n');
}

// The byte length of the character at text[i]: the whole UTF-8 sequence its lead byte
// announces, cut short where a continuation byte is missing. A stray byte counts alone, so
// malformed text still tokenizes, and a boundary never falls inside a well-formed sequence.
std::size_t char_length(std::string_view text, std::size_t i) {
  auto const lead = static_cast<unsigned char>(text[i]);
  std::size_t expected = 1;
  if ((lead & 0xE0) == 0xC0)
    expected = 2;
  else if ((lead & 0xF0) == 0xE0)
    expected = 3;
  else if ((lead & 0xF8) == 0xF0)
    expected = 4;
  std::size_t length = 1;
  while (length < expected && i + length < text.size() &&
         (static_cast<unsigned char>(text[i + length]) & 0xC0) == 0x80)
    ++length;
  return length;
}

// The byte length of the whitespace character at text[i], or 0 when it is not one. The set
// is Unicode's White_Space property (UCD PropList.txt): newsroom copy carries no-break and
// thin spaces from typography, and they separate words as a space does.
std::size_t whitespace_length(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) -> unsigned char {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
  };
  unsigned char const c = byte(0);
  if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
  if (c == 0xC2 && (byte(1) == 0x85 || byte(1) == 0xA0)) return 2;
  if (c == 0xE1 && byte(1) == 0x9A && byte(2) == 0x80) return 3;  // U+1680
  if (c == 0xE2 && byte(1) == 0x80) {
    unsigned char const last = byte(2);
    bool const space = (last >= 0x80 && last <= 0x8A) || last == 0xA8 || last == 0xA9 ||
                       last == 0xAF;  // U+2000..U+200A, U+2028, U+2029, U+202F
    return space ? 3 : 0;
  }
  if (c == 0xE2 && byte(1) == 0x81 && byte(2) == 0x9F) return 3;  // U+205F
  if (c == 0xE3 && byte(1) == 0x80 && byte(2) == 0x80) return 3;  // U+3000
  return 0;
}

// Alternating runs of whitespace and of everything else.
std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> tokens;
  std::size_t start = 0;
  while (start < text.size()) {
    bool const space = whitespace_length(text, start) > 0;
    std::size_t end = start;
    while (end < text.size()) {
      std::size_t const ws = whitespace_length(text, end);
      if ((ws > 0) != space) break;
      end += ws > 0 ? ws : char_length(text, end);
    }
    tokens.push_back(text.substr(start, end - start));
    start = end;
  }
  return tokens;
}

bool is_whitespace_token(std::string_view token) {
  return !token.empty() && whitespace_length(token, 0) > 0;
}

struct WordEdit {
  DiffOp op;
  std::string_view text;
};

}  // namespace

std::vector<DiffLine> diff_lines(std::string_view before, std::string_view after) {
  auto const old_lines = split_lines(before);
  auto const new_lines = split_lines(after);
  auto const ops = diff_sequences(old_lines, new_lines);

  std::vector<DiffLine> lines;
  lines.reserve(ops.size());
  std::size_t i = 0;
  std::size_t j = 0;
  for (DiffOp const op : ops) {
    switch (op) {
      case DiffOp::Same:
        lines.push_back(
            {op, std::string(old_lines[i]), static_cast<int>(i + 1), static_cast<int>(j + 1)});
        ++i;
        ++j;
        break;
      case DiffOp::Removed:
        lines.push_back({op, std::string(old_lines[i]), static_cast<int>(i + 1), 0});
        ++i;
        break;
      case DiffOp::Added:
        lines.push_back({op, std::string(new_lines[j]), 0, static_cast<int>(j + 1)});
        ++j;
        break;
    }
  }
  return lines;
}

std::vector<DiffHunk> group_hunks(std::vector<DiffLine> const& lines, int context) {
  std::size_t const around = static_cast<std::size_t>(std::max(context, 0));
  std::vector<DiffHunk> hunks;
  std::size_t i = 0;
  // Lines of each side that precede lines[i], for the start of a hunk without lines there.
  int old_seen = 0;
  int new_seen = 0;
  std::size_t counted = 0;
  while (i < lines.size()) {
    if (lines[i].op == DiffOp::Same) {
      ++i;
      continue;
    }
    // lines[i] is the first change of a new hunk; extend over changes whose gap of
    // unchanged lines is at most 2 * context, so the context of two hunks never overlaps.
    std::size_t last_change = i;
    std::size_t k = i + 1;
    while (k < lines.size()) {
      if (lines[k].op != DiffOp::Same) {
        last_change = k;
        ++k;
        continue;
      }
      std::size_t gap_end = k;
      while (gap_end < lines.size() && lines[gap_end].op == DiffOp::Same) ++gap_end;
      if (gap_end == lines.size() || gap_end - k > 2 * around) break;
      k = gap_end;
    }
    std::size_t const begin = i > around ? i - around : 0;
    std::size_t const end = std::min(lines.size(), last_change + 1 + around);

    for (; counted < begin; ++counted) {
      if (lines[counted].op != DiffOp::Added) ++old_seen;
      if (lines[counted].op != DiffOp::Removed) ++new_seen;
    }
    DiffHunk hunk{0, 0, 0, 0, {}};
    hunk.lines.assign(lines.begin() + static_cast<std::ptrdiff_t>(begin),
                      lines.begin() + static_cast<std::ptrdiff_t>(end));
    for (auto const& line : hunk.lines) {
      if (line.op != DiffOp::Added) ++hunk.old_count;
      if (line.op != DiffOp::Removed) ++hunk.new_count;
    }
    hunk.old_start = hunk.old_count > 0 ? old_seen + 1 : old_seen;
    hunk.new_start = hunk.new_count > 0 ? new_seen + 1 : new_seen;
    hunks.push_back(std::move(hunk));
    i = end;
  }
  return hunks;
}

std::vector<DiffHunk> diff_hunks(std::string_view before, std::string_view after, int context) {
  return group_hunks(diff_lines(before, after), context);
}

std::vector<DiffSpan> diff_words(std::string_view before_line, std::string_view after_line) {
  auto const old_words = split_words(before_line);
  auto const new_words = split_words(after_line);
  auto const ops = diff_sequences(old_words, new_words);

  std::vector<WordEdit> edits;
  edits.reserve(ops.size());
  std::size_t i = 0;
  std::size_t j = 0;
  for (DiffOp const op : ops) {
    if (op == DiffOp::Added)
      edits.push_back({op, new_words[j++]});
    else
      edits.push_back({op, old_words[i++]});
    if (op == DiffOp::Same) ++j;
  }

  // Whitespace kept between two changed words would split one replaced phrase into
  // alternating fragments ("-a +x", " ", "-b +y"); folding it into the change reads as
  // "-a b +x y", which is how an editor sees the edit.
  std::vector<WordEdit> folded;
  folded.reserve(edits.size() + edits.size() / 2);
  for (std::size_t k = 0; k < edits.size(); ++k) {
    auto const& edit = edits[k];
    bool const between_changes = edit.op == DiffOp::Same && k > 0 && k + 1 < edits.size() &&
                                 edits[k - 1].op != DiffOp::Same && edits[k + 1].op != DiffOp::Same;
    if (between_changes && is_whitespace_token(edit.text)) {
      folded.push_back({DiffOp::Removed, edit.text});
      folded.push_back({DiffOp::Added, edit.text});
    } else {
      folded.push_back(edit);
    }
  }

  // One Same span per unchanged run; one Removed then one Added span per changed run.
  std::vector<DiffSpan> spans;
  std::size_t k = 0;
  while (k < folded.size()) {
    if (folded[k].op == DiffOp::Same) {
      std::string text;
      for (; k < folded.size() && folded[k].op == DiffOp::Same; ++k) text += folded[k].text;
      spans.push_back({DiffOp::Same, std::move(text)});
      continue;
    }
    std::string removed;
    std::string added;
    for (; k < folded.size() && folded[k].op != DiffOp::Same; ++k)
      (folded[k].op == DiffOp::Removed ? removed : added) += folded[k].text;
    if (!removed.empty()) spans.push_back({DiffOp::Removed, std::move(removed)});
    if (!added.empty()) spans.push_back({DiffOp::Added, std::move(added)});
  }
  return spans;
}

DiffStats diff_stats(std::vector<DiffLine> const& lines) {
  DiffStats stats;
  for (auto const& line : lines) {
    if (line.op == DiffOp::Added) ++stats.added;
    if (line.op == DiffOp::Removed) ++stats.removed;
  }
  return stats;
}

std::string diff_summary(DiffStats const& stats) {
  std::string summary = "+";
  summary += std::to_string(stats.added);
  // U+2212 MINUS SIGN in UTF-8, spelled as bytes so the source charset cannot change it.
  summary += " \xE2\x88\x92";
  summary += std::to_string(stats.removed);
  summary += " lines";
  return summary;
}

}  // namespace dossier::core
