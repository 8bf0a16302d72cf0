#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "newsletter/subscription.hpp"

namespace soci {
class session;
}

namespace dossier::newsletter {

// A subscriber as the CSV export writes it.
struct ExportRow {
  std::string email;
  std::string status;
  UnixTime created_at = 0;
  std::optional<UnixTime> confirmed_at;
  std::string list_slugs;  // space-separated
};

// The SQL of subscribers, newsletter_lists and subscriptions. Callers hold the transaction.
class SubscriberStore {
 public:
  static std::optional<Subscriber> find(soci::session& sql, long long id);
  static std::optional<Subscriber> find_by_email(soci::session& sql, std::string const& email);
  // An active (confirmed) subscriber's (id, email), without their lists: one indexed read, as
  // a signed-in subscriber's every request asks it (newsletter/subscribers.hpp).
  static std::optional<std::pair<long long, std::string>> find_active(soci::session& sql,
                                                                      long long id);
  static std::optional<std::pair<long long, std::string>> find_active_by_email(
      soci::session& sql, std::string const& email);
  static long long insert(soci::session& sql, std::string const& email, UnixTime now);
  static void set_status(soci::session& sql, long long id, SubscriberStatus status, UnixTime now);
  static void confirm_sent(soci::session& sql, long long id, UnixTime now);
  static std::vector<NewsletterList> lists(soci::session& sql);
  static std::optional<long long> list_id(soci::session& sql, std::string const& slug);
  // Adds the list unless one has its slug; true when it was added.
  static bool add_list_if_missing(soci::session& sql, NewsletterList const& list, int position);
  static void set_lists(soci::session& sql, long long id, std::vector<long long> const& list_ids);
  // Active subscribers of a list: (id, email).
  static std::vector<std::pair<long long, std::string>> active_members(soci::session& sql,
                                                                       long long list_id);

  // The newsroom's views.
  static std::vector<std::pair<SubscriberStatus, long long>> count_by_status(soci::session& sql);
  // Addresses containing `email_contains` (as typed: % and _ match themselves), of one status
  // or any; newest first.
  static long long count_matching(soci::session& sql, std::string const& email_contains,
                                  std::optional<SubscriberStatus> status);
  static std::vector<long long> find_matching(soci::session& sql, std::string const& email_contains,
                                              std::optional<SubscriberStatus> status, int limit,
                                              long long offset);
  static std::vector<UnixTime> confirmation_times(soci::session& sql);
  static std::vector<ExportRow> export_rows(soci::session& sql);
};

}  // namespace dossier::newsletter
