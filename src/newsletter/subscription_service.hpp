#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "mail/outbox.hpp"
#include "newsletter/subscription.hpp"
#include "security/rate_limiter.hpp"

namespace soci {
class session;
}
namespace dossier::store {
class Database;
}
namespace dossier::publishing {
struct Category;
}

namespace dossier::newsletter {

struct SubscriptionOptions {
  std::string site_url;  // for links in mail, no trailing slash
  std::string site_title = "Dossier";
  std::string secret;  // signs confirmation, preference and unsubscribe links
  std::chrono::seconds confirm_ttl{std::chrono::hours(24 * 7)};
  int requests_per_address = 20;  // subscribe requests per network address per hour
  int mails_per_email = 3;        // confirmation mails per email address per day
};

// What a link in a newsletter mail is for; each kind signs a different payload, so one
// cannot be used as another.
enum class LinkPurpose { Confirm, Manage, Unsubscribe };

// Subscribing with double opt-in, confirming, choosing lists, unsubscribing. The answer to
// a subscribe request is the same whatever the address's state, so the form tells nobody
// who subscribes; only a confirmed address receives newsletters.
class SubscriptionService {
 public:
  SubscriptionService(store::Database& db, std::function<UnixTime()> clock,
                      SubscriptionOptions options);

  // Queues a confirmation mail when it makes sense (new, pending, unsubscribed or bounced
  // address, within the limits). Errors: Invalid (not an address), RateLimited (this
  // network address asked too often).
  Result<Unit> subscribe(std::string const& email, std::string const& remote_address,
                         std::vector<long long> const& list_ids = {});
  // The subscriber a valid link is for.
  std::optional<Subscriber> subscriber_for(LinkPurpose purpose, std::string const& token);
  Result<Subscriber> confirm(std::string const& token);
  // Idempotent: an unsubscribed address stays unsubscribed, and saying it again is fine.
  Result<Subscriber> unsubscribe(std::string const& token);
  Result<Subscriber> set_lists(std::string const& token, std::vector<long long> const& list_ids);
  std::vector<NewsletterList> lists();
  // One list per top-level category ("category-europe"), made when missing; returns how many
  // were made. The caller passes publishing's categories (PublishingService::categories()).
  int ensure_category_lists(std::vector<publishing::Category> const& categories);

  std::string link(LinkPurpose purpose, long long subscriber_id) const;
  // List-Unsubscribe and List-Unsubscribe-Post (RFC 2369, RFC 8058) for a subscriber's mail.
  std::vector<std::pair<std::string, std::string>> list_headers(long long subscriber_id) const;

  // For the mail sender: a permanent failure turns an active subscriber into "bounced".
  static void mark_bounced(soci::session& sql, long long subscriber_id, UnixTime now);

 private:
  mail::Mail confirmation_mail(Subscriber const& s) const;
  store::Database& db_;
  std::function<UnixTime()> clock_;
  SubscriptionOptions options_;
  security::RateLimiter per_address_;
  security::RateLimiter per_email_;
};

// Checks an address typed into the subscribe box: syntax, length, and nothing that could
// break a mail header. Lower-cased. nullopt when it is not one.
std::optional<std::string> subscriber_email(std::string_view text);

}  // namespace dossier::newsletter
