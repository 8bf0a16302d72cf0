#include "newsletter/subscribers.hpp"

#include "newsletter/subscriber_store.hpp"
#include "newsletter/subscription_service.hpp"

namespace dossier::newsletter {

namespace {

std::optional<ConfirmedSubscriber> confirmed(std::optional<std::pair<long long, std::string>> row) {
  if (!row) return std::nullopt;
  return ConfirmedSubscriber{row->first, std::move(row->second)};
}

}  // namespace

std::optional<ConfirmedSubscriber> confirmed_subscriber(soci::session& sql,
                                                        std::string const& email) {
  // The key the subscribe form stored the address under (lower case, trimmed).
  auto key = subscriber_email(email);
  if (!key) return std::nullopt;
  return confirmed(SubscriberStore::find_active_by_email(sql, *key));
}

std::optional<ConfirmedSubscriber> confirmed_subscriber_by_id(soci::session& sql, long long id) {
  return confirmed(SubscriberStore::find_active(sql, id));
}

}  // namespace dossier::newsletter
