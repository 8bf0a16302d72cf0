#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mail/outbox.hpp"

namespace soci {
class session;
}

namespace dossier::mail {

// The outbox table's SQL, and the only file that names the table. Other folders queue mail
// through Outbox (mail/outbox.hpp); the sender in this folder claims and marks rows here.
// Callers hold the session; claim() makes its own transaction, the others run in the caller's.
class OutboxStore {
 public:
  static long long insert(soci::session& sql, Mail const& mail, UnixTime now);
  // Moves up to `limit` due rows from queued to sending under `token` (the claiming sender's),
  // in one claim transaction (store::ClaimTransaction: with several servers, rows another
  // server is claiming at the same moment are skipped, never taken twice); returns them.
  static std::vector<OutboxRow> claim(soci::session& sql, UnixTime now, int limit,
                                      std::string const& token);
  // Renews a claim just before its message goes out: true while the row is still "sending"
  // under `token`, false when a recovery took it back (then another sender has it or will).
  static bool renew(soci::session& sql, long long id, std::string const& token, UnixTime now);
  static void mark_sent(soci::session& sql, long long id, std::string const& message_id,
                        UnixTime now);
  static void retry_later(soci::session& sql, long long id, UnixTime at, std::string const& error);
  static void mark_failed(soci::session& sql, long long id, std::string const& error);
  // Every row claimed (or renewed) at or before `claimed_before` goes back to the queue: a
  // crashed or killed sender's, whichever server it ran on. Returns how many.
  static long long release_claims(soci::session& sql, UnixTime claimed_before);
  // One claimed row goes back to the queue unsent (a sender stopping mid-batch).
  static void release(soci::session& sql, long long id, std::string const& token);
  static OutboxCounts counts(soci::session& sql, std::optional<long long> send_id);
};

}  // namespace dossier::mail
