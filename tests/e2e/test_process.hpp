#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <sys/types.h>

namespace dossier::test {

// Runs a command to completion; returns its exit code, stdout and stderr.
struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
RunResult run(std::vector<std::string> const& argv,
              std::map<std::string, std::string> const& extra_env = {});

// The real dossier binary serving a data dir on an ephemeral 127.0.0.1 port.
class ServerProcess {
 public:
  ServerProcess(std::string data_dir, std::map<std::string, std::string> env = {},
                std::vector<std::string> extra_args = {});
  ~ServerProcess();

  bool started() const { return port_ != 0; }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string const& first_line() const { return first_line_; }
  // Sends SIGTERM and waits; returns the exit code (or -1 on a signal or timeout).
  int terminate(std::chrono::seconds timeout = std::chrono::seconds(15));
  bool running();

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  int out_fd_ = -1;
  std::thread drain_;
  std::string first_line_;
};

std::string dossier_binary();
// A new empty directory under the system temp dir; removed by remove_tree.
std::string make_temp_dir(std::string const& prefix);
void remove_tree(std::string const& dir);

}  // namespace dossier::test
