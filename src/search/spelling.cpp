#include "search/spelling.hpp"

#include <algorithm>
#include <cstdlib>

namespace dossier::search {

namespace {

constexpr std::size_t kShortWord = 4;
constexpr int kShortWordEdits = 1;
constexpr int kLongWordEdits = 2;
// The longest ending a stem leaves off a word ("ation", "ments").
constexpr std::size_t kMaxEnding = 5;

// Code points of a UTF-8 text; a stray byte counts as one (the texts come from the index
// and a sanitized query, so this is only a guard).
std::u32string code_points(std::string_view text) {
  std::u32string out;
  for (std::size_t i = 0; i < text.size();) {
    auto lead = static_cast<unsigned char>(text[i]);
    std::size_t n = lead < 0x80           ? 1
                    : (lead >> 5) == 0x6  ? 2
                    : (lead >> 4) == 0xE  ? 3
                    : (lead >> 3) == 0x1E ? 4
                                          : 1;
    if (i + n > text.size()) n = 1;
    char32_t c = n == 1 ? lead : lead & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k)
      c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    out.push_back(c);
    i += n;
  }
  return out;
}

int distance(std::u32string const& a, std::u32string const& b, int max) {
  if (std::abs(static_cast<int>(a.size()) - static_cast<int>(b.size())) > max) return max + 1;
  std::size_t n = b.size();
  std::vector<int> before(n + 1), previous(n + 1), current(n + 1);
  for (std::size_t j = 0; j <= n; ++j) previous[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = static_cast<int>(i);
    int row_min = current[0];
    for (std::size_t j = 1; j <= n; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        current[j] = std::min(current[j], before[j - 2] + 1);
      row_min = std::min(row_min, current[j]);
    }
    // Every later cell is at least this row's minimum.
    if (row_min > max) return max + 1;
    before.swap(previous);
    previous.swap(current);
  }
  return std::min(previous[n], max + 1);
}

}  // namespace

int edit_distance(std::string_view a, std::string_view b, int max) {
  return distance(code_points(a), code_points(b), max);
}

std::optional<std::string> closest_term(std::string_view word,
                                        std::vector<VocabularyTerm> const& vocabulary,
                                        TermForm form) {
  auto target = code_points(word);
  bool short_word = target.size() <= kShortWord;
  int allowed = short_word ? kShortWordEdits : kLongWordEdits;
  VocabularyTerm const* best = nullptr;
  int best_distance = allowed + 1;
  for (auto const& candidate : vocabulary) {
    if (candidate.term == word) continue;
    auto term = code_points(candidate.term);
    int d = distance(target, term, allowed);
    if (form == TermForm::Stem && !short_word && term.size() > kShortWord) {
      // The word's beginnings that leave an ending of 1..kMaxEnding code points.
      for (std::size_t ending = 1; ending <= kMaxEnding && ending < target.size(); ++ending)
        d = std::min(d, distance(target.substr(0, target.size() - ending), term, allowed));
    }
    if (d > allowed) continue;
    bool better = !best || d < best_distance ||
                  (d == best_distance &&
                   (candidate.documents > best->documents ||
                    (candidate.documents == best->documents && candidate.term < best->term)));
    if (better) {
      best = &candidate;
      best_distance = d;
    }
  }
  if (!best) return std::nullopt;
  return best->term;
}

}  // namespace dossier::search
