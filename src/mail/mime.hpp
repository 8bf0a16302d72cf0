#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"

namespace dossier::mail {

// The newsletter's mail format: a pure library that turns a message into the bytes an SMTP
// transport sends (RFC 5322 + MIME, RFC 2045-2047). No I/O, no clock: the caller gives the date.

// RFC 5322 section 2.1.1: a line "MUST be no more than 998 characters" and "SHOULD be no more
// than 78 characters", both excluding the CRLF.
constexpr std::size_t kMaxLineLength = 998;
constexpr std::size_t kRecommendedLineLength = 78;
// RFC 2045 section 6.7, rule 5: quoted-printable lines are at most 76 characters.
constexpr std::size_t kMaxQuotedPrintableLine = 76;
// RFC 2047 section 2: an encoded-word is at most 75 characters, and a header line that holds
// one is at most 76.
constexpr std::size_t kMaxEncodedWord = 75;
constexpr std::size_t kMaxEncodedWordLine = 76;
// RFC 5321 section 4.5.3.1: the limits an SMTP server must accept for an address.
constexpr std::size_t kMaxLocalPart = 64;
constexpr std::size_t kMaxAddress = 254;     // a forward-path of 256 octets less the angle brackets
constexpr std::size_t kMaxDomainLabel = 63;  // RFC 1035 section 2.3.4
// RFC 1035 section 2.3.4: a name is at most 255 octets on the wire, 253 characters as text.
constexpr std::size_t kMaxDomain = 253;
// The left part of a Message-ID has no limit of its own in RFC 5322, but its header line must
// stay within kMaxLineLength; the outbox's ids and random tokens are far shorter than this.
constexpr std::size_t kMaxMessageIdLocal = 64;

struct MimeMessage {
  std::string from;       // "Meridian Institute <news@example.org>" or a bare address
  std::string to;         // a bare address
  std::string subject;    // UTF-8
  std::string text_body;  // UTF-8, required
  std::string html_body;  // UTF-8; empty = a text/plain message only
  std::vector<std::pair<std::string, std::string>> extra_headers;  // values ASCII
  std::string message_id_domain;
  // The left part of the Message-ID; empty = random. The outbox gives each row a stable one,
  // so a mail sent again after a crash is the same message to the receiving side.
  std::string message_id_local;  // "example.org": the Message-ID is <random@domain>
  UnixTime date = 0;             // the Date header; must be set (0 is refused)
};

struct BuiltMessage {
  std::string message_id;  // as in the header, angle brackets included: "<random@example.org>"
  std::string data;        // the complete message, CRLF line endings
};

// A complete RFC 5322 message: Date, From, To, Subject, Message-ID, MIME-Version, the extra
// headers, then either a text/plain part or multipart/alternative (text, then HTML; RFC 2046
// section 5.1.4). Bodies are quoted-printable UTF-8. Refuses (ErrorKind::Invalid) header
// injection (CR, LF or NUL in a header value), bad addresses, invalid UTF-8, bad extra header
// names and extra headers that would duplicate one this function writes.
Result<BuiltMessage> build_mime(MimeMessage const& m);

// Header text as RFC 2047 encoded-words (=?UTF-8?B?...?=) when it would not survive as plain
// header text (non-ASCII, control characters, a literal "=?", or edge whitespace); otherwise
// unchanged. Several encoded-words are folded onto lines of their own ("\r\n ").
std::string encode_header_text(std::string_view utf8);
// The same, for text that starts at column first_line_used of its header line (after
// "Subject: "), so the first line also stays within RFC 2047's 76 characters.
std::string encode_header_text(std::string_view utf8, std::size_t first_line_used);

// RFC 2045 section 6.7 quoted-printable with CRLF line breaks. Input line breaks (LF or CRLF)
// become CRLF; the output ends with CRLF exactly when the input ends with a line break.
std::string quoted_printable(std::string_view utf8);

}  // namespace dossier::mail
