#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "insight/analysis.hpp"

namespace dossier::insight {

enum class TokenKind { Word, Number, Punct };

// A word, number or punctuation mark of a Document, from ICU's word break iterator; white
// space is not a token. A possessive ending ("'s", "’s") is split off as a token of its own,
// so "Russia's" is "Russia" + "'s".
struct Token {
  std::size_t begin = 0;  // byte offsets in Document::text
  std::size_t end = 0;
  std::string_view text;
  TokenKind kind = TokenKind::Punct;
  int sentence = 0;          // from ICU's sentence break iterator (English, with abbreviations)
  int paragraph = 0;         // 0 is the title
  bool capitalized = false;  // starts with an upper-case letter
};

std::vector<Token> tokenize(Document const& doc);

// The same splitting for a free-standing phrase: its tokens' texts.
std::vector<std::string> split_words(std::string_view text);

bool is_possessive(std::string_view token);  // "'s", "’s", "'"

}  // namespace dossier::insight
