#include "mail/outbox.hpp"

#include "mail/outbox_store.hpp"

namespace dossier::mail {

long long Outbox::enqueue(soci::session& sql, Mail const& mail, UnixTime now) {
  return OutboxStore::insert(sql, mail, now);
}

OutboxCounts Outbox::counts(soci::session& sql, std::optional<long long> send_id) {
  return OutboxStore::counts(sql, send_id);
}

}  // namespace dossier::mail
