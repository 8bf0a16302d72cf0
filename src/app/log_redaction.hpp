#pragma once

#include <string>
#include <string_view>

namespace dossier::app {

// What stands in a log line where a link's secret was.
constexpr char const* kRedacted = "[redacted]";

// A log line with the secret part of every capability link taken out: the token of a
// password (invitation or reset) link, a preview link, a newsletter or comment link, and the
// preview link the editor's page is sent to. Such a link is the only thing guarding what it
// opens (RFC 6750 section 5.3: URLs with bearer tokens end up in web server logs), and logs are
// read, copied and shipped by more people than the newsroom's admins. Everything else in the
// line stays as it is.
std::string redact_secrets(std::string_view line);

// Puts redact_secrets in front of every sink of spdlog's default logger, so that the access
// log (http/server.cpp prints each request target), handler errors and every later log line
// pass through it. Call once at start-up, before other threads log; calling again changes
// nothing.
void install_log_redaction();

}  // namespace dossier::app
