#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dossier::search {

// Optimal-string-alignment distance (insertions, deletions, substitutions and swaps of two
// neighbours each cost 1) over the code points of UTF-8 texts. Returns max + 1 as soon as
// the distance is known to exceed max.
int edit_distance(std::string_view a, std::string_view b, int max);

struct VocabularyTerm {
  std::string term;
  long long documents = 0;
};

// What the vocabulary holds: whole words, or stems ("desalin" for "desalination").
enum class TermForm { Word, Stem };

// The vocabulary term closest to `word`: within 1 edit for words of up to 4 code points,
// within 2 above; ties go to the term in more documents, then to the alphabetically first.
// Against stems, a longer word may also match by its beginning, within 1 edit:
// "desalinaton" is 0 edits from the stem "desalin" plus an ending of at most 5 code points (not for
// short words or short stems, where almost anything would match). Never `word` itself; nullopt when
// nothing is close enough.
std::optional<std::string> closest_term(std::string_view word,
                                        std::vector<VocabularyTerm> const& vocabulary,
                                        TermForm form = TermForm::Word);

}  // namespace dossier::search
