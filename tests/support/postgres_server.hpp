#pragma once

// A real PostgreSQL server for the tests that need one (issue 18): Debian's postgresql 15,
// initdb and pg_ctl in a temporary directory, listening on a free 127.0.0.1 port and on a
// socket in that directory only, stopped (fast shutdown) and removed by the destructor.
// PostgreSQL refuses to run as root, and CI runs as root: then the cluster is made and run by
// the unprivileged `postgres` account that Debian's package creates (setpriv), in a directory
// that account owns. Header-only because tests/CMakeLists.txt compiles only *_test.cpp files.

#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace dossier::test {

// Where Debian puts the server's programs (postgresql-15 is what Debian 12 installs).
inline constexpr char const* kPostgresBin = "/usr/lib/postgresql/15/bin";
// The account that runs the server when the tests run as root.
inline constexpr char const* kPostgresAccount = "postgres";
// The cluster's superuser, and the database the tests use.
inline constexpr char const* kPostgresUser = "dossier";

class PostgresServer {
 public:
  PostgresServer() : dir_("dossier-postgres") {
    if (!std::filesystem::exists(std::string(kPostgresBin) + "/initdb")) {
      problem_ = std::string("no PostgreSQL server programs in ") + kPostgresBin;
      return;
    }
    data_ = (dir_.path() / "cluster").string();
    std::string run_as;
    if (::geteuid() == 0) {
      auto* account = ::getpwnam(kPostgresAccount);
      if (!account) {
        problem_ = "running as root and there is no postgres account to run the server";
        return;
      }
      // The temporary directory is root's: the server's account must own its cluster.
      if (::chown(dir_.path().c_str(), account->pw_uid, account->pw_gid) != 0) {
        problem_ = "cannot give the temporary directory to the postgres account";
        return;
      }
      run_as = std::string("/usr/bin/setpriv --reuid=") + kPostgresAccount +
               " --regid=" + std::to_string(account->pw_gid) + " --clear-groups ";
    }
    port_ = free_port();
    auto log = (dir_.path() / "server.log").string();
    std::string initdb = run_as + kPostgresBin + "/initdb -D '" + data_ + "' -U " + kPostgresUser +
                         " --auth=trust -E UTF8 --locale=C.UTF-8 >'" +
                         (dir_.path() / "initdb.log").string() + "' 2>&1";
    if (std::system(initdb.c_str()) != 0) {
      problem_ = "initdb failed (see " + (dir_.path() / "initdb.log").string() + ")";
      return;
    }
    // fsync off: a test cluster is thrown away, and each commit waited for the disk otherwise.
    std::string start = run_as + kPostgresBin + "/pg_ctl -D '" + data_ + "' -l '" + log +
                        "' -w -t 30 -o \"-p " + std::to_string(port_) + " -h 127.0.0.1 -k '" +
                        dir_.path().string() +
                        "' -c fsync=off -c synchronous_commit=off\" start >/dev/null 2>&1";
    if (std::system(start.c_str()) != 0) {
      problem_ = "pg_ctl could not start the server (see " + log + ")";
      return;
    }
    stop_command_ =
        run_as + kPostgresBin + "/pg_ctl -D '" + data_ + "' -m fast -w -t 30 stop >/dev/null 2>&1";
  }

  ~PostgresServer() {
    if (!stop_command_.empty()) std::system(stop_command_.c_str());
  }

  PostgresServer(PostgresServer const&) = delete;
  PostgresServer& operator=(PostgresServer const&) = delete;

  bool started() const { return problem_.empty(); }
  // Why it did not start (for the test's message).
  std::string const& problem() const { return problem_; }
  int port() const { return port_; }
  // The URL Dossier's database.url takes.
  std::string url(std::string const& database = "postgres") const {
    return "postgresql://" + std::string(kPostgresUser) + "@127.0.0.1:" + std::to_string(port_) +
           "/" + database;
  }

 private:
  // A port the kernel says is free now (another process may take it before the server
  // does; the start then fails clearly).
  static int free_port() {
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    ::bind(s, reinterpret_cast<sockaddr*>(&addr), len);
    ::getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len);
    int port = ntohs(addr.sin_port);
    ::close(s);
    return port;
  }

  TempDir dir_;
  std::string data_;
  int port_ = 0;
  std::string problem_;
  std::string stop_command_;
};

}  // namespace dossier::test
