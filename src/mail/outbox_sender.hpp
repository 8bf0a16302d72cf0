#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>

#include "mail/outbox.hpp"
#include "mail/smtp_transport.hpp"

namespace soci {
class session;
}
namespace dossier::store {
class Database;
}

namespace dossier::mail {

struct SenderOptions {
  std::string from;               // "Meridian Institute <news@example.org>"
  std::string message_id_domain;  // the right side of Message-IDs
  int batch = 50;                 // rows claimed at a time
  double rate_per_second = 10;    // at most this many messages a second
  int max_attempts = 8;           // then a transient failure becomes permanent
  // A claim not renewed for this long belongs to a sender that stopped (killed, crashed, its
  // machine gone): any server's sender puts its rows back in the queue. Each message renews
  // its claim just before it goes out, so this must exceed one message's longest send (the
  // SMTP transport's timeout, 30 s by default), not a batch's.
  std::chrono::seconds claim_lease{kDefaultClaimLease};
  static constexpr std::chrono::seconds kDefaultClaimLease{120};
};

// Called in the transaction that marks a row failed for good (a 5yz reply): the newsletter
// turns the subscriber into "bounced" there.
using OnRefused = std::function<void(soci::session&, OutboxRow const&)>;

// Delivers the outbox. Each row is claimed (queued -> sending, under this sender's token),
// its claim renewed just before it is sent, then marked (sent, queued again with a backoff,
// or failed), each step in its own short transaction: a crash leaves at most the rows of one
// batch in "sending", which recover() puts back in the queue once their lease ran out.
// Several servers each run a sender on one outbox (issue 18): claims skip each other's rows,
// recovery takes back only claims older than the lease (never another server's mail in
// flight), and a sender whose claim was taken back does not send the row. The only way to
// send a row twice is a crash in the microseconds between the server's 250 reply and the
// mark; losing one is not possible.
class OutboxSender {
 public:
  OutboxSender(store::Database& db, std::function<UnixTime()> clock, MailTransport& transport,
               SenderOptions options, OnRefused on_refused = {});

  // Releases claimed rows: those whose claim is older than the lease (a stopped sender's, on
  // any server; run_once does this too, so a server that was killed is recovered by the
  // others), or at a SQLite server's start all of them, since the data directory's lock makes
  // it the only server and the claims can only be a crashed run's.
  enum class Recovery { ExpiredClaims, AllClaims };
  long long recover(Recovery which = Recovery::ExpiredClaims);
  // Sends what is due, batch after batch, until nothing is due or stop() is called.
  // Returns how many messages were accepted by the server.
  int run_once();
  void stop() { stopping_ = true; }

  // The delay before the next attempt after `attempts` failed ones: 30 s, 2 min, 8 min ...
  // capped at 6 hours.
  static UnixTime backoff(int attempts);

 private:
  void deliver(OutboxRow const& row);
  store::Database& db_;
  std::function<UnixTime()> clock_;
  MailTransport& transport_;
  SenderOptions options_;
  OnRefused on_refused_;
  std::string token_;  // this sender's claims
  std::atomic<bool> stopping_{false};
};

}  // namespace dossier::mail
