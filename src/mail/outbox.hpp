#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/time.hpp"

namespace soci {
class session;
}

namespace dossier::mail {

struct Mail {
  std::string recipient;
  std::string subject;
  std::string text_body;
  std::string html_body;                                     // empty = text only
  std::vector<std::pair<std::string, std::string>> headers;  // List-Unsubscribe ...
  std::optional<long long> subscriber_id;  // a permanent failure marks them bounced
  std::optional<long long> send_id;        // the newsletter send it belongs to
};

enum class OutboxStatus { Queued, Sending, Sent, Failed };

// A row the sender has claimed.
struct OutboxRow {
  long long id = 0;
  UnixTime created_at = 0;
  Mail mail;
  int attempts = 0;
};

struct OutboxCounts {
  long long queued = 0;
  long long sending = 0;
  long long sent = 0;
  long long failed = 0;
};

// The durable mail queue (outbox table), as other folders use it. Mail is queued inside the
// transaction of the change that causes it (the caller's session); the sender (a background
// job, OutboxSender) claims rows, sends them and marks each one, every step in its own
// transaction, so a crash loses nothing. The SQL is in outbox_store.*.
class Outbox {
 public:
  static long long enqueue(soci::session& sql, Mail const& mail, UnixTime now);
  // Rows per status: of one newsletter send, or of the whole outbox.
  static OutboxCounts counts(soci::session& sql, std::optional<long long> send_id = {});
};

}  // namespace dossier::mail
