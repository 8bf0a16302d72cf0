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

// The durable mail queue (outbox table). Mail is queued inside the transaction of the change
// that causes it; the sender (a background job) claims rows, sends them and marks each one,
// every step in its own transaction, so a crash loses nothing (see OutboxSender).
class Outbox {
 public:
  static long long enqueue(soci::session& sql, Mail const& mail, UnixTime now);
  // Moves up to `limit` due rows from queued to sending; returns them.
  static std::vector<OutboxRow> claim(soci::session& sql, UnixTime now, int limit);
  static void mark_sent(soci::session& sql, long long id, std::string const& message_id,
                        UnixTime now);
  static void retry_later(soci::session& sql, long long id, UnixTime at, std::string const& error);
  static void mark_failed(soci::session& sql, long long id, std::string const& error);
  // Rows a crashed sender left claimed go back to the queue; returns how many.
  static long long release_claims(soci::session& sql);
  static OutboxCounts counts(soci::session& sql, std::optional<long long> send_id = {});
};

}  // namespace dossier::mail
