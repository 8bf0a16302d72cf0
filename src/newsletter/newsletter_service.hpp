#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "newsletter/outbox.hpp"
#include "newsletter/subscription_service.hpp"

namespace dossier::store {
class Database;
}
namespace dossier::publishing {
class PublishingService;
}
namespace dossier::render {
class Theme;
}

namespace dossier::newsletter {

struct SendReport {
  long long send_id = 0;
  long long recipients = 0;
  std::string subject;
};

constexpr char const* kDefaultList = "all-news";

// Newsletters: an article sent to a list's active subscribers, one outbox row each with its
// own unsubscribe and preference links; and the test send an editor makes to themselves first.
class NewsletterService {
 public:
  NewsletterService(store::Database& db, publishing::PublishingService& publishing,
                    SubscriptionService& subscriptions, render::Theme const& theme,
                    std::function<UnixTime()> clock, std::string site_url);

  // Queues the published article `slug` for every active subscriber of the list (its slug;
  // empty = "all-news"). The mails go out through the outbox sender.
  Result<SendReport> send_article(std::string const& slug, std::string const& list_slug,
                                  std::optional<long long> user_id);
  // The same mail, to one address only (no unsubscribe links that work).
  Result<Unit> test_send(std::string const& slug, std::string const& email);
  OutboxCounts progress(long long send_id);

 private:
  struct Rendered {
    std::string subject;
    std::string text;
    std::string html;
  };
  Result<Rendered> render_article(std::string const& slug);
  store::Database& db_;
  publishing::PublishingService& publishing_;
  SubscriptionService& subscriptions_;
  render::Theme const& theme_;
  std::function<UnixTime()> clock_;
  std::string site_url_;
};

}  // namespace dossier::newsletter
