#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

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
  int threads = 1;  // network threads running the io_context
  int workers = 2;  // threads running handlers (blocking database work never runs on I/O threads)
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 1024 * 1024;
  // POSTs to paths under this prefix (the newsroom's uploads) may be larger, up to
  // max_upload_bytes plus room for the form around the file, when upload_gate admits them
  // (a signed-in user who may upload, with the CSRF token in a header or the query). The
  // decision comes before the body is read, so nobody can make the server hold a large
  // body without signing in. Without a gate, every request keeps max_body_bytes.
  std::string upload_path_prefix;
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

// The Boost.Beast HTTP/1.1 server. It only moves bytes: it parses, enforces limits and
// timeouts, hands each request to `handler` on a worker thread, finalizes the response
// (ETag/304, gzip, HEAD) and writes it. Beast is confined to server.cpp (compile time).
class Server {
 public:
  Server(ServerOptions options, RequestHandler handler, FastHandler fast = {});
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
