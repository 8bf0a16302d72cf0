#include "test_process.hpp"

#include <csignal>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include "support/test_paths.hpp"

extern char** environ;

namespace dossier::test {

namespace {

std::vector<std::string> environment_with(std::map<std::string, std::string> const& extra) {
  std::vector<std::string> out;
  for (char** e = environ; *e; ++e) {
    std::string entry(*e);
    auto name = entry.substr(0, entry.find('='));
    // The tests decide every DOSSIER_ variable the child sees.
    if (name.rfind("DOSSIER_", 0) == 0 || extra.count(name)) continue;
    out.push_back(entry);
  }
  for (auto const& [k, v] : extra) out.push_back(k + "=" + v);
  return out;
}

pid_t spawn(std::vector<std::string> const& argv, std::map<std::string, std::string> const& env,
            int out_fd, int err_fd) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
  std::vector<char*> args;
  for (auto const& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  auto env_strings = environment_with(env);
  std::vector<char*> envp;
  for (auto const& e : env_strings) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error(std::string("posix_spawn: ") + std::strerror(rc));
  return pid;
}

std::string read_all(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  return out;
}

}  // namespace

std::string dossier_binary() {
  return ::dossier::test::built_dossier_binary();
}

std::string make_temp_dir(std::string const& prefix) {
  auto pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

void remove_tree(std::string const& dir) {
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

RunResult run(std::vector<std::string> const& argv, std::map<std::string, std::string> const& env) {
  int out_pipe[2], err_pipe[2];
  if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) throw std::runtime_error("pipe failed");
  pid_t pid = spawn(argv, env, out_pipe[1], err_pipe[1]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  RunResult r;
  // Read stderr on a thread so neither pipe can fill up and block the child.
  std::thread err_reader([&] { r.err = read_all(err_pipe[0]); });
  r.out = read_all(out_pipe[0]);
  err_reader.join();
  close(out_pipe[0]);
  close(err_pipe[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

ServerProcess::ServerProcess(std::string data_dir, std::map<std::string, std::string> env,
                             std::vector<std::string> extra_args) {
  int out_pipe[2];
  if (pipe(out_pipe) != 0) throw std::runtime_error("pipe failed");
  // The access log goes to stderr; keep it with the test output for failures.
  std::vector<std::string> argv{dossier_binary(), "--data", data_dir};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  argv.insert(argv.end(), {"serve", "--listen", "127.0.0.1:0"});
  int devnull = open("/dev/null", O_WRONLY);
  pid_ = spawn(argv, env, out_pipe[1], env.count("KEEP_STDERR") ? 2 : devnull);
  close(devnull);
  close(out_pipe[1]);
  out_fd_ = out_pipe[0];
  // The server prints "... on http://127.0.0.1:PORT/" once it listens.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  std::string buffer;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{out_fd_, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char c;
    if (read(out_fd_, &c, 1) != 1) break;
    if (c == '\n') break;
    buffer.push_back(c);
  }
  first_line_ = buffer;
  // Whatever the server prints after its address line is read and dropped: a pipe nobody
  // reads fills at 64 KB and then blocks the server's next write.
  drain_ = std::thread([fd = out_fd_] {
    char sink[4096];
    while (read(fd, sink, sizeof sink) > 0) {
    }
  });
  auto at = buffer.rfind(':');
  if (buffer.find("http://") != std::string::npos && at != std::string::npos)
    port_ = std::atoi(buffer.c_str() + at + 1);
}

bool ServerProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  return waitpid(pid_, &status, WNOHANG) == 0;
}

int ServerProcess::terminate(std::chrono::seconds timeout) {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return -1;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) terminate(std::chrono::seconds(5));
  if (drain_.joinable()) drain_.join();  // the pipe ends when the server has exited
  if (out_fd_ >= 0) close(out_fd_);
}

}  // namespace dossier::test
