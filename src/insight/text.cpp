#include "insight/text.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace dossier::insight {

namespace {

// UTF-16 index -> UTF-8 byte offset, for every code unit boundary of `text`.
std::vector<std::size_t> utf16_to_bytes(std::string_view text) {
  std::vector<std::size_t> map;
  map.reserve(text.size() + 1);
  std::size_t i = 0;
  while (i < text.size()) {
    UChar32 c = 0;
    auto at = static_cast<int32_t>(i);
    U8_NEXT(text.data(), at, static_cast<int32_t>(text.size()), c);
    map.push_back(i);
    if (c >= 0x10000) map.push_back(i);  // the second half of a surrogate pair
    i = static_cast<std::size_t>(at);
  }
  map.push_back(text.size());
  return map;
}

std::unique_ptr<icu::BreakIterator> make_iterator(bool sentences) {
  UErrorCode status = U_ZERO_ERROR;
  // "ss=standard" suppresses sentence breaks after common abbreviations ("Mr.", "U.S.").
  icu::Locale locale("en@ss=standard");
  std::unique_ptr<icu::BreakIterator> it(
      sentences ? icu::BreakIterator::createSentenceInstance(locale, status)
                : icu::BreakIterator::createWordInstance(locale, status));
  if (U_FAILURE(status))
    throw std::runtime_error("ICU break iterator: " + std::string(u_errorName(status)));
  return it;
}

// Making an iterator loads its rules (about 0.1 ms); one per thread is reused instead, since
// an ICU iterator may not be shared between threads.
icu::BreakIterator& word_iterator() {
  thread_local auto it = make_iterator(false);
  return *it;
}
icu::BreakIterator& sentence_iterator() {
  thread_local auto it = make_iterator(true);
  return *it;
}

constexpr std::string_view kCurlyApostropheS = "\xE2\x80\x99s";  // ’s

}  // namespace

bool is_possessive(std::string_view token) {
  return token == "'s" || token == kCurlyApostropheS || token == "'" || token == "\xE2\x80\x99";
}

struct RawToken {
  std::size_t begin, end;
  TokenKind kind;
};

static std::vector<RawToken> raw_tokens(std::string_view text, icu::UnicodeString const& u,
                                        std::vector<std::size_t> const& bytes) {
  auto* words = &word_iterator();
  words->setText(u);
  std::vector<RawToken> out;
  int32_t start = words->first();
  for (int32_t end = words->next(); end != icu::BreakIterator::DONE;
       start = end, end = words->next()) {
    auto status = words->getRuleStatus();
    auto b = bytes[static_cast<std::size_t>(start)];
    auto e = bytes[static_cast<std::size_t>(end)];
    auto piece = text.substr(b, e - b);
    if (status < UBRK_WORD_NONE_LIMIT) {
      bool space = true;
      for (int32_t i = start; i < end; ++i)
        if (!u_isUWhiteSpace(u.charAt(i))) space = false;
      if (space) continue;
      out.push_back({b, e, TokenKind::Punct});
      continue;
    }
    auto kind = status < UBRK_WORD_NUMBER_LIMIT ? TokenKind::Number : TokenKind::Word;
    // Split a possessive ending off a word: "Russia's" -> "Russia", "'s".
    if (kind == TokenKind::Word) {
      for (std::string_view tail : {std::string_view("'s"), kCurlyApostropheS}) {
        if (piece.size() > tail.size() + 1 && piece.ends_with(tail)) {
          out.push_back({b, e - tail.size(), kind});
          out.push_back({e - tail.size(), e, TokenKind::Punct});
          kind = TokenKind::Punct;  // marks "done"
          break;
        }
      }
      if (kind == TokenKind::Punct) continue;
    }
    out.push_back({b, e, kind});
  }
  return out;
}

std::vector<Token> tokenize(Document const& doc) {
  std::string_view text = doc.text;
  auto u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  auto bytes = utf16_to_bytes(text);
  auto raw = raw_tokens(text, u, bytes);

  // Sentence starts (byte offsets), per paragraph, so a sentence never crosses a paragraph.
  std::vector<std::size_t> sentence_starts;
  auto* sentences = &sentence_iterator();
  sentences->setText(u);
  for (int32_t at = sentences->first(); at != icu::BreakIterator::DONE; at = sentences->next())
    sentence_starts.push_back(bytes[static_cast<std::size_t>(at)]);
  for (auto const& p : doc.paragraphs) sentence_starts.push_back(p.begin);
  std::sort(sentence_starts.begin(), sentence_starts.end());

  std::vector<Token> out;
  out.reserve(raw.size());
  std::size_t next_sentence = 0;
  int sentence = -1;
  std::size_t paragraph = 0;
  for (auto const& r : raw) {
    while (next_sentence < sentence_starts.size() && sentence_starts[next_sentence] <= r.begin) {
      ++next_sentence;
      ++sentence;
    }
    while (paragraph + 1 < doc.paragraphs.size() && doc.paragraphs[paragraph + 1].begin <= r.begin)
      ++paragraph;
    Token t;
    t.begin = r.begin;
    t.end = r.end;
    t.text = text.substr(r.begin, r.end - r.begin);
    t.kind = r.kind;
    t.sentence = std::max(sentence, 0);
    t.paragraph = static_cast<int>(paragraph);
    if (t.kind == TokenKind::Word) {
      UChar32 c = 0;
      int32_t at = 0;
      U8_NEXT(t.text.data(), at, static_cast<int32_t>(t.text.size()), c);
      t.capitalized = u_isupper(c) || u_istitle(c);
    }
    out.push_back(t);
  }
  return out;
}

std::vector<std::string> split_words(std::string_view text) {
  Document doc;
  doc.text = std::string(text);
  doc.paragraphs.push_back({0, doc.text.size()});
  std::vector<std::string> out;
  for (auto const& t : tokenize(doc)) out.emplace_back(t.text);
  return out;
}

}  // namespace dossier::insight
