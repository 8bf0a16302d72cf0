#include "search/spelling.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include <unicode/utf8.h>

namespace dossier::search {

namespace {

constexpr std::size_t kShortWord = 4;  // code points
constexpr int kShortWordEdits = 1;
constexpr int kLongWordEdits = 2;
// The longest ending a stem leaves off a word ("ation", "ments").
constexpr std::size_t kMaxEnding = 5;
// What an invalid byte counts as: the texts come from the index and a cleaned query, so
// this is only a guard, but a stray byte still counts as one character.
constexpr char32_t kReplacement = 0xFFFD;

void decode(std::string_view text, std::u32string& out) {
  out.clear();
  auto const* s = reinterpret_cast<std::uint8_t const*>(text.data());
  auto length = static_cast<std::int32_t>(text.size());
  for (std::int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    out.push_back(c < 0 ? kReplacement : static_cast<char32_t>(c));
  }
}

// Optimal string alignment with three rolling rows. The rows live in the object, so that
// comparing one word with a whole vocabulary does not allocate for every term.
class Distance {
 public:
  int operator()(std::u32string_view a, std::u32string_view b, int max) {
    if (max < 0) return a == b ? 0 : max + 1;
    auto size_gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
    if (size_gap > static_cast<std::size_t>(max)) return max + 1;
    std::size_t n = b.size();
    two_back_.assign(n + 1, 0);
    previous_.resize(n + 1);
    current_.assign(n + 1, 0);
    for (std::size_t j = 0; j <= n; ++j) previous_[j] = static_cast<int>(j);
    for (std::size_t i = 1; i <= a.size(); ++i) {
      current_[0] = static_cast<int>(i);
      int row_min = current_[0];
      for (std::size_t j = 1; j <= n; ++j) {
        int cost = a[i - 1] == b[j - 1] ? 0 : 1;
        current_[j] = std::min({previous_[j] + 1, current_[j - 1] + 1, previous_[j - 1] + cost});
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
          current_[j] = std::min(current_[j], two_back_[j - 2] + 1);
        row_min = std::min(row_min, current_[j]);
      }
      // No later cell can be smaller than this row's smallest: a swap reaching back two
      // rows costs at least what the row between already holds.
      if (row_min > max) return max + 1;
      two_back_.swap(previous_);
      previous_.swap(current_);
    }
    return std::min(previous_[n], max + 1);
  }

 private:
  std::vector<int> two_back_, previous_, current_;
};

bool better(VocabularyTerm const& candidate, int d, VocabularyTerm const* best, int best_d) {
  if (!best || d != best_d) return !best || d < best_d;
  if (candidate.documents != best->documents) return candidate.documents > best->documents;
  return candidate.term < best->term;
}

}  // namespace

int edit_distance(std::string_view a, std::string_view b, int max) {
  std::u32string left, right;
  decode(a, left);
  decode(b, right);
  return Distance{}(left, right, max);
}

std::optional<std::string> closest_term(std::string_view word,
                                        std::vector<VocabularyTerm> const& vocabulary,
                                        TermForm form) {
  std::u32string target, term;
  decode(word, target);
  bool short_word = target.size() <= kShortWord;
  int allowed = short_word ? kShortWordEdits : kLongWordEdits;
  Distance distance;
  VocabularyTerm const* best = nullptr;
  int best_distance = allowed + 1;
  for (auto const& candidate : vocabulary) {
    if (candidate.term == word) continue;
    decode(candidate.term, term);
    int d = distance(target, term, allowed);
    if (form == TermForm::Stem && !short_word && term.size() > kShortWord) {
      // The word's beginnings that leave an ending of 1..kMaxEnding code points, within
      // one edit: two edits on a beginning let unrelated words in ("desalinaton" would
      // become "detailed", its beginning "desali" being two edits from "detail").
      std::u32string_view whole = target;
      for (std::size_t ending = 1; ending <= kMaxEnding && ending < whole.size(); ++ending) {
        int near = distance(whole.substr(0, whole.size() - ending), term, kShortWordEdits);
        if (near <= kShortWordEdits) d = std::min(d, near);
      }
    }
    if (d > allowed || !better(candidate, d, best, best_distance)) continue;
    best = &candidate;
    best_distance = d;
  }
  if (!best) return std::nullopt;
  return best->term;
}

}  // namespace dossier::search
