#pragma once

// What other folders may ask about newsletter subscribers (clients/ signs confirmed ones in).
// The table `subscribers` is this folder's: other folders read it only through these
// functions, never with their own SQL.

#include <optional>
#include <string>

namespace soci {
class session;
}

namespace dossier::newsletter {

// A subscriber who confirmed their address and has neither unsubscribed nor bounced since.
struct ConfirmedSubscriber {
  long long id = 0;
  std::string email;  // as stored: trimmed, in lower case
};

// The confirmed subscriber with this address, compared as the subscribe form stores it (trimmed
// and in lower case), or nullopt for an unknown, pending, unsubscribed or bounced one.
std::optional<ConfirmedSubscriber> confirmed_subscriber(soci::session& sql,
                                                        std::string const& email);
// The same by id: whether the subscriber is still confirmed now.
std::optional<ConfirmedSubscriber> confirmed_subscriber_by_id(soci::session& sql, long long id);

}  // namespace dossier::newsletter
