// The secrets of capability links never reach a log: redact_secrets on the lines the server
// writes, and the sink install_log_redaction puts in front of spdlog's default logger.
#include <gtest/gtest.h>

#include <memory>
#include <sstream>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "app/log_redaction.hpp"

namespace dossier::app {
namespace {

constexpr char const* kToken = "zIdi6xVbS0vr_FhnOLJWXE-lfzQXNsg0hmO1rb16N_Y";

TEST(LogRedaction, TakesTheTokenOutOfEveryLinkThatCarriesOne) {
  std::string token = kToken;
  EXPECT_EQ(redact_secrets("127.0.0.1 \"GET /admin/password/" + token + "\" 200 0 1.20ms"),
            "127.0.0.1 \"GET /admin/password/[redacted]\" 200 0 1.20ms");
  EXPECT_EQ(redact_secrets("handler failed for /admin/password/" + token + ": oops"),
            "handler failed for /admin/password/[redacted]: oops");
  for (auto const* prefix :
       {"/preview/", "/newsletter/confirm/", "/newsletter/unsubscribe/", "/newsletter/preferences/",
        "/comments/notify/", "/comments/stop/", "/comments/delete/"}) {
    auto line = "\"POST " + std::string(prefix) + "12.1790000000.ab12cd?x=1\" 303";
    EXPECT_EQ(redact_secrets(line), "\"POST " + std::string(prefix) + "[redacted]?x=1\" 303");
  }
  // The editor's page after making a preview link carries it, encoded, in its query.
  EXPECT_EQ(redact_secrets("\"GET /admin/articles/5?preview=https%3A%2F%2Fexample.org%2Fpreview"
                           "%2F5.1790604800.9f8e&saved=1\" 200"),
            "\"GET /admin/articles/5?preview=[redacted]&saved=1\" 200");
  // A full URL in a message, and two links in one line.
  EXPECT_EQ(
      redact_secrets("https://example.org/admin/password/" + token + " and /preview/" + token),
      "https://example.org/admin/password/[redacted] and /preview/[redacted]");
}

TEST(LogRedaction, LeavesEverythingElseAsItIs) {
  for (auto const* line :
       {"127.0.0.1 \"GET /articles/preview-of-the-budget\" 200 512 0.40ms",
        "127.0.0.1 \"POST /admin/articles/5/preview-link\" 303 0 2.00ms",
        "127.0.0.1 \"GET /search?q=preview%3Dx&page=2\" 200 900 3.00ms",
        "127.0.0.1 \"GET /admin/password/\" 404 0 0.10ms", "the weekly digest is ready", ""})
    EXPECT_EQ(redact_secrets(line), line);
}

TEST(LogRedaction, TheInstalledSinkRedactsWhatIsLoggedAndIsInstalledOnce) {
  auto previous = spdlog::default_logger();
  std::ostringstream out;
  auto logger = std::make_shared<spdlog::logger>(
      "redaction-test", std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
  spdlog::set_default_logger(logger);
  install_log_redaction();
  install_log_redaction();
  EXPECT_EQ(logger->sinks().size(), 1u);
  // The access log's own format (http/server.cpp).
  spdlog::info("{} \"{} {}\" {} {} {:.2f}ms", "127.0.0.1", "GET",
               std::string("/admin/password/") + kToken, 200, 1234, 1.5);
  spdlog::warn("a line without secrets");
  logger->flush();
  spdlog::set_default_logger(previous);
  auto text = out.str();
  EXPECT_EQ(text.find(kToken), std::string::npos) << text;
  EXPECT_NE(text.find("\"GET /admin/password/[redacted]\" 200 1234 1.50ms"), std::string::npos)
      << text;
  EXPECT_NE(text.find("a line without secrets"), std::string::npos) << text;
}

}  // namespace
}  // namespace dossier::app
