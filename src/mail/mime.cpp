#include "mail/mime.hpp"

#include <cctype>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

#include <fmt/format.h>

#include "core/strings.hpp"
#include "security/tokens.hpp"

namespace dossier::mail {

namespace {

constexpr std::string_view kCrlf = "\r\n";
// Folding inserts CRLF before whitespace (RFC 5322 section 2.2.3); a folded line starts with it.
constexpr std::string_view kFold = "\r\n ";
constexpr std::string_view kEncodedWordPrefix = "=?UTF-8?B?";
constexpr std::string_view kEncodedWordSuffix = "?=";
constexpr std::size_t kEncodedWordOverhead = kEncodedWordPrefix.size() + kEncodedWordSuffix.size();
// The longest UTF-8 sequence (RFC 3629 section 3): every encoded-word must hold at least one
// whole character (RFC 2047 section 5).
constexpr std::size_t kMaxUtf8Sequence = 4;
// "=_" never occurs in quoted-printable output, where "=" is always followed by two hex digits
// or a line break (RFC 2045 section 6.7), so a boundary holding it cannot occur in the bodies
// (RFC 2046 section 5.1.1). The random tail makes it unique between messages as well.
constexpr std::string_view kBoundaryPrefix = "=_dossier_";
constexpr std::size_t kMaxBoundary = 70;  // RFC 2046 section 5.1.1
// security::random_token() is kTokenBytes in unpadded base64: 4 characters for every 3 bytes.
constexpr std::size_t kTokenChars = (security::kTokenBytes * 4 + 2) / 3;
static_assert(kBoundaryPrefix.size() + kTokenChars <= kMaxBoundary);
constexpr int kMaxBoundaryAttempts = 8;

constexpr std::string_view kTextPartHeaders =
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n";
constexpr std::string_view kHtmlPartHeaders =
    "Content-Type: text/html; charset=utf-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n";

// Headers build_mime writes itself; RFC 5322 section 3.6 allows each of them only once, and a
// second Content-Type would make the body ambiguous.
constexpr std::array<std::string_view, 8> kOwnHeaders = {
    "date",       "from",         "to",           "subject",
    "message-id", "mime-version", "content-type", "content-transfer-encoding"};

// User-facing messages of this module, in one place.
namespace messages {
constexpr std::string_view kDateMissing = "The message has no date.";
constexpr std::string_view kTextBodyMissing = "The message has no text body.";
constexpr std::string_view kLineBreak =
    "The {} contains a line break or NUL character, which is not allowed in a mail header.";
constexpr std::string_view kBadUtf8 = "The {} is not valid UTF-8.";
constexpr std::string_view kAddressMissing = "The {} address is missing.";
constexpr std::string_view kBadAddress =
    "The {} address \"{}\" does not look like an email address.";
constexpr std::string_view kBadDomain =
    "The Message-ID domain \"{}\" does not look like a domain name.";
constexpr std::string_view kBadHeaderName =
    "\"{}\" is not a valid header name (printable ASCII without spaces or colons).";
constexpr std::string_view kOwnHeader =
    "The header \"{}\" is written by the mailer itself and cannot be added.";
constexpr std::string_view kHeaderNotAscii =
    "The value of the header \"{}\" must be printable ASCII.";
constexpr std::string_view kHeaderTooLong =
    "The value of the header \"{}\" is too long for a mail header line.";
constexpr std::string_view kBoundary = "Could not choose a MIME boundary for the message.";
}  // namespace messages

template <typename... Args>
Error invalid_fmt(std::string_view format, Args const&... args) {
  return invalid(fmt::format(fmt::runtime(format), args...));
}

bool has_line_break_or_nul(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

bool is_printable_ascii(unsigned char c) {
  return c >= 0x20 && c <= 0x7E;
}

// RFC 5322 section 3.2.3 atext: the characters of an atom.
bool is_atext(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-/=?^_`{|}~").find(static_cast<char>(c)) !=
         std::string_view::npos;
}

// A host name as SMTP routes it (RFC 5321 section 4.1.2 Domain, RFC 1035 section 2.3.1): at
// least two dot-separated labels of letters, digits and inner hyphens. A single label is
// refused because a newsletter never goes to a local host.
bool is_valid_domain(std::string_view domain) {
  if (domain.size() > kMaxDomain) return false;
  auto labels = split(domain, '.');
  if (labels.size() < 2) return false;
  for (auto label : labels) {
    if (label.empty() || label.size() > kMaxDomainLabel) return false;
    if (label.front() == '-' || label.back() == '-') return false;
    for (unsigned char c : label) {
      bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && c != '-') return false;
    }
  }
  return true;
}

// local@domain with a dot-atom local part (RFC 5322 section 3.4.1). Quoted local parts and
// address literals are legal but never seen in subscriber lists, so they are refused rather
// than risked.
bool is_valid_address(std::string_view address) {
  if (address.size() > kMaxAddress) return false;
  auto at = address.rfind('@');
  if (at == std::string_view::npos) return false;
  auto local = address.substr(0, at);
  auto domain = address.substr(at + 1);
  if (local.empty() || local.size() > kMaxLocalPart) return false;
  for (auto atom : split(local, '.')) {
    if (atom.empty()) return false;
    if (!std::all_of(atom.begin(), atom.end(), [](char c) { return is_atext(c); })) return false;
  }
  return is_valid_domain(domain);
}

struct Mailbox {
  std::string display_name;  // unquoted, UTF-8; empty when there is none
  std::string address;
};

// "Name <addr>", "\"Name, Inc.\" <addr>", "<addr>" or "addr".
std::optional<Mailbox> parse_mailbox(std::string_view text) {
  text = trim(text);
  Mailbox out;
  if (!text.empty() && text.back() == '>') {
    auto open = text.rfind('<');
    if (open == std::string_view::npos) return std::nullopt;
    out.address = std::string(text.substr(open + 1, text.size() - open - 2));
    auto name = trim(text.substr(0, open));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      // A quoted-string (RFC 5322 section 3.2.4): drop the quotes and the backslash escapes.
      name = name.substr(1, name.size() - 2);
      for (std::size_t i = 0; i < name.size(); ++i) {
        if (name[i] == '\\' && i + 1 < name.size()) ++i;
        out.display_name += name[i];
      }
    } else {
      out.display_name = std::string(name);
    }
  } else {
    if (text.find_first_of("<>") != std::string_view::npos) return std::nullopt;
    out.address = std::string(text);
  }
  return out;
}

// True when text can stand in a header as it is: printable ASCII, nothing a decoder would take
// for an encoded-word ("=?", RFC 2047 section 6.1), and no whitespace at either end, which
// unfolding and parsing drop (RFC 5322 section 3.2.2).
bool is_plain_header_text(std::string_view text) {
  if (!std::all_of(text.begin(), text.end(),
                   [](char c) { return is_printable_ascii(static_cast<unsigned char>(c)); }))
    return false;
  if (text.find("=?") != std::string_view::npos) return false;
  return text.empty() || (text.front() != ' ' && text.back() != ' ');
}

std::size_t longest_line(std::string_view text) {
  std::size_t longest = 0;
  for (std::size_t start = 0;;) {
    auto end = text.find(kCrlf, start);
    longest = std::max(longest, (end == std::string_view::npos ? text.size() : end) - start);
    if (end == std::string_view::npos) return longest;
    start = end + kCrlf.size();
  }
}

std::size_t last_line_length(std::string_view text) {
  auto end = text.rfind(kCrlf);
  return end == std::string_view::npos ? text.size() : text.size() - end - kCrlf.size();
}

// "Name: value" folded before spaces of the value (RFC 5322 section 2.2.3) so that lines stay
// within 78 characters where the words allow it; a longer word keeps its line long. Unfolding
// (removing each CRLF) gives the value back exactly.
std::string fold_header(std::string_view name, std::string_view value) {
  std::string out = fmt::format("{}:", name);
  if (value.empty()) return out;
  std::size_t line = out.size();
  bool line_has_word = false;
  std::size_t pos = 0;
  while (pos < value.size()) {
    // A token is the run of spaces before a word and the word; the first one gets the space
    // that follows the colon.
    auto word_start = value.find_first_not_of(' ', pos);
    if (word_start == std::string_view::npos) word_start = value.size();
    auto word_end = value.find(' ', word_start);
    if (word_end == std::string_view::npos) word_end = value.size();
    std::string token = pos == 0 ? " " : "";
    token += value.substr(pos, word_end - pos);
    if (line_has_word && line + token.size() > kRecommendedLineLength) {
      out += kCrlf;
      line = 0;
    }
    out += token;
    line += token.size();
    line_has_word = true;
    pos = word_end;
  }
  return out;
}

std::size_t utf8_sequence_length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t group = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) group |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) group |= static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(group >> 18) & 0x3F];
    out += kAlphabet[(group >> 12) & 0x3F];
    out += i + 1 < bytes.size() ? kAlphabet[(group >> 6) & 0x3F] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[group & 0x3F] : '=';
  }
  return out;
}

// Text as B-encoded words (RFC 2047 section 4.1), each holding whole UTF-8 characters
// (section 5) and at most 75 characters long (section 2), one per line after the first, so
// every line holding one stays within 76 characters. Decoders drop the folding whitespace
// between adjacent encoded-words (section 6.2).
std::string encode_words(std::string_view utf8, std::size_t first_line_used) {
  std::string out;
  bool first = true;
  // Room on the first line; when not even one character fits there, start on a new line.
  if (first_line_used + kEncodedWordOverhead + 4 * ((kMaxUtf8Sequence + 2) / 3) >
      kMaxEncodedWordLine) {
    out += kFold;
    first = false;
  }
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    std::size_t used = first ? first_line_used : 1;  // a continuation line starts with a space
    std::size_t word_room = std::min(kMaxEncodedWord, kMaxEncodedWordLine - used);
    std::size_t max_bytes = (word_room - kEncodedWordOverhead) / 4 * 3;
    std::size_t end = pos;
    while (end < utf8.size()) {
      auto length =
          std::min(utf8_sequence_length(static_cast<unsigned char>(utf8[end])), utf8.size() - end);
      if (end + length - pos > max_bytes && end > pos) break;
      end += length;
    }
    if (!first) out += kFold;
    out += kEncodedWordPrefix;
    out += base64(utf8.substr(pos, end - pos));
    out += kEncodedWordSuffix;
    first = false;
    pos = end;
  }
  return out;
}

constexpr char kHex[] = "0123456789ABCDEF";

// One input line (without its line break) as quoted-printable lines joined by soft breaks.
void encode_qp_line(std::string_view line, std::string& out) {
  std::size_t column = 0;
  auto token_for = [&](std::size_t i, bool at_line_start) {
    auto c = static_cast<unsigned char>(line[i]);
    bool last = i + 1 == line.size();
    // Rule 2: printable ASCII but "=" stands for itself. Rule 3: space and tab too, but not
    // at the end of a line, where transports may strip them.
    bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last);
    // RFC 2049 section 3 (8): a "From " or "." at the start of a line is escaped too, so
    // mbox files do not mangle it and SMTP servers do not take it for the end of data.
    if (literal && at_line_start && (c == '.' || (c == 'F' && line.substr(i).starts_with("From "))))
      literal = false;
    if (literal) return std::string(1, static_cast<char>(c));
    return std::string{'=', kHex[c >> 4], kHex[c & 0x0F]};  // rule 1
  };
  for (std::size_t i = 0; i < line.size(); ++i) {
    bool last = i + 1 == line.size();
    auto token = token_for(i, column == 0);
    // Rule 5: at most 76 characters a line, and a line that continues needs one of them for
    // the "=" of its soft break. An escape is never split.
    std::size_t limit = last ? kMaxQuotedPrintableLine : kMaxQuotedPrintableLine - 1;
    if (column + token.size() > limit) {
      out += "=\r\n";
      column = 0;
      token = token_for(i, true);
    }
    out += token;
    column += token.size();
  }
}

// "Sun, 29 Nov 2026 04:30:00 +0000": RFC 5322 section 3.3, which marks "GMT" obsolete.
std::string format_mail_date(UnixTime t) {
  auto http = format_http_date(t);  // "Sun, 29 Nov 2026 04:30:00 GMT"
  return http.substr(0, http.size() - std::string_view("GMT").size()) + "+0000";
}

// The display name as a phrase (RFC 5322 section 3.2.5): atoms when it is only atext and
// single spaces, else a quoted-string.
std::string ascii_phrase(std::string_view name) {
  bool atoms =
      name.find("  ") == std::string_view::npos &&
      std::all_of(name.begin(), name.end(), [](char c) { return c == ' ' || is_atext(c); });
  if (atoms) return std::string(name);
  std::string out = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

std::string from_header(Mailbox const& from) {
  constexpr std::string_view kName = "From: ";
  if (from.display_name.empty()) return fmt::format("{}{}", kName, from.address);
  auto addr = fmt::format("<{}>", from.address);
  if (is_plain_header_text(from.display_name)) {
    auto line = fmt::format("{}{} {}", kName, ascii_phrase(from.display_name), addr);
    if (line.size() <= kRecommendedLineLength) return line;
  }
  // Encoded-words are allowed in place of a phrase word (RFC 2047 section 5 (3)).
  auto out = fmt::format("{}{}", kName, encode_words(from.display_name, kName.size()));
  out += last_line_length(out) + 1 + addr.size() <= kRecommendedLineLength ? " " : kFold;
  out += addr;
  return out;
}

std::string subject_header(std::string_view subject) {
  constexpr std::string_view kName = "Subject";
  if (is_plain_header_text(subject)) {
    auto folded = fold_header(kName, subject);
    if (longest_line(folded) <= kRecommendedLineLength) return folded;
  }
  return fmt::format("{}: {}", kName, encode_words(subject, kName.size() + 2));
}

std::optional<Error> check_header_value(std::string_view label, std::string_view value) {
  if (has_line_break_or_nul(value)) return invalid_fmt(messages::kLineBreak, label);
  if (!is_valid_utf8(value)) return invalid_fmt(messages::kBadUtf8, label);
  return std::nullopt;
}

// RFC 5322 section 2.2: field-name = 1*ftext, printable ASCII (33-126) except ":".
bool is_field_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 33 && u <= 126 && c != ':';
  });
}

std::optional<Error> check_message(MimeMessage const& m) {
  if (m.date == 0) return invalid(std::string(messages::kDateMissing));
  for (auto [label, value] :
       {std::pair<std::string_view, std::string_view>{"sender (From)", m.from},
        {"recipient (To)", m.to},
        {"subject", m.subject},
        {"Message-ID domain", m.message_id_domain}}) {
    if (auto error = check_header_value(label, value)) return error;
  }
  for (auto const& [name, value] : m.extra_headers) {
    auto label = fmt::format("header \"{}\"", name);
    if (auto error = check_header_value(label, name)) return error;
    if (auto error = check_header_value(label, value)) return error;
  }
  if (!is_valid_utf8(m.text_body)) return invalid_fmt(messages::kBadUtf8, "text body");
  if (!is_valid_utf8(m.html_body)) return invalid_fmt(messages::kBadUtf8, "HTML body");
  if (m.text_body.empty()) return invalid(std::string(messages::kTextBodyMissing));
  if (m.message_id_local.size() > kMaxMessageIdLocal)
    return invalid_fmt(messages::kBadDomain, m.message_id_local);
  for (char c : m.message_id_local)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_'))
      return invalid_fmt(messages::kBadDomain, m.message_id_local);
  if (!is_valid_domain(m.message_id_domain))
    return invalid_fmt(messages::kBadDomain, m.message_id_domain);
  for (auto const& [name, value] : m.extra_headers) {
    if (!is_field_name(name)) return invalid_fmt(messages::kBadHeaderName, name);
    if (std::find(kOwnHeaders.begin(), kOwnHeaders.end(), to_lower(name)) != kOwnHeaders.end())
      return invalid_fmt(messages::kOwnHeader, name);
    if (!std::all_of(value.begin(), value.end(), [](char c) {
          return c == '\t' || is_printable_ascii(static_cast<unsigned char>(c));
        }))
      return invalid_fmt(messages::kHeaderNotAscii, name);
  }
  return std::nullopt;
}

Result<Mailbox> checked_mailbox(std::string_view label, std::string_view text,
                                bool display_name_allowed) {
  if (trim(text).empty()) return invalid_fmt(messages::kAddressMissing, label);
  auto mailbox = parse_mailbox(text);
  if (!mailbox || !is_valid_address(mailbox->address) ||
      (!display_name_allowed && !mailbox->display_name.empty()))
    return invalid_fmt(messages::kBadAddress, label, text);
  return *mailbox;
}

// The body of a text/plain-only message: quoted-printable, ending with a line break like every
// other line of the message. When the text itself does not end with one, a final soft line
// break ("=" CRLF) ends the line without adding a character to the decoded text.
std::string single_part_body(std::string_view text) {
  auto out = quoted_printable(text);
  if (!out.empty() && !out.ends_with(kCrlf)) out += "=\r\n";
  return out;
}

}  // namespace

std::string encode_header_text(std::string_view utf8) {
  return encode_header_text(utf8, 0);
}

std::string encode_header_text(std::string_view utf8, std::size_t first_line_used) {
  if (is_plain_header_text(utf8)) return std::string(utf8);
  return encode_words(utf8, first_line_used);
}

std::string quoted_printable(std::string_view utf8) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    auto newline = utf8.find('\n', pos);
    auto end = newline == std::string_view::npos ? utf8.size() : newline;
    auto content_end = end;
    // CRLF and a bare LF are both line breaks; a CR elsewhere is data and gets escaped.
    if (newline != std::string_view::npos && content_end > pos && utf8[content_end - 1] == '\r')
      --content_end;
    encode_qp_line(utf8.substr(pos, content_end - pos), out);
    if (newline == std::string_view::npos) break;
    out += kCrlf;  // rule 4: a line break in the text is a CRLF in the encoding
    pos = newline + 1;
    if (pos == utf8.size()) break;
  }
  return out;
}

Result<BuiltMessage> build_mime(MimeMessage const& m) {
  if (auto error = check_message(m)) return *error;
  auto from = checked_mailbox("sender (From)", m.from, true);
  if (!from) return from.error();
  auto to = checked_mailbox("recipient (To)", m.to, false);
  if (!to) return to.error();

  BuiltMessage built;
  built.message_id = fmt::format(
      "<{}@{}>", m.message_id_local.empty() ? security::random_token() : m.message_id_local,
      m.message_id_domain);

  std::string& out = built.data;
  auto add_header = [&out](std::string_view line) {
    out += line;
    out += kCrlf;
  };
  add_header(fmt::format("Date: {}", format_mail_date(m.date)));
  add_header(from_header(*from));
  add_header(fmt::format("To: {}", to->address));
  add_header(subject_header(m.subject));
  add_header(fmt::format("Message-ID: {}", built.message_id));
  add_header("MIME-Version: 1.0");
  for (auto const& [name, value] : m.extra_headers) {
    auto folded = fold_header(name, trim(value));
    if (longest_line(folded) > kMaxLineLength) return invalid_fmt(messages::kHeaderTooLong, name);
    add_header(folded);
  }

  if (m.html_body.empty()) {
    out += kTextPartHeaders;
    out += kCrlf;
    out += single_part_body(m.text_body);
    return built;
  }

  // In a multipart body the CRLF before each "--boundary" belongs to the delimiter, not to the
  // part (RFC 2046 section 5.1.1), so every part gets one on top of its own text.
  auto text = quoted_printable(m.text_body);
  auto html = quoted_printable(m.html_body);
  std::string boundary;
  for (int attempt = 0; attempt < kMaxBoundaryAttempts && boundary.empty(); ++attempt) {
    auto candidate = fmt::format("{}{}", kBoundaryPrefix, security::random_token());
    // Cannot happen (see kBoundaryPrefix), but the cost of checking is a scan.
    if (text.find(candidate) == std::string::npos && html.find(candidate) == std::string::npos)
      boundary = candidate;
  }
  if (boundary.empty()) return Error{ErrorKind::Internal, std::string(messages::kBoundary)};

  // The boundary holds "=", a tspecial, so it is quoted (RFC 2045 section 5.1).
  add_header("Content-Type: multipart/alternative;");
  add_header(fmt::format(" boundary=\"{}\"", boundary));
  out += kCrlf;
  // RFC 2046 section 5.1.4: alternatives in increasing order of preference, plain text first.
  for (auto const& [headers, body] : {std::pair{kTextPartHeaders, std::string_view(text)},
                                      std::pair{kHtmlPartHeaders, std::string_view(html)}}) {
    add_header(fmt::format("--{}", boundary));
    out += headers;
    out += kCrlf;
    out += body;
    out += kCrlf;
  }
  add_header(fmt::format("--{}--", boundary));
  return built;
}

}  // namespace dossier::mail
