#pragma once

// The figure extractor's pieces of text (internal to insight/): the segments of ICU's word break
// iterator with white space remembered as gaps, shared by the number lexicon
// (number_lexicon.cpp, which splits its terms the same way) and the scanner (figures.cpp).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "insight/figures.hpp"

namespace dossier::insight::figure_text {

// A term of the lexicon has at most this many pieces ("per cent" is two).
constexpr std::size_t kMaxTermPieces = 8;

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

// Full case folding (ICU), for case-insensitive terms.
std::string fold(std::string_view text);
std::vector<Piece> split_pieces(std::string_view text);
bool has_capital(std::string_view text);
double to_number(std::string_view value);
// Whether the piece is the term's k-th piece (exactly, or folded for a lower-case term).
bool piece_matches(Piece const& piece, NumberTerm const& term, std::size_t k);

}  // namespace dossier::insight::figure_text
