#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace dossier::http {

// Asked, on a worker thread, whether a request may send a body larger than max_body_bytes
// to the upload path; it sees the request's line and headers only (no body is read yet).
// nullopt = read the body, up to max_upload_bytes plus room for the form around the file;
// a Response (401, 403) = answer with it at once and read no body.
using BodyGate = std::function<std::optional<Response>(Request const& head)>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  int threads = 1;  // network threads, each running an io_context of its own
  int workers = 2;  // threads running handlers (blocking database work never runs on I/O threads)
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 1024 * 1024;
  // POSTs and PATCHes to paths under these prefixes (the newsroom's uploads, the Admin API)
  // may be larger, up to max_upload_bytes plus room for the form around the file, when
  // upload_gate admits them (a signed-in user who may upload, with the CSRF token in a header
  // or the query; an admin key). The decision comes before the body is read, so nobody can
  // make the server hold a large body without signing in. Without a gate, every request keeps
  // max_body_bytes.
  std::vector<std::string> upload_path_prefixes;
  std::size_t max_upload_bytes = 0;
  BodyGate upload_gate;
  std::size_t max_url_bytes = 4096;
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds body_timeout{30};
  std::chrono::seconds keepalive_timeout{30};
  std::chrono::seconds drain_timeout{10};
  bool access_log = true;
};

using RequestHandler = std::function<Response(Request const&)>;
// Tried on the I/O thread before a request goes to the workers; must never block (a page
// cache lookup). nullopt = hand the request to the RequestHandler.
using FastHandler = std::function<std::optional<Response>(Request const&)>;

// An answer made ahead of time (the page cache's), for an HTTP/1.1 keep-alive request: the
// server writes its bytes as they are, with no handler, no serializer and no copy of the
// headers. With a file, the kernel sends head and body from it (sendfile), without copying
// the body from this process, as nginx sends a static file.
struct PreparedAnswer {
  std::shared_ptr<void const> owner;  // keeps the bytes and the file below alive until sent
  std::string_view head;              // status line and headers, through the blank line
  std::string_view body;              // empty for 304 and HEAD
  int file = -1;  // holds head then body from byte 0, or -1: send head and body from memory
  int status = 200;
};
// Tried first, on the I/O thread, for an HTTP/1.1 keep-alive request; must never block.
using PreparedHandler = std::function<std::optional<PreparedAnswer>(Request const&)>;

// The status line and headers this server writes for `response` (finalized: security
// headers, ETag and encoding in place; its body in shared_body or body) to an HTTP/1.1
// keep-alive GET, byte for byte: the page cache keeps them ready (PreparedAnswer::head).
std::string serialize_head(Response const& response);

// The Boost.Beast HTTP/1.1 server. It only moves bytes: it parses, enforces limits and
// timeouts, hands each request to `handler` on a worker thread, finalizes the response
// (ETag/304, gzip, HEAD) and writes it. Beast is confined to server.cpp (compile time).
class Server {
 public:
  Server(ServerOptions options, RequestHandler handler, FastHandler fast = {},
         PreparedHandler prepared = {});
  ~Server();

  // Binds and listens; returns the bound port (the system's choice when port is 0).
  Result<std::uint16_t> listen();
  // Serves until SIGTERM or SIGINT, then stops accepting, lets in-flight requests finish
  // (up to drain_timeout) and returns.
  void run();
  // Asks run() to drain and return, as the signals do (for tests and embedding).
  void stop();

  // Public only so server.cpp's connection class can name it; defined there alone.
  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace dossier::http
