// The SMTP sink the newsletter tests send to: a real aiosmtpd server, fed here by curl (the
// same libcurl SMTP client the newsletter transport uses) and by Python's smtplib.

#include "support/smtp_sink.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/temp_dir.hpp"

namespace dossier::test {
namespace {

constexpr auto kArrival = std::chrono::milliseconds(5000);

// A multipart/alternative message as the newsletter builds them: quoted-printable text,
// base64 HTML, an RFC 2047 subject and a folded header. Line ends are CRLF (RFC 5322).
constexpr char const* kAlternative =
    "From: Dossier <news@example.org>\r\n"
    "To: reader@example.org\r\n"
    "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln?=\r\n"
    "Message-ID: <issue-1@example.org>\r\n"
    "List-Unsubscribe: <https://example.org/unsubscribe/abc>,\r\n"
    " <mailto:unsubscribe@example.org>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/alternative; boundary=\"=_b1\"\r\n"
    "\r\n"
    "--=_b1\r\n"
    "Content-Type: text/plain; charset=UTF-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "Gr=C3=BC=C3=9Fe, a line that is long enough to need a soft line break =\r\n"
    "here.\r\n"
    "A=3DB\r\n"
    "--=_b1\r\n"
    "Content-Type: text/html; charset=UTF-8\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "PHA+R3LDvMOfZTwvcD4=\r\n"
    "--=_b1--\r\n";

std::string write_message(TempDir const& dir, std::string const& text) {
  return dir.write("msg.eml", text).string();
}

smtp_detail::Output curl_send(SmtpSink const& sink, std::string const& file,
                              std::vector<std::string> const& rcpts = {"reader@example.org"}) {
  // --verbose puts the SMTP dialogue on stderr: curl reports a refused DATA only as
  // "Weird server reply" (exit 8), so the tests read the server's code from the dialogue.
  std::vector<std::string> argv{"/usr/bin/curl", "--verbose", "--max-time",  "20",
                                "--url",         sink.url(),  "--mail-from", "news@example.org"};
  for (auto const& r : rcpts) argv.insert(argv.end(), {"--mail-rcpt", r});
  argv.insert(argv.end(), {"--upload-file", file});
  return smtp_detail::run(argv);
}

// Sends with smtplib, logging in first; prints the refused-recipients dict sendmail returns.
constexpr char const* kSmtplibSend = R"PY(
import smtplib, sys
from email.message import EmailMessage
port, rcpts = int(sys.argv[1]), sys.argv[2:]
msg = EmailMessage()
msg["From"] = "news@example.org"
msg["To"] = ", ".join(rcpts)
msg["Subject"] = "Caf\u00e9 \u2013 weekly"
msg.set_content("Plain caf\u00e9 text\n")
msg.add_alternative("<p>HTML caf\u00e9</p>\n", subtype="html")
with smtplib.SMTP("127.0.0.1", port, timeout=20) as s:
    s.ehlo("dossier.test")
    s.login("dossier", "secret")
    print(s.send_message(msg, from_addr="news@example.org", to_addrs=rcpts))
)PY";

smtp_detail::Output smtplib_send(SmtpSink const& sink, std::vector<std::string> const& rcpts) {
  std::vector<std::string> argv{kSmtpPython, "-c", kSmtplibSend, std::to_string(sink.port())};
  argv.insert(argv.end(), rcpts.begin(), rcpts.end());
  return smtp_detail::run(argv);
}

bool port_accepts(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

TEST(SmtpSink, CurlMessageArrivesWithEnvelopeHeadersAndDecodedBodies) {
  SmtpSink sink;
  TempDir dir("dossier-smtp-msg");
  auto r = curl_send(sink, write_message(dir, kAlternative),
                     {"reader@example.org", "second@example.org"});
  ASSERT_EQ(r.exit_code, 0) << r.err << sink.log();
  ASSERT_TRUE(sink.wait_for(1, kArrival));

  auto mails = sink.messages();
  ASSERT_EQ(mails.size(), 1u);
  auto const& m = mails[0];
  EXPECT_EQ(m.mail_from, "news@example.org");
  EXPECT_EQ(m.rcpt_to, (std::vector<std::string>{"reader@example.org", "second@example.org"}));
  EXPECT_EQ(m.raw, kAlternative);
  EXPECT_EQ(m.header("Message-ID"), "<issue-1@example.org>");
  EXPECT_EQ(m.header("subject"), "=?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln?=");
  EXPECT_EQ(m.subject, "Grüße aus Köln");
  // Unfolding drops the CRLF and keeps the white space after it.
  EXPECT_EQ(m.header("List-Unsubscribe"),
            "<https://example.org/unsubscribe/abc>, <mailto:unsubscribe@example.org>");
  EXPECT_EQ(m.header("X-Missing"), "");
  // The CRLF before a boundary belongs to the delimiter (RFC 2046 section 5.1.1), not the text.
  EXPECT_EQ(m.text, "Grüße, a line that is long enough to need a soft line break here.\nA=B");
  EXPECT_EQ(m.html, "<p>Grüße</p>");
  EXPECT_FALSE(m.received_at.empty());
}

TEST(SmtpSink, SmtplibMessagesArriveInOrder) {
  SmtpSink sink;
  auto first = smtplib_send(sink, {"one@example.org"});
  ASSERT_EQ(first.exit_code, 0) << first.err << sink.log();
  auto second = smtplib_send(sink, {"two@example.org", "three@example.org"});
  ASSERT_EQ(second.exit_code, 0) << second.err << sink.log();
  ASSERT_TRUE(sink.wait_for(2, kArrival));

  auto mails = sink.messages();
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_EQ(mails[0].rcpt_to, std::vector<std::string>{"one@example.org"});
  EXPECT_EQ(mails[1].rcpt_to, (std::vector<std::string>{"two@example.org", "three@example.org"}));
  EXPECT_EQ(mails[1].mail_from, "news@example.org");
  EXPECT_EQ(mails[1].subject, "Café – weekly");
  EXPECT_NE(mails[1].header("subject").find("=?utf-8?"), std::string::npos)
      << mails[1].header("subject");
  EXPECT_NE(mails[1].header("content-type").find("multipart/alternative"), std::string::npos);
  EXPECT_EQ(mails[1].text, "Plain café text\n");
  EXPECT_EQ(mails[1].html, "<p>HTML café</p>\n");
}

TEST(SmtpSink, FailFirstAnswers451ThenAccepts) {
  SmtpSink sink({"--fail-first", "1"});
  TempDir dir("dossier-smtp-msg");
  auto file = write_message(dir, kAlternative);

  auto refused = curl_send(sink, file);
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("< 451 4.3.0 Try again later"), std::string::npos) << refused.err;
  EXPECT_EQ(sink.count(), 0u);

  auto accepted = curl_send(sink, file);
  ASSERT_EQ(accepted.exit_code, 0) << accepted.err << sink.log();
  ASSERT_TRUE(sink.wait_for(1, kArrival));
  EXPECT_EQ(sink.messages().size(), 1u);
}

TEST(SmtpSink, RejectRcptRefusesMatchingRecipientsWith550) {
  SmtpSink sink({"--reject-rcpt", "bounce"});
  TempDir dir("dossier-smtp-msg");

  auto refused = curl_send(sink, write_message(dir, kAlternative), {"bounce@example.org"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("< 550 5.1.1 No such user"), std::string::npos) << refused.err;
  EXPECT_EQ(sink.count(), 0u);

  // With another recipient the message still goes, to that recipient only.
  auto partly = smtplib_send(sink, {"bounce@example.org", "ok@example.org"});
  ASSERT_EQ(partly.exit_code, 0) << partly.err << sink.log();
  EXPECT_NE(partly.out.find("550"), std::string::npos) << partly.out;
  ASSERT_TRUE(sink.wait_for(1, kArrival));
  auto mails = sink.messages();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].rcpt_to, std::vector<std::string>{"ok@example.org"});
}

TEST(SmtpSink, DelayMakesSendsSlow) {
  SmtpSink sink({"--delay-ms", "400"});
  TempDir dir("dossier-smtp-msg");
  auto start = std::chrono::steady_clock::now();
  auto r = curl_send(sink, write_message(dir, kAlternative));
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(r.exit_code, 0) << r.err << sink.log();
  EXPECT_GE(took, std::chrono::milliseconds(400));
  EXPECT_EQ(sink.count(), 1u);
}

TEST(SmtpSink, StopsAndRemovesItsFilesOnDestruction) {
  int port = 0;
  std::filesystem::path dir;
  {
    SmtpSink sink;
    port = sink.port();
    dir = sink.mail_dir();
    EXPECT_TRUE(port_accepts(port));
    EXPECT_TRUE(sink.running());
    EXPECT_EQ(sink.url(), "smtp://127.0.0.1:" + std::to_string(port));
  }
  EXPECT_FALSE(port_accepts(port));
  EXPECT_FALSE(std::filesystem::exists(dir));
}

TEST(SmtpSink, BadArgumentsThrowWithTheServersError) {
  try {
    SmtpSink sink({"--no-such-flag"});
    FAIL() << "expected the sink to throw";
  } catch (std::runtime_error const& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-flag"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace dossier::test
