#include "insight/figure_pieces.hpp"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>

namespace dossier::insight::figure_text {

namespace {

std::string fold(icu::UnicodeString text) {
  std::string out;
  text.foldCase().toUTF8String(out);
  return out;
}

}  // namespace

std::string fold(std::string_view text) {
  return fold(icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size()))));
}

namespace {

// ASCII text (nearly every piece) is folded by lower-casing it; anything else through ICU.
std::string fold_piece(std::string_view bytes, icu::UnicodeString const& utf16, int32_t start,
                       int32_t end) {
  bool ascii = std::all_of(bytes.begin(), bytes.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!ascii) return fold(icu::UnicodeString(utf16, start, end - start));
  std::string out(bytes);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::vector<Piece> split_pieces(std::string_view text) {
  // Decode by hand so every UTF-16 index maps back to the byte offset of its code point; a
  // malformed byte sequence becomes one U+FFFD and keeps its bytes.
  icu::UnicodeString utf16;
  std::vector<std::size_t> byte_at;
  byte_at.reserve(text.size() + 1);
  auto const length = static_cast<int32_t>(text.size());
  for (int32_t at = 0; at < length;) {
    auto const start = static_cast<std::size_t>(at);
    UChar32 c = 0;
    U8_NEXT(text.data(), at, length, c);
    utf16.append(c < 0 ? UChar32{0xFFFD} : c);
    while (byte_at.size() < static_cast<std::size_t>(utf16.length())) byte_at.push_back(start);
  }
  byte_at.push_back(text.size());

  // Making an iterator loads its rules; one per thread is reused (an ICU iterator may not be
  // shared between threads).
  thread_local std::unique_ptr<icu::BreakIterator> const words = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(
        icu::BreakIterator::createWordInstance(icu::Locale::getEnglish(), status));
    if (U_FAILURE(status))
      throw std::runtime_error(std::string("ICU word break iterator: ") + u_errorName(status));
    return it;
  }();
  words->setText(utf16);

  std::vector<Piece> pieces;
  Gap gap = Gap::Paragraph;
  int newlines = 0;
  int32_t start = words->first();
  for (int32_t end = words->next(); end != icu::BreakIterator::DONE;
       start = end, end = words->next()) {
    UChar32 const first = utf16.char32At(start);
    if (u_isUWhiteSpace(first)) {
      for (int32_t k = start; k < end; ++k) newlines += utf16.charAt(k) == u'\n' ? 1 : 0;
      if (gap == Gap::None) gap = Gap::Space;
      if (newlines >= 2) gap = Gap::Paragraph;
      continue;
    }
    Piece piece;
    piece.begin = byte_at[static_cast<std::size_t>(start)];
    piece.end = byte_at[static_cast<std::size_t>(end)];
    piece.text = text.substr(piece.begin, piece.end - piece.begin);
    piece.folded = fold_piece(piece.text, utf16, start, end);
    piece.kind = u_isdigit(first)   ? PieceKind::Number
                 : u_isalpha(first) ? PieceKind::Word
                                    : PieceKind::Punct;
    piece.capitalized = u_isupper(first) || u_istitle(first);
    piece.gap = gap;
    pieces.push_back(std::move(piece));
    gap = Gap::None;
    newlines = 0;
  }
  return pieces;
}

bool has_capital(std::string_view text) {
  auto const length = static_cast<int32_t>(text.size());
  for (int32_t at = 0; at < length;) {
    UChar32 c = 0;
    U8_NEXT(text.data(), at, length, c);
    if (c >= 0 && (u_isupper(c) || u_istitle(c))) return true;
  }
  return false;
}

double to_number(std::string_view value) {
  return std::strtod(std::string(value).c_str(), nullptr);
}

bool piece_matches(Piece const& piece, NumberTerm const& term, std::size_t k) {
  return term.exact_case ? piece.text == term.pieces[k] : piece.folded == term.pieces[k];
}

}  // namespace dossier::insight::figure_text
