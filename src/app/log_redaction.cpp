#include "app/log_redaction.hpp"

#include <array>
#include <memory>

#include <spdlog/sinks/sink.h>
#include <spdlog/spdlog.h>

namespace dossier::app {

namespace {

// The routes whose last path segment is a secret ({token} in admin_routes.cpp and
// site_routes.cpp). A new route of that kind belongs here too.
constexpr std::array<std::string_view, 8> kSecretPathPrefixes = {
    "/admin/password/",         "/preview/",
    "/newsletter/confirm/",     "/newsletter/unsubscribe/",
    "/newsletter/preferences/", "/comments/notify/",
    "/comments/stop/",          "/comments/delete/",
};

// Query parameters whose value is a secret: the editor is sent to
// /admin/articles/ID?preview=<the preview link> after making one.
constexpr std::array<std::string_view, 1> kSecretQueryParameters = {"preview="};

// Where a secret ends in a log line: the next path separator, query, fragment, quote, space,
// punctuation around a URL in a message, or control character. Tokens are base64url or
// signed values (digits, letters, '-', '_', '.'), so none of these stand inside one.
bool ends_secret(char c) {
  constexpr std::string_view kEnds = "/?&#\"'<>:;,()[]{}\\";
  return kEnds.find(c) != std::string_view::npos || static_cast<unsigned char>(c) <= 0x20 ||
         c == 0x7f;
}

// The length of the marker at `at` after which a secret follows, or 0.
std::size_t secret_marker_at(std::string_view line, std::size_t at) {
  auto rest = line.substr(at);
  for (auto prefix : kSecretPathPrefixes)
    if (rest.starts_with(prefix)) return prefix.size();
  if (rest.front() == '?' || rest.front() == '&')
    for (auto name : kSecretQueryParameters)
      if (rest.substr(1).starts_with(name)) return 1 + name.size();
  return 0;
}

// Wraps another sink: each message is redacted before the wrapped sink formats it.
class RedactingSink final : public spdlog::sinks::sink {
 public:
  explicit RedactingSink(spdlog::sink_ptr inner) : inner_(std::move(inner)) {}

  void log(spdlog::details::log_msg const& msg) override {
    if (!inner_->should_log(msg.level)) return;
    auto payload = std::string_view(msg.payload.data(), msg.payload.size());
    auto clean = redact_secrets(payload);
    if (clean == payload) return inner_->log(msg);
    auto copy = msg;
    copy.payload = spdlog::string_view_t(clean.data(), clean.size());
    inner_->log(copy);
  }
  void flush() override { inner_->flush(); }
  void set_pattern(std::string const& pattern) override { inner_->set_pattern(pattern); }
  void set_formatter(std::unique_ptr<spdlog::formatter> formatter) override {
    inner_->set_formatter(std::move(formatter));
  }

 private:
  spdlog::sink_ptr inner_;
};

}  // namespace

std::string redact_secrets(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  std::size_t i = 0;
  while (i < line.size()) {
    auto marker = secret_marker_at(line, i);
    if (marker == 0) {
      out.push_back(line[i++]);
      continue;
    }
    out.append(line.substr(i, marker));
    i += marker;
    auto start = i;
    while (i < line.size() && !ends_secret(line[i])) ++i;
    if (i > start) out.append(kRedacted);
  }
  return out;
}

void install_log_redaction() {
  for (auto& sink : spdlog::default_logger()->sinks())
    if (!std::dynamic_pointer_cast<RedactingSink>(sink))
      sink = std::make_shared<RedactingSink>(sink);
}

}  // namespace dossier::app
