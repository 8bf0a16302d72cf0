#pragma once

#include <optional>
#include <string>
#include <vector>

#include "newsletter/subscription.hpp"

namespace soci {
class session;
}

namespace dossier::newsletter {

// The subscribers' SQL. Callers hold the transaction.
class SubscriberStore {
 public:
  static std::optional<Subscriber> find(soci::session& sql, long long id);
  static std::optional<Subscriber> find_by_email(soci::session& sql, std::string const& email);
  static long long insert(soci::session& sql, std::string const& email, UnixTime now);
  static void set_status(soci::session& sql, long long id, SubscriberStatus status, UnixTime now);
  static void confirm_sent(soci::session& sql, long long id, UnixTime now);
  static std::vector<NewsletterList> lists(soci::session& sql);
  // One list per top-level category ("category-europe"), made when missing.
  static int ensure_category_lists(soci::session& sql);
  static void set_lists(soci::session& sql, long long id, std::vector<long long> const& list_ids);
};

}  // namespace dossier::newsletter
