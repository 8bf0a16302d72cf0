#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace dossier::store {

class Database;

// The channel every Dossier process on one PostgreSQL database notifies and listens on
// (https://www.postgresql.org/docs/15/sql-notify.html).
constexpr char const* kChangeChannel = "dossier_changes";
// NOTIFY's payload must be shorter than 8000 bytes; a longer list of keys is sent as
// "everything changed" instead.
constexpr std::size_t kMaxNoticePayload = 7900;

// What one notice says. A server's commit moves the receiver's commits() counter only (its
// typed events follow as a Keys notice); a commit by a process without typed events (the
// CLI), and a listener that lost its connection and may have missed notices, mean that
// anything may have changed.
struct ChangeNotice {
  enum class Kind { Commit, Keys, Everything };
  std::string origin;
  Kind kind = Kind::Everything;
  std::vector<std::string> keys;  // page cache keys, for Kind::Keys
};

// "ORIGIN c", "ORIGIN *", or "ORIGIN k" followed by one key a line. nullopt when the keys do
// not fit in a payload (the caller sends Everything then).
std::optional<std::string> notice_payload(ChangeNotice const& notice);
// nullopt for a payload no Dossier process sent.
std::optional<ChangeNotice> parse_notice(std::string_view payload);

// Listens to the other processes' change notices on a libpq connection of its own, on a thread
// of its own: each notice from another origin moves the Database's commits() counter and is
// handed to `on_change` (on the listener's thread); the process's own notices are dropped.
// A lost connection is opened again every kReconnectDelay, and once it is back `on_change`
// gets an Everything notice: what was sent meanwhile is lost (LISTEN keeps no backlog).
class ChangeListener {
 public:
  using OnChange = std::function<void(ChangeNotice const&)>;
  // How long the thread waits for the socket before it looks at stop() again; stop() also
  // wakes it at once (an eventfd), so this bounds nothing a caller waits for.
  static constexpr int kPollTimeoutMs = 1000;
  static constexpr int kReconnectDelayMs = 500;

  ChangeListener(Database& db, OnChange on_change);
  ~ChangeListener();
  ChangeListener(ChangeListener const&) = delete;
  ChangeListener& operator=(ChangeListener const&) = delete;

  // Ends the thread promptly (joins it).
  void stop();
  // Whether LISTEN is in force on a live connection now (tests wait for it).
  bool listening() const { return listening_.load(std::memory_order_acquire); }
  // How many times the connection was opened again after it was lost.
  long long reconnects() const { return reconnects_.load(std::memory_order_acquire); }

 private:
  void run();
  Database& db_;
  OnChange on_change_;
  int wake_fd_ = -1;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> listening_{false};
  std::atomic<long long> reconnects_{0};
  std::thread thread_;
};

}  // namespace dossier::store
