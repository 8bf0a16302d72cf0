#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace dossier::test {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string header(std::string const& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// A TCP connection to 127.0.0.1:port, or -1. A receive buffer above 0 is set before connect,
// so the window the server sees is small from the first byte.
int connect_local(int port, int receive_buffer = 0);

// A deliberately small HTTP/1.1 client over a raw socket, so tests can send exactly the
// bytes they mean, malformed ones included.
class Connection {
 public:
  explicit Connection(int port);
  ~Connection();
  bool connected() const { return fd_ >= 0; }
  bool send(std::string const& bytes);
  // Reads one response; `head` = the request was HEAD (no body follows).
  std::optional<HttpResponse> read_response(
      bool head = false, std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
  // True when the server closed the connection within the timeout.
  bool closed_by_peer(std::chrono::milliseconds timeout);

 private:
  bool fill(std::chrono::steady_clock::time_point deadline);
  int fd_ = -1;
  std::string buffer_;
  bool eof_ = false;
};

// One request on a fresh connection.
std::optional<HttpResponse> request(int port, std::string const& method, std::string const& target,
                                    std::map<std::string, std::string> const& headers = {},
                                    std::string const& body = "");

std::string gunzip(std::string const& data);

// The path of the first link in `text` (a mail) that starts with site_url + prefix, e.g.
// "/newsletter/confirm/..." from "https://news.example.org/newsletter/confirm/...".
std::string link_path(std::string const& text, std::string const& site_url,
                      std::string const& prefix);

}  // namespace dossier::test
