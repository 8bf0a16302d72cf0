// The newsletter's mail format: quoted-printable (RFC 2045 section 6.7), encoded-words
// (RFC 2047), and whole messages read back by Python's standard email parser, which stands in
// for the mail clients that will read them.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/strings.hpp"
#include "mail/mime.hpp"
#include "support/temp_dir.hpp"

namespace dossier::mail {
namespace {

// 2026-11-29T04:30:00Z, a Sunday.
constexpr UnixTime kSunday = 1795926600;
constexpr std::string_view kPython = "/usr/bin/python3";

// Parses the message with email.policy.default (the modern, strict parser) and reports what a
// mail client would show. from_name_rfc2047 decodes the raw display name with the older
// email.header decoder: Debian's Python 3.11 keeps the folding space between two encoded-words
// in a display name, against RFC 2047 section 6.2 (CPython gh-128110, fixed upstream later),
// while email.header drops it as the RFC says. CRLF in decoded text becomes "\n": the parser keeps
// the wire's line endings, while Python's own text (and the inputs here) use "\n".
constexpr std::string_view kParseScript = R"PY(
import email, email.header, email.policy, json, sys
with open(sys.argv[1], 'rb') as f:
    msg = email.message_from_binary_file(f, policy=email.policy.default)
with open(sys.argv[1], 'rb') as f:
    raw_from = email.message_from_binary_file(f, policy=email.policy.compat32)['from']
raw_name = raw_from[:raw_from.rfind('<')].strip() if '<' in raw_from else ''
own = {'date', 'from', 'to', 'subject', 'message-id', 'mime-version', 'content-type',
       'content-transfer-encoding'}
parts = [p for p in msg.walk() if not p.is_multipart()]
defects = [repr(d) for p in msg.walk() for d in p.defects]
for p in msg.walk():
    for _, v in p.items():
        defects += [repr(d) for d in getattr(v, 'defects', [])]
sender = msg['from'].addresses[0]
print(json.dumps({
    'subject': str(msg['subject']),
    'from': str(msg['from']),
    'from_name': sender.display_name,
    'from_address': sender.addr_spec,
    'from_name_rfc2047': str(email.header.make_header(email.header.decode_header(raw_name))),
    'to': str(msg['to']),
    'message_id': str(msg['message-id']),
    'date': str(msg['date']),
    'timestamp': int(msg['date'].datetime.timestamp()),
    'mime_version': str(msg['mime-version']),
    'is_multipart': msg.is_multipart(),
    'content_types': [p.get_content_type() for p in msg.walk()],
    'charsets': [p.get_content_charset() for p in parts],
    'encodings': [p['content-transfer-encoding'] for p in parts],
    'texts': [p.get_content().replace('\r\n', '\n') for p in parts],
    'extra_headers': [[k, str(v)] for k, v in msg.items() if k.lower() not in own],
    'defects': defects,
}))
)PY";

// Runs the script on the message; the parsed JSON, or a test failure.
nlohmann::json parse_with_python(std::string const& message) {
  test::TempDir dir("dossier-mime");
  auto script = dir.write("parse.py", kParseScript);
  auto file = dir.write("message.eml", message);
  auto command = fmt::format("{} {} {}", kPython, script.string(), file.string());
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "popen failed";
    return {};
  }
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  int status = ::pclose(pipe);
  EXPECT_EQ(status, 0) << "python failed on:\n" << message;
  return nlohmann::json::parse(output, nullptr, false);
}

std::vector<std::string> lines_of(std::string const& data) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < data.size()) {
    auto end = data.find("\r\n", start);
    if (end == std::string::npos) {
      lines.push_back(data.substr(start));
      break;
    }
    lines.push_back(data.substr(start, end - start));
    start = end + 2;
  }
  return lines;
}

// Every line ends with CRLF, holds no bare CR or LF, and is at most 998 octets
// (RFC 5322 sections 2.1.1 and 2.3); header lines are at most max_header_line.
void expect_well_formed_lines(std::string const& data, std::size_t max_header_line = 78) {
  ASSERT_FALSE(data.empty());
  EXPECT_TRUE(data.ends_with("\r\n"));
  bool in_headers = true;
  for (auto const& line : lines_of(data)) {
    EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos) << "bare CR or LF in: " << line;
    EXPECT_LE(line.size(), kMaxLineLength) << line;
    if (line.empty()) in_headers = false;
    if (in_headers) EXPECT_LE(line.size(), max_header_line) << line;
  }
}

MimeMessage sample_message() {
  MimeMessage m;
  m.from = "Meridian Institute <news@example.org>";
  m.to = "reader@example.com";
  m.subject = "Weekly briefing";
  m.text_body = "Hello,\nthis is the briefing.\n";
  m.message_id_domain = "example.org";
  m.date = kSunday;
  return m;
}

std::string repeat(std::string_view piece, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

// --- quoted_printable ------------------------------------------------------------------

TEST(MimeQuotedPrintable, LeavesPlainAsciiAlone) {
  EXPECT_EQ(quoted_printable(""), "");
  EXPECT_EQ(quoted_printable("Now's the time for all folk."), "Now's the time for all folk.");
}

TEST(MimeQuotedPrintable, EscapesEqualsSignAsRfc2045Rule1) {
  // RFC 2045 section 6.7 (1): "the '=' would be represented as =3D".
  EXPECT_EQ(quoted_printable("a=b"), "a=3Db");
  EXPECT_EQ(quoted_printable("=="), "=3D=3D");
}

TEST(MimeQuotedPrintable, EscapesNonAsciiAndControlOctetsInUppercaseHex) {
  EXPECT_EQ(quoted_printable("caf\xC3\xA9"), "caf=C3=A9");
  EXPECT_EQ(quoted_printable("\x0C"), "=0C");  // the form feed of RFC 2045's rule 1 note
  EXPECT_EQ(quoted_printable(std::string_view("a\0b", 3)), "a=00b");
  EXPECT_EQ(quoted_printable("a\rb"), "a=0Db");  // a bare CR is data, not a line break
}

TEST(MimeQuotedPrintable, EncodesWhitespaceOnlyAtTheEndOfALine) {
  // RFC 2045 section 6.7 (3): trailing white space would be stripped in transport.
  EXPECT_EQ(quoted_printable("a b"), "a b");
  EXPECT_EQ(quoted_printable("a \nb"), "a=20\r\nb");
  EXPECT_EQ(quoted_printable("a\t\nb"), "a=09\r\nb");
  EXPECT_EQ(quoted_printable("end  "), "end =20");
}

TEST(MimeQuotedPrintable, LineBreaksBecomeCrlf) {
  // RFC 2045 section 6.7 (4).
  EXPECT_EQ(quoted_printable("a\nb\n"), "a\r\nb\r\n");
  EXPECT_EQ(quoted_printable("a\r\nb\r\n"), "a\r\nb\r\n");
  EXPECT_EQ(quoted_printable("\n\n"), "\r\n\r\n");
}

TEST(MimeQuotedPrintable, SoftBreaksKeepLinesWithin76) {
  // RFC 2045 section 6.7 (5): 76 characters fit exactly; one more needs a soft break, and the
  // "=" of the soft break counts.
  auto exactly = repeat("a", 76);
  EXPECT_EQ(quoted_printable(exactly), exactly);
  EXPECT_EQ(quoted_printable(repeat("a", 77)), repeat("a", 75) + "=\r\naa");
  auto long_line = quoted_printable(repeat("x", 500));
  for (auto const& line : lines_of(long_line)) EXPECT_LE(line.size(), 76u);
}

TEST(MimeQuotedPrintable, NeverSplitsAnEscape) {
  // 74 letters, then "=C3=A9": the first escape fits before the soft break, the second not.
  auto encoded = quoted_printable(repeat("a", 74) + "\xC3\xA9" + "b");
  EXPECT_EQ(encoded, repeat("a", 74) + "=\r\n=C3=A9b");
  encoded = quoted_printable(repeat("a", 72) + "==b");
  EXPECT_EQ(encoded, repeat("a", 72) + "=3D=\r\n=3Db");
}

TEST(MimeQuotedPrintable, EscapesFromAndDotAtLineStart) {
  // RFC 2049 section 3 (8): "From " and "." at the start of a line.
  EXPECT_EQ(quoted_printable("From here\n.\nx.y\nFrom"), "=46rom here\r\n=2E\r\nx.y\r\nFrom");
  // Also where a soft break starts a new line.
  EXPECT_EQ(quoted_printable(repeat("a", 75) + ".b"), repeat("a", 75) + "=\r\n=2Eb");
}

TEST(MimeQuotedPrintable, PythonDecodesItBackExactly) {
  test::TempDir dir("dossier-qp");
  std::string text = repeat("caf\xC3\xA9 = \xF0\x9F\x93\xB0 ", 40) + "\n.\nFrom me  \n\t\n" +
                     repeat("\xD0\x96", 300) + "\nend";
  auto file = dir.write("qp.txt", quoted_printable(text));
  auto command = fmt::format(
      "{} -c \"import quopri,sys; sys.stdout.buffer.write(quopri.decodestring("
      "open(sys.argv[1],'rb').read()).replace(b'\\r\\n', b'\\n'))\" {}",
      kPython, file.string());
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string decoded;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) decoded.append(buffer, n);
  ASSERT_EQ(::pclose(pipe), 0);
  EXPECT_EQ(decoded, text);
}

// --- encode_header_text ------------------------------------------------------------------

TEST(MimeEncodeHeaderText, LeavesPlainAsciiUnchanged) {
  EXPECT_EQ(encode_header_text("Weekly briefing"), "Weekly briefing");
  EXPECT_EQ(encode_header_text(""), "");
}

TEST(MimeEncodeHeaderText, EncodesNonAsciiAsUtf8BWords) {
  // RFC 2047 section 4.1; "Türkiye" in UTF-8, base64.
  EXPECT_EQ(encode_header_text("T\xC3\xBCrkiye"), "=?UTF-8?B?VMO8cmtpeWU=?=");
  // Text a decoder would take for an encoded-word is encoded as well (RFC 2047 section 6.1).
  EXPECT_EQ(encode_header_text("=?x?="), "=?UTF-8?B?PT94Pz0=?=");
}

TEST(MimeEncodeHeaderText, SplitsLongTextIntoFoldedWordsOfWholeCharacters) {
  auto encoded = encode_header_text(repeat("\xE2\x80\x94", 100));  // 100 em dashes
  auto lines = lines_of(encoded);
  EXPECT_GT(lines.size(), 1u);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto word = std::string_view(lines[i]).substr(i == 0 ? 0 : 1);
    if (i > 0) EXPECT_EQ(lines[i][0], ' ');
    EXPECT_LE(word.size(), kMaxEncodedWord);
    EXPECT_TRUE(word.starts_with("=?UTF-8?B?") && word.ends_with("?=")) << word;
    // 3-byte characters: whole characters means a multiple of 3 bytes, so no base64 padding.
    auto payload = word.substr(10, word.size() - 12);
    EXPECT_EQ(payload.find('='), std::string_view::npos) << word;
  }
}

// --- build_mime: round trips through Python ----------------------------------------------

TEST(MimeBuild, TextOnlyMessageRoundTrips) {
  auto m = sample_message();
  m.extra_headers = {{"List-Unsubscribe", "<https://example.org/unsubscribe?t=abc>"},
                     {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}};
  auto built = build_mime(m);
  ASSERT_TRUE(built) << built.error().message;
  expect_well_formed_lines(built->data);
  EXPECT_TRUE(
      built->data.starts_with("Date: Sun, 29 Nov 2026 04:30:00 +0000\r\n"
                              "From: Meridian Institute <news@example.org>\r\n"
                              "To: reader@example.com\r\n"
                              "Subject: Weekly briefing\r\n"
                              "Message-ID: " +
                              built->message_id +
                              "\r\n"
                              "MIME-Version: 1.0\r\n"
                              "List-Unsubscribe: <https://example.org/unsubscribe?t=abc>\r\n"
                              "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"))
      << built->data;

  auto parsed = parse_with_python(built->data);
  ASSERT_TRUE(parsed.is_object());
  EXPECT_EQ(parsed["subject"], m.subject);
  EXPECT_EQ(parsed["from"], m.from);
  EXPECT_EQ(parsed["from_name"], "Meridian Institute");
  EXPECT_EQ(parsed["from_address"], "news@example.org");
  EXPECT_EQ(parsed["to"], m.to);
  EXPECT_EQ(parsed["message_id"], built->message_id);
  EXPECT_EQ(parsed["date"], "Sun, 29 Nov 2026 04:30:00 +0000");
  EXPECT_EQ(parsed["timestamp"], kSunday);
  EXPECT_EQ(parsed["mime_version"], "1.0");
  EXPECT_EQ(parsed["is_multipart"], false);
  EXPECT_EQ(parsed["content_types"], nlohmann::json({"text/plain"}));
  EXPECT_EQ(parsed["charsets"], nlohmann::json({"utf-8"}));
  EXPECT_EQ(parsed["encodings"], nlohmann::json({"quoted-printable"}));
  EXPECT_EQ(parsed["texts"], nlohmann::json({m.text_body}));
  EXPECT_EQ(
      parsed["extra_headers"],
      nlohmann::json::array(
          {nlohmann::json::array({"List-Unsubscribe", "<https://example.org/unsubscribe?t=abc>"}),
           nlohmann::json::array({"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"})}));
  EXPECT_EQ(parsed["defects"], nlohmann::json::array());
}

TEST(MimeBuild, MultipartWithHardBodiesRoundTrips) {
  auto m = sample_message();
  m.from =
      "Institut M\xC3\xA9ridien \xE2\x80\x94 \xD0\x9C\xD0\xB5\xD1\x80\xD0\xB8\xD0\xB4\xD0\xB8"
      "\xD0\xB0\xD0\xBD <news@example.org>";
  m.subject = "Sanctions: l'UE et la T\xC3\xBCrkiye \xE2\x80\x94 analyse";
  m.text_body = repeat("long line with = signs and caf\xC3\xA9 ", 15).substr(0, 500) + "\n" +
                "trailing spaces   \n" + "trailing tab\t\n" + "From the editor\n" + ".\n" +
                ".hidden\n" +
                "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 \xF0\x9F\x93\xB0\n" +
                "a=b =3D ==\n" + "no final newline";
  m.html_body = "<p>Hello <b>" + repeat("\xF0\x9F\x98\x80", 200) + "</b></p>\n<p style=\"x\">" +
                repeat("z", 500) + "</p>\n";
  m.extra_headers = {{"List-Id", "Meridian briefing <briefing.example.org>"}};
  auto built = build_mime(m);
  ASSERT_TRUE(built) << built.error().message;
  expect_well_formed_lines(built->data);

  auto parsed = parse_with_python(built->data);
  ASSERT_TRUE(parsed.is_object());
  EXPECT_EQ(parsed["subject"], m.subject);
  EXPECT_EQ(parsed["from"], m.from);
  EXPECT_EQ(parsed["from_name_rfc2047"], m.from.substr(0, m.from.find(" <")));
  EXPECT_EQ(parsed["from_address"], "news@example.org");
  EXPECT_EQ(parsed["to"], m.to);
  EXPECT_EQ(parsed["message_id"], built->message_id);
  EXPECT_EQ(parsed["is_multipart"], true);
  EXPECT_EQ(parsed["content_types"],
            nlohmann::json({"multipart/alternative", "text/plain", "text/html"}));
  EXPECT_EQ(parsed["charsets"], nlohmann::json({"utf-8", "utf-8"}));
  EXPECT_EQ(parsed["encodings"], nlohmann::json({"quoted-printable", "quoted-printable"}));
  EXPECT_EQ(parsed["texts"], nlohmann::json({m.text_body, m.html_body}));
  EXPECT_EQ(parsed["extra_headers"],
            nlohmann::json::array(
                {nlohmann::json::array({"List-Id", "Meridian briefing <briefing.example.org>"})}));
  EXPECT_EQ(parsed["defects"], nlohmann::json::array());
  // Non-ASCII never travels raw: the message is 7-bit clean.
  for (unsigned char c : built->data) ASSERT_LT(c, 0x80);
}

TEST(MimeBuild, LongNonAsciiSubjectIsFoldedAndRoundTrips) {
  auto m = sample_message();
  std::string subject;
  while (subject.size() < 200) subject += "Sanctions \xE2\x80\x94 T\xC3\xBCrkiye, ";
  subject.resize(200);
  while (!is_valid_utf8(subject)) subject.pop_back();  // cut on a character boundary
  m.subject = subject;
  m.from = "Zo\xC3\xAB " + repeat("\xC3\x89", 60) + " <news@example.org>";
  auto built = build_mime(m);
  ASSERT_TRUE(built) << built.error().message;
  expect_well_formed_lines(built->data);
  auto parsed = parse_with_python(built->data);
  ASSERT_TRUE(parsed.is_object());
  EXPECT_EQ(parsed["subject"], m.subject);
  // Too long for one encoded-word (RFC 2047 section 2), so folded into several; see
  // kParseScript for why the modern parser's display name is not the one compared.
  EXPECT_EQ(parsed["from_name_rfc2047"], "Zo\xC3\xAB " + repeat("\xC3\x89", 60));
  EXPECT_EQ(parsed["from_address"], "news@example.org");
  EXPECT_EQ(parsed["defects"], nlohmann::json::array());
}

TEST(MimeBuild, LongAsciiSubjectIsFoldedAtSpaces) {
  auto m = sample_message();
  m.subject = repeat("The quarterly outlook for regional trade ", 5) + "ends here";
  auto built = build_mime(m);
  ASSERT_TRUE(built) << built.error().message;
  expect_well_formed_lines(built->data);
  EXPECT_NE(built->data.find("Subject: The quarterly"), std::string::npos);  // not encoded
  auto parsed = parse_with_python(built->data);
  EXPECT_EQ(parsed["subject"], m.subject);
}

TEST(MimeBuild, AsciiSubjectsThatWouldNotSurviveAreEncoded) {
  for (std::string const& subject : std::vector<std::string>{
           "Price =?UTF-8?B?eA==?= list", " leading space", "tab\there", repeat("x", 120)}) {
    auto m = sample_message();
    m.subject = subject;
    auto built = build_mime(m);
    ASSERT_TRUE(built) << built.error().message;
    expect_well_formed_lines(built->data);
    auto parsed = parse_with_python(built->data);
    EXPECT_EQ(parsed["subject"], subject);
  }
}

TEST(MimeBuild, QuotesAsciiDisplayNamesWithSpecials) {
  auto m = sample_message();
  m.from = "\"Meridian, Inc. \\\"Research\\\"\" <news@example.org>";
  auto built = build_mime(m);
  ASSERT_TRUE(built) << built.error().message;
  auto parsed = parse_with_python(built->data);
  EXPECT_EQ(parsed["from_name"], "Meridian, Inc. \"Research\"");
  EXPECT_EQ(parsed["from_address"], "news@example.org");
}

TEST(MimeBuild, BareFromAddress) {
  auto m = sample_message();
  m.from = "news@example.org";
  auto built = build_mime(m);
  ASSERT_TRUE(built) << built.error().message;
  EXPECT_NE(built->data.find("\r\nFrom: news@example.org\r\n"), std::string::npos);
  auto parsed = parse_with_python(built->data);
  EXPECT_EQ(parsed["from"], "news@example.org");
  EXPECT_EQ(parsed["from_name"], "");
}

TEST(MimeBuild, MessageIdsDifferAndUseTheDomain) {
  auto m = sample_message();
  auto first = build_mime(m);
  auto second = build_mime(m);
  ASSERT_TRUE(first && second);
  EXPECT_NE(first->message_id, second->message_id);
  EXPECT_TRUE(first->message_id.starts_with("<"));
  EXPECT_TRUE(first->message_id.ends_with("@example.org>"));
  EXPECT_GT(first->message_id.size(), std::string("<@example.org>").size() + 20);
}

TEST(MimeBuild, BoundariesDifferAndAreNotInTheBodies) {
  auto m = sample_message();
  m.html_body = "<p>--=_dossier_ in the body</p>";
  auto first = build_mime(m);
  auto second = build_mime(m);
  ASSERT_TRUE(first && second);
  auto boundary_of = [](std::string const& data) {
    auto start = data.find("boundary=\"") + 10;
    return data.substr(start, data.find('"', start) - start);
  };
  auto boundary = boundary_of(first->data);
  EXPECT_LE(boundary.size(), 70u);  // RFC 2046 section 5.1.1
  EXPECT_NE(boundary, boundary_of(second->data));
  auto body = first->data.substr(first->data.find("\r\n\r\n"));
  // Exactly three delimiter lines: two part openers and the closer.
  std::size_t count = 0;
  for (auto pos = body.find(boundary); pos != std::string::npos; pos = body.find(boundary, pos + 1))
    ++count;
  EXPECT_EQ(count, 3u);
  EXPECT_NE(body.find("\r\n--" + boundary + "--\r\n"), std::string::npos);
}

// --- build_mime: refusals ----------------------------------------------------------------

void expect_refused(MimeMessage const& m, std::string_view why) {
  auto built = build_mime(m);
  ASSERT_FALSE(built) << why << " was accepted:\n" << built->data;
  EXPECT_EQ(built.error().kind, ErrorKind::Invalid) << why;
  EXPECT_FALSE(built.error().message.empty()) << why;
}

TEST(MimeBuild, RefusesHeaderInjection) {
  for (std::string const& evil : std::vector<std::string>{
           "x\r\nBcc: a@b.c", "x\nBcc: a@b.c", "x\rBcc: a@b.c", std::string("x\0Bcc: a@b.c", 12)}) {
    auto m = sample_message();
    m.subject = evil;
    expect_refused(m, "subject " + evil);
    m = sample_message();
    m.to = "reader@example.com" + evil.substr(1);
    expect_refused(m, "to " + evil);
    m = sample_message();
    m.from = "Meridian" + evil + " <news@example.org>";
    expect_refused(m, "from " + evil);
    m = sample_message();
    m.extra_headers = {{"List-Unsubscribe", "<https://example.org/u>" + evil}};
    expect_refused(m, "extra header value " + evil);
    m = sample_message();
    m.extra_headers = {{"X-Note" + evil, "v"}};
    expect_refused(m, "extra header name " + evil);
    m = sample_message();
    m.message_id_domain = "example.org" + evil;
    expect_refused(m, "message id domain " + evil);
  }
  auto m = sample_message();
  m.subject = "x\r\nBcc: a@b.c";
  EXPECT_NE(build_mime(m).error().message.find("line break"), std::string::npos);
}

TEST(MimeBuild, RefusesInvalidUtf8) {
  std::string const bad = "caf\xC3";  // a truncated sequence
  std::string const overlong = "\xC0\xAF";
  for (auto const& invalid_text : {bad, overlong}) {
    auto m = sample_message();
    m.subject = invalid_text;
    expect_refused(m, "subject");
    m = sample_message();
    m.from = invalid_text + " <news@example.org>";
    expect_refused(m, "from");
    m = sample_message();
    m.text_body = invalid_text;
    expect_refused(m, "text body");
    m = sample_message();
    m.html_body = invalid_text;
    expect_refused(m, "html body");
  }
  auto m = sample_message();
  m.text_body = bad;
  EXPECT_NE(build_mime(m).error().message.find("UTF-8"), std::string::npos);
}

TEST(MimeBuild, RefusesBadAddresses) {
  for (std::string const& to :
       std::vector<std::string>{"", "   ", "reader", "reader@", "@example.com", "reader@localhost",
                                "a b@example.com", "reader@example..com", "reader@-example.com",
                                "Reader <reader@example.com>", "reader@exa_mple.com",
                                "r\xC3\xA9"
                                "ader@example.com",
                                repeat("a", 65) + "@example.com"}) {
    auto m = sample_message();
    m.to = to;
    expect_refused(m, "to '" + to + "'");
  }
  for (std::string const& from :
       std::vector<std::string>{"", "Meridian", "Meridian <>", "Meridian <news@example.org",
                                "Meridian news@example.org>", "Meridian <news@@example.org>"}) {
    auto m = sample_message();
    m.from = from;
    expect_refused(m, "from '" + from + "'");
  }
}

TEST(MimeBuild, RefusesBadExtraHeaders) {
  auto with_header = [](std::string name, std::string value) {
    auto m = sample_message();
    m.extra_headers = {{std::move(name), std::move(value)}};
    return m;
  };
  expect_refused(with_header("", "v"), "empty name");
  expect_refused(with_header("X Note", "v"), "space in name");
  expect_refused(with_header("X:Note", "v"), "colon in name");
  expect_refused(with_header("X-N\xC3\xB6te", "v"), "non-ASCII name");
  expect_refused(with_header("X-Note", "caf\xC3\xA9"), "non-ASCII value");
  expect_refused(with_header("Subject", "second subject"), "own header");
  expect_refused(with_header("content-type", "text/html"), "own header, other case");
  expect_refused(with_header("X-Long", repeat("x", 1000)), "unfoldable value");
  // A long value with spaces is folded instead.
  auto m = with_header("X-Long", repeat("word ", 300) + "end");
  auto built = build_mime(m);
  ASSERT_TRUE(built) << built.error().message;
  expect_well_formed_lines(built->data);
  auto parsed = parse_with_python(built->data);
  EXPECT_EQ(parsed["extra_headers"],
            nlohmann::json::array({nlohmann::json::array({"X-Long", m.extra_headers[0].second})}));
}

// Found by fuzz/mime_fuzzer (its line-length property, from a seed with a long id): a long
// Message-ID part made a header line longer than RFC 5322's 998 characters.
TEST(MimeBuild, RefusesMessageIdPartsTooLongForAHeaderLine) {
  auto m = sample_message();
  m.message_id_local = std::string(1000, 'a');
  expect_refused(m, "Message-ID local part of 1000 characters");
  m = sample_message();
  std::string domain;
  for (int i = 0; i < 16; ++i) domain += std::string(kMaxDomainLabel, 'a') + ".";
  m.message_id_domain = domain + "org";
  expect_refused(m, "Message-ID domain of 16 long labels");
  m = sample_message();
  m.message_id_local = std::string(kMaxMessageIdLocal, 'a');
  auto built = build_mime(m);
  ASSERT_TRUE(built) << built.error().message;
  EXPECT_NE(built->data.find("Message-ID: <" + m.message_id_local + "@"), std::string::npos);
}

TEST(MimeBuild, RefusesMissingPieces) {
  auto m = sample_message();
  m.text_body.clear();
  expect_refused(m, "empty text body");
  m = sample_message();
  m.message_id_domain.clear();
  expect_refused(m, "empty Message-ID domain");
  m = sample_message();
  m.message_id_domain = "not a domain";
  expect_refused(m, "bad Message-ID domain");
  m = sample_message();
  m.date = 0;
  expect_refused(m, "unset date");
}

}  // namespace
}  // namespace dossier::mail
