#include "store/pg_notify.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>

#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include "store/database.hpp"

namespace dossier::store {

std::optional<std::string> notice_payload(ChangeNotice const& notice) {
  std::string out = notice.origin;
  switch (notice.kind) {
    case ChangeNotice::Kind::Commit: return out + " c";
    case ChangeNotice::Kind::Everything: return out + " *";
    case ChangeNotice::Kind::Keys: out += " k"; break;
  }
  for (auto const& key : notice.keys) {
    // A key with a line break would read as two keys; none of the cache's keys has one.
    if (key.find('\n') != std::string::npos) return std::nullopt;
    out += '\n';
    out += key;
  }
  if (out.size() > kMaxNoticePayload) return std::nullopt;
  return out;
}

std::optional<ChangeNotice> parse_notice(std::string_view payload) {
  auto space = payload.find(' ');
  if (space == std::string_view::npos || space == 0 || space + 1 >= payload.size())
    return std::nullopt;
  ChangeNotice notice;
  notice.origin = std::string(payload.substr(0, space));
  auto kind = payload[space + 1];
  auto rest = payload.substr(space + 2);
  if (kind == 'c' && rest.empty()) {
    notice.kind = ChangeNotice::Kind::Commit;
  } else if (kind == '*' && rest.empty()) {
    notice.kind = ChangeNotice::Kind::Everything;
  } else if (kind == 'k') {
    notice.kind = ChangeNotice::Kind::Keys;
    while (!rest.empty()) {
      if (rest.front() != '\n') return std::nullopt;
      rest.remove_prefix(1);
      auto end = rest.find('\n');
      notice.keys.emplace_back(rest.substr(0, end));
      rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
    }
  } else {
    return std::nullopt;
  }
  return notice;
}

ChangeListener::ChangeListener(Database& db, OnChange on_change)
    : db_(db), on_change_(std::move(on_change)) {
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  thread_ = std::thread([this] { run(); });
}

ChangeListener::~ChangeListener() {
  stop();
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void ChangeListener::stop() {
  stopping_.store(true, std::memory_order_release);
  if (wake_fd_ >= 0) {
    std::uint64_t one = 1;
    [[maybe_unused]] auto written = ::write(wake_fd_, &one, sizeof one);
  }
  if (thread_.joinable()) thread_.join();
}

namespace {

// Opens the listener's connection and LISTENs; nullptr (after logging why) when it cannot.
PGconn* connect_and_listen(std::string const& conninfo) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    spdlog::warn("change notices: cannot connect to PostgreSQL: {}", PQerrorMessage(conn));
    PQfinish(conn);
    return nullptr;
  }
  PGresult* res = PQexec(conn, (std::string("LISTEN ") + kChangeChannel).c_str());
  bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  PQclear(res);
  if (!ok) {
    spdlog::warn("change notices: LISTEN failed: {}", PQerrorMessage(conn));
    PQfinish(conn);
    return nullptr;
  }
  return conn;
}

}  // namespace

void ChangeListener::run() {
  PGconn* conn = nullptr;
  bool lost = false;  // a connection existed and was lost: notices may have been missed
  while (!stopping_.load(std::memory_order_acquire)) {
    if (conn == nullptr) {
      conn = connect_and_listen(db_.postgres_conninfo());
      if (conn == nullptr) {
        pollfd wake{wake_fd_, POLLIN, 0};
        ::poll(&wake, 1, kReconnectDelayMs);
        continue;
      }
      listening_.store(true, std::memory_order_release);
      if (lost) {
        reconnects_.fetch_add(1, std::memory_order_acq_rel);
        spdlog::warn("change notices: connection to PostgreSQL back; every page is dropped");
        db_.count_foreign_commit();
        on_change_(ChangeNotice{"", ChangeNotice::Kind::Everything, {}});
      }
    }
    pollfd fds[2] = {{PQsocket(conn), POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    ::poll(fds, 2, kPollTimeoutMs);
    if (stopping_.load(std::memory_order_acquire)) break;
    // PQconsumeInput fails, and the status turns bad, when the server went away
    // (https://www.postgresql.org/docs/15/libpq-notify.html).
    if (PQconsumeInput(conn) == 0 || PQstatus(conn) != CONNECTION_OK) {
      spdlog::warn("change notices: lost the connection to PostgreSQL: {}", PQerrorMessage(conn));
      PQfinish(conn);
      conn = nullptr;
      listening_.store(false, std::memory_order_release);
      lost = true;
      continue;
    }
    while (PGnotify* n = PQnotifies(conn)) {
      auto notice = parse_notice(n->extra ? n->extra : "");
      PQfreemem(n);
      if (!notice || notice->origin == db_.origin()) continue;
      db_.count_foreign_commit();
      // A server's commit: its typed events follow in a Keys notice of their own.
      if (notice->kind == ChangeNotice::Kind::Commit) continue;
      on_change_(*notice);
    }
  }
  listening_.store(false, std::memory_order_release);
  if (conn) PQfinish(conn);
}

}  // namespace dossier::store
