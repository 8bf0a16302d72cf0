#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace dossier::newsletter {

enum class SubscriberStatus { Pending, Active, Unsubscribed, Bounced };
std::string_view to_string(SubscriberStatus status);
std::optional<SubscriberStatus> parse_subscriber_status(std::string_view text);

struct NewsletterList {
  long long id = 0;
  std::string slug;
  std::string name;
  std::string description;
};

struct Subscriber {
  long long id = 0;
  std::string email;
  SubscriberStatus status = SubscriberStatus::Pending;
  UnixTime created_at = 0;
  std::optional<UnixTime> confirmed_at;
  std::vector<long long> list_ids;
};

}  // namespace dossier::newsletter
