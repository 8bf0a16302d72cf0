#pragma once

// A real SMTP server for mail tests: tests/support/smtp_server.py (aiosmtpd) run as a child
// process on an ephemeral 127.0.0.1 port, storing every accepted message in a temp dir.
// Header-only because tests/CMakeLists.txt compiles only *_test.cpp files into dossier_tests.

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/temp_dir.hpp"
#include "support/test_paths.hpp"

extern char** environ;

namespace dossier::test {

// Debian's interpreter, which has python3-aiosmtpd; PATH may name another Python first.
inline constexpr char const* kSmtpPython = "/usr/bin/python3";
inline constexpr auto kSmtpStartTimeout = std::chrono::seconds(10);
inline constexpr auto kSmtpStopTimeout = std::chrono::seconds(5);
inline constexpr auto kSmtpPollInterval = std::chrono::milliseconds(20);

inline std::string smtp_server_script() {
  return ::dossier::test::test_dir() + "/support/smtp_server.py";
}

// One message as the server stored it.
struct ReceivedMail {
  std::string raw;  // the DATA bytes exactly as received, CRLF line ends kept
  std::string mail_from;
  std::vector<std::string> rcpt_to;
  std::string received_at;  // ISO 8601, UTC
  // Lower-case names, values unfolded (RFC 5322 section 2.2.3) but RFC 2047 words left
  // encoded; when a field repeats, the first one.
  std::map<std::string, std::string> headers;
  std::string subject;  // the Subject with RFC 2047 encoded words decoded to UTF-8
  // Decoded (quoted-printable, base64 or 7bit; charset to UTF-8) bodies of the first inline
  // text/plain and text/html parts, single-part or multipart; line ends as LF; empty if none.
  std::string text;
  std::string html;

  // The header's value by case-insensitive name, or "" when the message has none.
  std::string header(std::string const& name) const {
    std::string key = name;
    for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto it = headers.find(key);
    return it == headers.end() ? std::string() : it->second;
  }
};

namespace smtp_detail {

struct Output {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// The parent environment minus the variables that would point /usr/bin/python3 at another
// Python's library.
inline std::vector<std::string> python_environment() {
  std::vector<std::string> out;
  for (char** e = environ; *e; ++e) {
    std::string entry(*e);
    auto name = entry.substr(0, entry.find('='));
    if (name == "PYTHONHOME" || name == "PYTHONPATH") continue;
    out.push_back(std::move(entry));
  }
  return out;
}

inline pid_t spawn(std::vector<std::string> const& argv, int out_fd, int err_fd) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
  std::vector<char*> args;
  for (auto const& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  auto env_strings = python_environment();
  std::vector<char*> envp;
  for (auto const& e : env_strings) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error(std::string("posix_spawn: ") + std::strerror(rc));
  return pid;
}

// Pipes are close-on-exec so one child never holds another's pipe open; dup2 onto the
// child's stdout/stderr clears the flag where it is wanted.
inline void make_pipe(int fds[2]) {
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
}

inline std::string read_all(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0) out.append(buf, static_cast<std::size_t>(n));
  return out;
}

// Runs a command to completion and captures what it prints.
inline Output run(std::vector<std::string> const& argv) {
  int out_pipe[2], err_pipe[2];
  make_pipe(out_pipe);
  make_pipe(err_pipe);
  pid_t pid = spawn(argv, out_pipe[1], err_pipe[1]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  Output r;
  // Read stderr on a thread so neither pipe can fill up and block the child.
  std::thread err_reader([&] { r.err = read_all(err_pipe[0]); });
  r.out = read_all(out_pipe[0]);
  err_reader.join();
  close(out_pipe[0]);
  close(err_pipe[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline std::string read_file(std::filesystem::path const& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace smtp_detail

// RAII handle on a running smtp_server.py. The constructor returns once the server listens
// (or throws); the destructor stops it and removes everything it stored. extra_args go to
// the script: {"--fail-first", "1"}, {"--reject-rcpt", "bounce"}, {"--delay-ms", "500"}.
class SmtpSink {
 public:
  explicit SmtpSink(std::vector<std::string> extra_args = {}) : dir_("dossier-smtp") {
    std::filesystem::create_directories(mail_dir());
    std::vector<std::string> argv{kSmtpPython, smtp_server_script(), "--port",
                                  "0",         "--outdir",           mail_dir().string()};
    argv.insert(argv.end(), extra_args.begin(), extra_args.end());
    int out_pipe[2];
    smtp_detail::make_pipe(out_pipe);
    // The server's stderr goes to a file, quoted in the exception if it never starts.
    int log_fd = open(log_path().c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (log_fd < 0) throw std::runtime_error("cannot create " + log_path().string());
    try {
      pid_ = smtp_detail::spawn(argv, out_pipe[1], log_fd);
    } catch (...) {
      close(out_pipe[0]);
      close(out_pipe[1]);
      close(log_fd);
      throw;
    }
    close(out_pipe[1]);
    close(log_fd);
    out_fd_ = out_pipe[0];
    std::string line = read_first_line();
    constexpr std::string_view kPrefix = "SMTP listening on 127.0.0.1:";
    if (line.rfind(kPrefix, 0) == 0) port_ = std::atoi(line.c_str() + kPrefix.size());
    if (port_ <= 0) {
      stop();
      throw std::runtime_error("smtp_server.py did not start (first line: '" + line +
                               "'): " + smtp_detail::read_file(log_path()));
    }
  }

  ~SmtpSink() { stop(); }
  SmtpSink(SmtpSink const&) = delete;
  SmtpSink& operator=(SmtpSink const&) = delete;

  int port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  std::filesystem::path mail_dir() const { return dir_.path() / "mail"; }
  // What the server wrote to stderr so far, for failure messages.
  std::string log() const { return smtp_detail::read_file(log_path()); }

  // How many messages are stored; cheap (no parsing).
  std::size_t count() const {
    std::size_t n = 0;
    std::error_code ec;
    for (auto const& entry : std::filesystem::directory_iterator(mail_dir(), ec))
      if (entry.path().extension() == ".eml") ++n;
    return n;
  }

  // Polls until at least count messages are stored; false on timeout.
  bool wait_for(std::size_t count, std::chrono::milliseconds timeout) const {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (this->count() < count) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      std::this_thread::sleep_for(kSmtpPollInterval);
    }
    return true;
  }

  // Every stored message in arrival order, parsed by the script's --dump mode (Python's email
  // module), so MIME decoding is not reimplemented here.
  std::vector<ReceivedMail> messages() const {
    auto r = smtp_detail::run({kSmtpPython, smtp_server_script(), "--dump", mail_dir().string()});
    if (r.exit_code != 0) throw std::runtime_error("smtp_server.py --dump failed: " + r.err);
    std::vector<ReceivedMail> out;
    for (auto const& m : nlohmann::json::parse(r.out)) {
      ReceivedMail mail;
      mail.raw = smtp_detail::read_file(mail_dir() / m.at("file").get<std::string>());
      mail.mail_from = m.at("mail_from").get<std::string>();
      mail.rcpt_to = m.at("rcpt_tos").get<std::vector<std::string>>();
      mail.received_at = m.at("received_at").get<std::string>();
      mail.headers = m.at("headers").get<std::map<std::string, std::string>>();
      mail.subject = m.at("subject").get<std::string>();
      mail.text = m.at("text").get<std::string>();
      mail.html = m.at("html").get<std::string>();
      out.push_back(std::move(mail));
    }
    return out;
  }

  bool running() const { return pid_ > 0; }

  // SIGTERM to this sink's own child only, then wait; SIGKILL if it will not go. Idempotent.
  void stop() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      auto deadline = std::chrono::steady_clock::now() + kSmtpStopTimeout;
      int status = 0;
      pid_t r = 0;
      while ((r = waitpid(pid_, &status, WNOHANG)) == 0 &&
             std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(kSmtpPollInterval);
      if (r == 0) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
      }
      pid_ = -1;
    }
    if (out_fd_ >= 0) {
      close(out_fd_);
      out_fd_ = -1;
    }
  }

 private:
  std::filesystem::path log_path() const { return dir_.path() / "server.log"; }

  // Reads stdout up to the first newline, or until the start timeout or the child's exit.
  std::string read_first_line() {
    auto deadline = std::chrono::steady_clock::now() + kSmtpStartTimeout;
    std::string line;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{out_fd_, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char c;
      if (read(out_fd_, &c, 1) != 1 || c == '\n') break;
      line.push_back(c);
    }
    return line;
  }

  TempDir dir_;
  pid_t pid_ = -1;
  int port_ = 0;
  int out_fd_ = -1;
};

}  // namespace dossier::test
