// The only translation unit that includes Beast (it alone costs ~20 s to compile).
#include <algorithm>
#include <utility>  // before Asio: Boost 1.74 + g++ 12 in C++20 (DESIGN.md, known pitfalls)

#include "http/server.hpp"

#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <limits>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "core/strings.hpp"

namespace dossier::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
// A connection's socket and timer name their io_context's executor type: the default
// (any_io_executor) erases it, and copying and calling through the erased executor showed in
// the cached path's profile (issue 16, perf; no gain measurable on a busy machine).
using Executor = asio::io_context::executor_type;
using Socket = tcp::socket::rebind_executor<Executor>::other;
using Timer = asio::steady_timer::rebind_executor<Executor>::other;

namespace {

constexpr auto kDrainPoll = std::chrono::milliseconds(50);
// Room for the multipart framing and the text fields that travel with an uploaded file.
constexpr std::size_t kUploadFormOverhead = 64 * 1024;
// Lingering close (RFC 9112 section 9.6): after answering a request whose body it did not
// read, the server shuts down its sending side and reads and discards what the client still
// sends, for at most this long and this many bytes, before it closes. Closing at once with
// unread data makes the kernel send a reset, and a reset can destroy the answer in the
// client's receive buffer before the client reads it (it sees no status at all).
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::size_t kLingerMaxBytes = 4 * 1024 * 1024;
constexpr std::size_t kLingerChunk = 16 * 1024;
// The interim answer to "Expect: 100-continue" (RFC 9110 section 15.2.1).
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

// A log line shows this much of a request target: a long URL (a 414) would otherwise fill
// the log with kilobytes per request.
constexpr std::size_t kMaxLoggedTarget = 256;

// A request target for a log line: no CSRF token (redact_query), at most kMaxLoggedTarget.
std::string loggable(std::string_view target) {
  auto out = redact_query(target);
  if (out.size() > kMaxLoggedTarget) {
    out.resize(kMaxLoggedTarget);
    out += "...";
  }
  return out;
}

// A header name for a log line: control characters shown as '?', so the line stays one line.
std::string printable(std::string_view text) {
  std::string out(text);
  for (auto& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return out;
}

Method to_method(bhttp::verb v) {
  switch (v) {
    case bhttp::verb::get: return Method::Get;
    case bhttp::verb::head: return Method::Head;
    case bhttp::verb::post: return Method::Post;
    case bhttp::verb::put: return Method::Put;
    case bhttp::verb::patch: return Method::Patch;
    case bhttp::verb::delete_: return Method::Delete;
    case bhttp::verb::options: return Method::Options;
    default: return Method::Other;
  }
}

// The status line and header fields of every response this server writes, whether Beast
// serializes them now (Session::send) or the page cache keeps them ready (serialize_head).
template <typename Message>
void set_fields(Message& out, Response const& res, unsigned version, bool keep_alive,
                bool head_method, std::size_t length) {
  out.version(version);
  out.result(static_cast<unsigned>(res.status));
  out.set(bhttp::field::server, "Dossier");
  out.set(bhttp::field::content_type, res.content_type);
  for (auto const& [k, v] : res.headers)
    out.insert(k, v);  // insert: several Set-Cookie fields may go out
  out.keep_alive(keep_alive);
  if (head_method) {
    // HEAD announces the GET length but sends no body (RFC 9110 9.3.2).
    out.set(bhttp::field::content_length, std::to_string(length));
  } else {
    out.prepare_payload();
  }
}

}  // namespace

std::string serialize_head(Response const& response) {
  std::ostringstream head;
  if (response.shared_body) {
    bhttp::response<bhttp::span_body<char const>> out;
    out.body() = {response.shared_body->data(), response.shared_body->size()};
    set_fields(out, response, 11, true, false, response.body_size());
    head << out.base();
  } else {
    bhttp::response<bhttp::string_body> out;
    out.body() = response.body;
    set_fields(out, response, 11, true, false, response.body_size());
    head << out.base();
  }
  return std::move(head).str();
}

class Session;

struct Server::Impl {
  ServerOptions options;
  RequestHandler handler;
  FastHandler fast;
  PreparedHandler prepared;
  // One io_context per network thread, each run by its thread alone (concurrency hint 1): a
  // connection lives on one thread from accept to close, so its handlers need no strand and
  // no lock, and no work crosses between network threads. Two threads sharing one io_context
  // spent a fifth of the cached path in wake-ups and futexes (issue 16, perf).
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
  std::size_t next_context = 0;  // round robin; touched by the acceptor's handler only
  asio::thread_pool workers;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::steady_timer drain_timer;
  std::atomic<bool> draining{false};
  std::mutex sessions_mutex;
  std::set<std::shared_ptr<Session>> sessions;

  Impl(ServerOptions o, RequestHandler h, FastHandler f, PreparedHandler p)
      : options(std::move(o)),
        handler(std::move(h)),
        fast(std::move(f)),
        prepared(std::move(p)),
        contexts(make_contexts(std::max(1, options.threads))),
        workers(static_cast<std::size_t>(std::max(1, options.workers))),
        acceptor(*contexts.front()),
        signals(*contexts.front(), SIGINT, SIGTERM),
        drain_timer(*contexts.front()) {
    // Threads beyond the first may have no connection for a while: their run() must not
    // return until the server stops.
    for (auto& c : contexts) keep_running.push_back(asio::make_work_guard(*c));
  }

  static std::vector<std::unique_ptr<asio::io_context>> make_contexts(int n) {
    std::vector<std::unique_ptr<asio::io_context>> out;
    for (int i = 0; i < n; ++i) out.push_back(std::make_unique<asio::io_context>(1));
    return out;
  }

  void stop_all() {
    for (auto& c : contexts) c->stop();
  }
  void do_accept();
  void begin_drain();
  void poll_drain(std::chrono::steady_clock::time_point deadline);
  void forget(std::shared_ptr<Session> const& s) {
    std::lock_guard lock(sessions_mutex);
    sessions.erase(s);
  }
};

// One connection, on one network thread: a read -> handle -> write loop, named limits and
// timeouts.
class Session : public std::enable_shared_from_this<Session> {
 public:
  using Clock = std::chrono::steady_clock;

  Session(Socket&& socket, Server::Impl& server)
      : socket_(std::move(socket)), server_(server), timer_(socket_.get_executor()) {
    beast::error_code ec;
    auto ep = socket_.remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string();
    // The prepared answers are written with plain system calls that must not block the
    // thread (Asio's own operations cope with a non-blocking socket).
    socket_.non_blocking(true, ec);
  }

  void start() {
    asio::dispatch(socket_.get_executor(),
                   [self = shared_from_this()] { self->wait_for_request(); });
  }

  // Called on drain: an idle connection is closed now, a busy one after its response.
  void drain() {
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) {
        beast::error_code ec;
        self->socket_.cancel(ec);
        self->socket_.close(ec);
      }
    });
  }

 private:
  // The deadline of what the connection waits for now (idle, header, body, write, linger).
  // Moving it is a store: the one timer is armed when the deadline comes nearer, and when it
  // fires early (the deadline moved on meanwhile) it waits again. Re-arming a timer for every
  // read and write cost a timer-queue update per request.
  void set_deadline(Clock::duration d) {
    deadline_ = Clock::now() + d;
    if (timer_armed_ && timer_expiry_ <= deadline_) return;
    arm_timer();
  }
  void clear_deadline() { deadline_ = Clock::time_point::max(); }

  void arm_timer() {
    timer_armed_ = true;
    timer_expiry_ = deadline_;
    timer_.expires_at(deadline_);  // a wait already pending ends with operation_aborted
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec != asio::error::operation_aborted) self->on_timer();
    });
  }

  void on_timer() {
    timer_armed_ = false;
    if (closed_ || deadline_ == Clock::time_point::max()) return;
    if (Clock::now() < deadline_) return arm_timer();
    // Time is up: every pending operation ends with operation_aborted, which closes.
    beast::error_code ignored;
    socket_.cancel(ignored);
  }

  // Waiting for the first byte of a request is the keep-alive idle time; once it comes,
  // the whole header must arrive within header_timeout (slow-header clients are cut off).
  void wait_for_request() {
    if (server_.draining) return close();
    if (buffer_.size() > 0) return read_header();
    set_deadline(requests_ == 0 ? server_.options.header_timeout
                                : server_.options.keepalive_timeout);
    socket_.async_wait(tcp::socket::wait_read,
                       [self = shared_from_this()](beast::error_code ec) { self->on_wait(ec); });
  }

  void on_wait(beast::error_code ec) {
    if (ec || server_.draining) return close();
    read_header();
  }

  // The largest body the upload path takes, once its gate has admitted the request.
  std::uint64_t upload_limit() const {
    auto const& o = server_.options;
    return std::max(o.max_body_bytes, o.max_upload_bytes + kUploadFormOverhead);
  }

  bool uploads_enabled() const {
    auto const& o = server_.options;
    return !o.upload_path_prefixes.empty() && o.upload_gate;
  }

  void read_header() {
    set_deadline(server_.options.header_timeout);
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.max_header_bytes));
    // No body limit while the header is parsed (Beast would check a Content-Length against
    // it before the path is known): on_header() sets the limit for this path and this user
    // before a byte of the body is read. The largest value, not boost::none: Beast 1.74
    // compares a Content-Length with the optional itself, and every number exceeds "none".
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    expect_continue_ = false;
    bhttp::async_read_header(
        socket_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  // Everything that can be decided from the request line and the header is decided here,
  // before a byte of the body is read: a refused request never makes the server hold its body.
  void on_header(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    clear_deadline();
    busy_ = true;
    started_ = std::chrono::steady_clock::now();
    auto const& h = parser_->get();
    auto const& o = server_.options;
    version_ = h.version();
    if (h.target().size() > o.max_url_bytes) return reject(414, "The request URL is too long.");
    // "A server MUST respond with a 400 (Bad Request) status code to any HTTP/1.1 request
    // message that lacks a Host header field" (RFC 9112 section 3.2).
    if (h.version() >= 11 && h.find(bhttp::field::host) == h.end())
      return reject(400, "The request has no Host header (HTTP/1.1 requires one).");
    if (!read_head(h)) return reject(400, "The request path is malformed.");
    // Expect (RFC 9110 section 10.1.1): 100-continue is the only expectation defined; an
    // HTTP/1.0 client cannot read an interim answer, so its Expect is ignored.
    if (auto expect = h[bhttp::field::expect]; !expect.empty() && h.version() >= 11) {
      if (to_lower(trim(expect)) != "100-continue")
        return reject(417, "The only expectation this server meets is 100-continue.");
      expect_continue_ = true;
    }
    auto declared = parser_->content_length();
    bool over = declared ? *declared > o.max_body_bytes : parser_->chunked();
    auto target = std::string_view(h.target());
    bool upload = uploads_enabled() &&
                  (h.method() == bhttp::verb::post || h.method() == bhttp::verb::patch) &&
                  std::any_of(o.upload_path_prefixes.begin(), o.upload_path_prefixes.end(),
                              [&](std::string const& p) { return target.starts_with(p); });
    if (!over || !upload) {
      if (declared && *declared > o.max_body_bytes)
        return reject(413, "The request body is too large.");
      return read_body(o.max_body_bytes);  // a chunked body is counted as it arrives
    }
    // The gate may read the database (a session): on the worker pool, never on an I/O
    // thread (DESIGN.md, known pitfalls). The answer comes back to this connection's strand.
    asio::post(server_.workers, [self = shared_from_this(), head = request_]() {
      std::optional<Response> refusal;
      try {
        refusal = self->server_.options.upload_gate(head);
      } catch (std::exception const& e) {
        spdlog::error("the upload gate failed for {}: {}", loggable(head.target), e.what());
        refusal = Response::text(500, "Internal server error\n");
      }
      if (refusal) finalize(head, *refusal);
      asio::post(self->socket_.get_executor(), [self, refusal = std::move(refusal)]() mutable {
        if (refusal) return self->reject(std::move(*refusal));
        // Who may upload is asked first, so a refused client learns why (401, 403).
        auto declared = self->parser_->content_length();
        if (declared && *declared > self->upload_limit())
          return self->reject(413, "The upload is too large.");
        self->read_body(self->upload_limit());
      });
    });
  }

  // The plain Request of a parsed header (its body comes later); false when its path is not
  // a percent-encoded UTF-8 absolute path.
  bool read_head(bhttp::request_parser<bhttp::string_body>::value_type const& h) {
    Request req;
    req.method = to_method(h.method());
    req.target = std::string(h.target());
    req.remote_address = remote_;
    auto q = req.target.find('?');
    auto raw_path = std::string_view(req.target).substr(0, q);
    if (q != std::string::npos) req.query = req.target.substr(q + 1);
    auto decoded = percent_decode(raw_path);
    if (raw_path.empty() || raw_path.front() != '/' || !decoded || !is_valid_utf8(*decoded))
      return false;
    req.path = std::move(*decoded);
    for (auto const& field : h)
      req.headers.emplace_back(to_lower(field.name_string()), std::string(field.value()));
    request_ = std::move(req);
    return true;
  }

  void read_body(std::uint64_t limit) {
    parser_->body_limit(limit);
    set_deadline(server_.options.body_timeout);
    if (expect_continue_ && !parser_->is_done()) {
      // The client waits for this before it sends the body (RFC 9110 section 10.1.1).
      expect_continue_ = false;
      return asio::async_write(socket_, asio::buffer(kContinue.data(), kContinue.size()),
                               [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                 if (ec) return self->close();
                                 self->read_rest();
                               });
    }
    read_rest();
  }

  void read_rest() {
    bhttp::async_read(
        socket_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
  }

  void on_read_error(beast::error_code ec) {
    if (ec == bhttp::error::header_limit) return reject(431, "The request headers are too large.");
    if (ec == bhttp::error::body_limit) return reject(413, "The request body is too large.");
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
        ec == asio::error::eof || ec == bhttp::error::partial_message)
      return close();
    reject(400, "The request is malformed.");
  }

  void on_body(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    clear_deadline();  // a handler may take its time; the write sets the next deadline
    auto message = parser_->release();
    Request req = std::move(request_);
    req.body = std::move(message.body());
    keep_alive_ = message.keep_alive();
    ++requests_;
    // The prepared head says HTTP/1.1 and keeps the connection open: only such a request
    // may have it.
    if (server_.prepared && version_ == 11 && keep_alive_ && !server_.draining) {
      if (auto answer = server_.prepared(req)) return write_prepared(req, std::move(*answer));
    }
    if (server_.fast) {
      if (auto res = server_.fast(req)) {
        finalize(req, *res);
        return write(req, std::move(*res));
      }
    }
    // Handlers may block on the database: run them on the worker pool, never here.
    asio::post(server_.workers, [self = shared_from_this(), req = std::move(req)]() mutable {
      Response res;
      try {
        res = self->server_.handler(req);
      } catch (std::exception const& e) {
        spdlog::error("handler failed for {}: {}", loggable(req.target), e.what());
        res = Response::text(500, "Internal server error\n");
      }
      finalize(req, res);
      asio::post(self->socket_.get_executor(),
                 [self, req = std::move(req), res = std::move(res)]() mutable {
                   self->write(req, std::move(res));
                 });
    });
  }

  void reject(int status, std::string message) {
    auto res = Response::text(status, message + "\n");
    add_security_headers(res);
    reject(std::move(res));
  }

  // An answer given before the request was read to its end: the connection closes after it,
  // lingering so that the answer reaches the client (kLingerTime).
  void reject(Response res) {
    Request req;
    req.method =
        parser_ && parser_->is_header_done() ? to_method(parser_->get().method()) : Method::Other;
    req.target = parser_ ? std::string(parser_->get().target()) : std::string();
    req.remote_address = remote_;
    if (!busy_) started_ = std::chrono::steady_clock::now();
    busy_ = true;
    keep_alive_ = false;
    linger_ = true;
    if (req.method == Method::Head) req.method = Method::Other;  // the message is the point
    write(req, std::move(res));
  }

  // The one place every response passes through on its way out, whoever made it.
  void write(Request const& req, Response res) {
    if (auto bad = unsafe_header(res)) {
      // A header holding CR or LF would end early and let the rest of its value add
      // fields of its own (response splitting): such a response never goes out.
      spdlog::error(
          "refused to send the response to {} {}: its header \"{}\" holds a CR, LF or NUL "
          "character (or its name is not a token); answered 500 instead",
          to_string(req.method), loggable(req.target), printable(*bad));
      res = Response::text(500, "Internal server error\n");
      add_security_headers(res);
    }
    if (res.shared_body && req.method != Method::Head) {
      // The page cache's bytes go out as they are: a span over the shared string, kept
      // alive by the completion handler.
      auto out = std::make_shared<bhttp::response<bhttp::span_body<char const>>>();
      out->body() = {res.shared_body->data(), res.shared_body->size()};
      return send(req, res, std::move(out), res.shared_body, res.body_size());
    }
    // The length is taken before the body moves into the message (the access log and HEAD
    // need it).
    auto length = res.body_size();
    auto out = std::make_shared<bhttp::response<bhttp::string_body>>();
    if (req.method != Method::Head) out->body() = std::move(res.body);
    send(req, res, std::move(out), nullptr, length);
  }

  template <typename Message>
  void send(Request const& req, Response const& res, std::shared_ptr<Message> message,
            std::shared_ptr<std::string const> keep_alive_body, std::size_t length) {
    auto& out = *message;
    bool keep = keep_alive_ && !server_.draining;
    set_fields(out, res, version_, keep, req.method == Method::Head, length);
    if (server_.options.access_log) log_access(req, res.status, length);
    set_deadline(server_.options.body_timeout);
    bhttp::async_write(socket_, out,
                       [self = shared_from_this(), message, keep_alive_body, keep](
                           beast::error_code ec, std::size_t) {
                         if (ec) return self->close();
                         if (self->linger_) return self->linger();
                         self->busy_ = false;
                         if (!keep) return self->close();
                         self->wait_for_request();
                       });
  }

  // A prepared answer goes out with as few system calls as the kernel allows: one sendfile
  // (head and body from the page's file) or one sendmsg (head and body gathered), and more
  // only when the socket's buffer fills, after waiting until it drains.
  void write_prepared(Request const& req, PreparedAnswer answer) {
    if (server_.options.access_log) log_access(req, answer.status, answer.body.size());
    out_ = std::move(answer);
    out_sent_ = 0;
    set_deadline(server_.options.body_timeout);
    continue_prepared();
  }

  void continue_prepared() {
    auto const total = out_.head.size() + out_.body.size();
    int fd = socket_.native_handle();
    while (out_sent_ < total) {
      ssize_t n = 0;
      if (out_.file >= 0 && !out_.body.empty()) {
        auto offset = static_cast<off_t>(out_sent_);
        n = ::sendfile(fd, out_.file, &offset, total - out_sent_);
      } else {
        std::array<iovec, 2> parts{};
        int count = 0;
        auto add = [&](std::string_view bytes, std::size_t skip) {
          if (skip >= bytes.size()) return;
          parts[count++] = {const_cast<char*>(bytes.data() + skip), bytes.size() - skip};
        };
        add(out_.head, out_sent_);
        add(out_.body, out_sent_ > out_.head.size() ? out_sent_ - out_.head.size() : 0);
        msghdr msg{};
        msg.msg_iov = parts.data();
        msg.msg_iovlen = static_cast<std::size_t>(count);
        n = ::sendmsg(fd, &msg, MSG_NOSIGNAL);
      }
      if (n > 0) {
        out_sent_ += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        return socket_.async_wait(tcp::socket::wait_write,
                                  [self = shared_from_this()](beast::error_code ec) {
                                    if (ec) return self->close();
                                    self->continue_prepared();
                                  });
      }
      return close();  // the client went away (or sendfile found nothing to send)
    }
    out_ = {};  // lets the page go when the cache drops it
    busy_ = false;
    wait_for_request();
  }

  void log_access(Request const& req, int status, std::size_t length) {
    auto ms = std::chrono::duration<double, std::milli>(Clock::now() - started_).count();
    spdlog::info("{} \"{} {}\" {} {} {:.2f}ms", remote_.empty() ? "-" : remote_,
                 to_string(req.method), loggable(req.target), status, length, ms);
  }

  // The lingering close (kLingerTime): the answer is out; say so with a FIN, then read and
  // drop whatever the client still sends, until it closes, the time is up or kLingerMaxBytes
  // were dropped. The connection stays busy meanwhile, so a drain waits for it (briefly).
  void linger() {
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return close();
    buffer_.consume(buffer_.size());
    discard_.resize(kLingerChunk);
    set_deadline(kLingerTime);  // one deadline for all the reads that follow
    discard_more();
  }

  void discard_more() {
    socket_.async_read_some(asio::buffer(discard_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->discarded_ += n;
                              if (ec || self->discarded_ >= kLingerMaxBytes) return self->close();
                              self->discard_more();
                            });
  }

  void close() {
    busy_ = false;
    if (closed_) return;
    closed_ = true;
    beast::error_code ec;
    timer_.cancel();
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    socket_.close(ec);
    server_.forget(shared_from_this());
  }

  Socket socket_;
  Server::Impl& server_;
  Timer timer_;
  Clock::time_point deadline_ = Clock::time_point::max();
  Clock::time_point timer_expiry_;
  bool timer_armed_ = false;
  bool closed_ = false;
  PreparedAnswer out_;  // the prepared answer being written
  std::size_t out_sent_ = 0;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Request request_;  // the request being read: its line and headers, before its body
  std::string remote_;
  std::vector<char> discard_;  // the lingering close's read buffer, made when needed
  std::size_t discarded_ = 0;
  bool keep_alive_ = false;
  bool busy_ = false;
  bool expect_continue_ = false;
  bool linger_ = false;
  unsigned version_ = 11;
  int requests_ = 0;
  Clock::time_point started_;
};

void Server::Impl::do_accept() {
  // Each connection goes to the next network thread's io_context, and stays there.
  auto& context = *contexts[next_context];
  next_context = (next_context + 1) % contexts.size();
  acceptor.async_accept(context, [this](beast::error_code ec, Socket socket) {
    if (ec) {
      if (ec == asio::error::operation_aborted || draining) return;
      spdlog::warn("accept failed: {}", ec.message());
    } else {
      auto s = std::make_shared<Session>(std::move(socket), *this);
      {
        std::lock_guard lock(sessions_mutex);
        sessions.insert(s);
      }
      s->start();
    }
    if (!draining) do_accept();
  });
}

void Server::Impl::begin_drain() {
  if (draining.exchange(true)) return;
  spdlog::info("draining: no new connections, finishing requests in flight");
  beast::error_code ec;
  acceptor.close(ec);
  std::vector<std::shared_ptr<Session>> current;
  {
    std::lock_guard lock(sessions_mutex);
    current.assign(sessions.begin(), sessions.end());
  }
  for (auto& s : current) s->drain();
  poll_drain(std::chrono::steady_clock::now() + options.drain_timeout);
}

void Server::Impl::poll_drain(std::chrono::steady_clock::time_point deadline) {
  bool empty = false;
  {
    std::lock_guard lock(sessions_mutex);
    empty = sessions.empty();
  }
  if (empty || std::chrono::steady_clock::now() >= deadline) {
    if (!empty) spdlog::warn("drain timeout: closing the remaining connections");
    stop_all();
    return;
  }
  drain_timer.expires_after(kDrainPoll);
  drain_timer.async_wait([this, deadline](beast::error_code) { poll_drain(deadline); });
}

Server::Server(ServerOptions options, RequestHandler handler, FastHandler fast,
               PreparedHandler prepared)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(fast),
                                   std::move(prepared))) {}

Server::~Server() {
  impl_->stop_all();
  impl_->workers.join();
}

Result<std::uint16_t> Server::listen() {
  // sendfile() on a socket the client closed raises SIGPIPE, which would end the process
  // (sendmsg is told not to, with MSG_NOSIGNAL; sendfile has no such flag).
  std::signal(SIGPIPE, SIG_IGN);
  beast::error_code ec;
  auto address = asio::ip::make_address(impl_->options.host, ec);
  if (ec) return invalid(fmt::format("'{}' is not an IP address", impl_->options.host));
  tcp::endpoint endpoint(address, impl_->options.port);
  auto& a = impl_->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return Error{ErrorKind::Internal, fmt::format("cannot listen on {}:{}: {}", impl_->options.host,
                                                  impl_->options.port, ec.message())};
  return a.local_endpoint().port();
}

void Server::run() {
  impl_->signals.async_wait([this](beast::error_code ec, int) {
    if (!ec) impl_->begin_drain();
  });
  impl_->do_accept();
  std::vector<std::thread> threads;
  auto& contexts = impl_->contexts;
  for (std::size_t i = 1; i < contexts.size(); ++i)
    threads.emplace_back([&c = *contexts[i]] { c.run(); });
  contexts.front()->run();
  for (auto& t : threads) t.join();
  impl_->workers.join();
  spdlog::info("stopped");
}

void Server::stop() {
  asio::post(*impl_->contexts.front(), [this] { impl_->begin_drain(); });
}

}  // namespace dossier::http
