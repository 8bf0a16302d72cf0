// The newsletter's MIME builder (src/newsletter/mime.hpp). A message built from any fields
// must be well-formed mail: every line ends in CRLF and holds at most 998 characters
// (RFC 5322 section 2.1.1); the header section has exactly the fields build_mime writes plus
// the extra ones asked for, so nothing in a value can inject a header; the Subject unfolds and
// decodes (RFC 2047) back to the subject given, and a text-only body decodes
// (quoted-printable, RFC 2045 section 6.7) back to the text given.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/strings.hpp"
#include "fuzz_check.hpp"
#include "mail/mime.hpp"

namespace {

using dossier::fuzz::check;

constexpr std::string_view kCrlf = "\r\n";
constexpr std::size_t kMaxExtraHeaders = 3;

std::optional<std::string> base64_decode(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  if (in.size() % 4 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < in.size(); i += 4) {
    std::uint32_t group = 0;
    int pad = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      int v = in[i + k] == '=' ? (++pad, 0) : value(in[i + k]);
      if (v < 0) return std::nullopt;
      group = group << 6 | static_cast<std::uint32_t>(v);
    }
    out += static_cast<char>(group >> 16);
    if (pad < 2) out += static_cast<char>(group >> 8 & 0xFF);
    if (pad < 1) out += static_cast<char>(group & 0xFF);
  }
  return out;
}

// An unstructured header value as a reader sees it: unfolded, encoded-words decoded.
std::optional<std::string> decode_header_value(std::string_view value) {
  constexpr std::string_view kPrefix = "=?UTF-8?B?";
  constexpr std::string_view kSuffix = "?=";
  auto trimmed = dossier::trim(value);
  if (!trimmed.starts_with(kPrefix)) return std::string(value);
  std::string out;
  for (auto word : dossier::split(trimmed, ' ')) {
    if (word.empty()) continue;
    if (!word.starts_with(kPrefix) || !word.ends_with(kSuffix)) return std::nullopt;
    auto bytes = base64_decode(word.substr(kPrefix.size(), word.size() - kPrefix.size() - 2));
    if (!bytes) return std::nullopt;
    out += *bytes;
  }
  return out;
}

std::string quoted_printable_decode(std::string_view in) {
  auto hex = [](char c) { return c <= '9' ? c - '0' : c - 'A' + 10; };
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '=') {
      out += in[i];
    } else if (in.substr(i + 1, 2) == kCrlf) {
      i += 2;  // a soft line break
    } else {
      check(i + 2 < in.size() && std::isxdigit(static_cast<unsigned char>(in[i + 1])) &&
                std::isxdigit(static_cast<unsigned char>(in[i + 2])),
            "a quoted-printable '=' without two hex digits", in);
      out += static_cast<char>(hex(in[i + 1]) << 4 | hex(in[i + 2]));
      i += 2;
    }
  }
  return out;
}

// The text as the encoder must give it back: every line break (LF or CRLF) a CRLF.
std::string with_crlf(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

void check_message(dossier::mail::MimeMessage const& m, std::string const& data) {
  check(data.ends_with(kCrlf), "the message does not end with CRLF");
  // Lines: no bare CR or LF anywhere, none longer than 998 characters.
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start < data.size();) {
    auto end = data.find(kCrlf, start);
    auto line = std::string_view(data).substr(start, end - start);
    check(line.find_first_of("\r\n") == std::string_view::npos, "a bare CR or LF", line);
    check(line.size() <= dossier::mail::kMaxLineLength, "a line over 998 characters", line);
    lines.push_back(line);
    start = end + kCrlf.size();
  }
  // The header section: fields with their continuation lines, up to the first empty line.
  std::map<std::string, std::string> fields;
  std::map<std::string, int> counts;
  std::string current;
  std::size_t i = 0;
  for (; i < lines.size() && !lines[i].empty(); ++i) {
    auto line = lines[i];
    if (line.front() == ' ' || line.front() == '\t') {
      check(!current.empty(), "a continuation line before any field", line);
      fields[current] += line;  // unfolding removes the CRLF only (RFC 5322 section 2.2.3)
      continue;
    }
    auto colon = line.find(':');
    check(colon != std::string_view::npos && colon > 0, "a header line without a name", line);
    current = dossier::to_lower(line.substr(0, colon));
    ++counts[current];
    fields[current] = std::string(line.substr(colon + 1));
  }
  check(i < lines.size(), "no empty line after the headers");
  std::map<std::string, int> expected = {{"date", 1},        {"from", 1},       {"to", 1},
                                         {"subject", 1},     {"message-id", 1}, {"mime-version", 1},
                                         {"content-type", 1}};
  if (m.html_body.empty()) expected["content-transfer-encoding"] = 1;
  for (auto const& [name, value] : m.extra_headers) ++expected[dossier::to_lower(name)];
  check(counts == expected, "the header fields are not the ones asked for (injection?)", data);

  auto subject = fields["subject"];
  if (!subject.empty()) subject.erase(0, 1);  // the space after the colon
  auto decoded = decode_header_value(subject);
  check(decoded && *decoded == m.subject, "the Subject does not decode to the subject", data);

  if (m.html_body.empty()) {
    auto body_start = data.find("\r\n\r\n") + 4;
    auto body = quoted_printable_decode(std::string_view(data).substr(body_start));
    check(body == with_crlf(m.text_body), "the body does not decode to the text", data);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  dossier::mail::MimeMessage m;
  // Valid addresses and a valid domain most of the time, so the fuzzer reaches the encoders
  // rather than the checks; fuzzed ones otherwise.
  auto from_name = in.ConsumeRandomLengthString(200);
  m.from = in.ConsumeBool() ? from_name + " <news@example.org>" : from_name;
  m.to = in.ConsumeBool() ? std::string("reader@example.net") : in.ConsumeRandomLengthString(300);
  m.message_id_domain =
      in.ConsumeBool() ? std::string("example.org") : in.ConsumeRandomLengthString(300);
  m.message_id_local = in.ConsumeBool() ? std::string("outbox-1") : in.ConsumeRandomLengthString();
  m.date = in.ConsumeBool() ? 1767225600 : in.ConsumeIntegral<std::int64_t>();
  auto extra = in.ConsumeIntegralInRange<std::size_t>(0, kMaxExtraHeaders);
  for (std::size_t k = 0; k < extra; ++k) {
    auto name = in.ConsumeRandomLengthString(40);
    m.extra_headers.emplace_back(name, in.ConsumeRandomLengthString(1200));
  }
  m.subject = in.ConsumeRandomLengthString(600);
  m.html_body = in.ConsumeBool() ? in.ConsumeRandomLengthString() : std::string();
  m.text_body = in.ConsumeRemainingBytesAsString();

  auto built = dossier::mail::build_mime(m);
  if (built) {
    check_message(m, built->data);
    check(built->data.find(built->message_id) != std::string::npos, "the Message-ID is missing");
  } else {
    check(!built.error().message.empty(), "an error without a message");
  }
  // The encoders on their own, over any bytes.
  // Encoded header text may hold line breaks only as folds ("\r\n ").
  auto header = dossier::mail::encode_header_text(m.subject, extra * 7);
  for (std::size_t k = 0; k < header.size(); ++k) {
    if (header[k] == '\r')
      check(std::string_view(header).substr(k, 3) == "\r\n ", "a CR that is not a fold", header);
    if (header[k] == '\n')
      check(k > 0 && header[k - 1] == '\r', "an LF that is not a fold", header);
  }
  (void)dossier::mail::quoted_printable(m.text_body);
  return 0;
}
