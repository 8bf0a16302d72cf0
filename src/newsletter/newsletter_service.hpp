#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "newsletter/newsletter.hpp"
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

// When the weekly digest is assembled (UTC): weekday 0 = Sunday ... 6 = Saturday.
struct DigestSchedule {
  int weekday = 1;
  int hour = 8;
};

// Newsletters: an article sent to chosen lists, one outbox row per active subscriber (each
// with its own unsubscribe and preference links; a subscriber of two lists gets one mail), the
// weekly digest (assembled as a draft on schedule, sent when an editor says so), and the test
// send an editor makes to themselves first.
class NewsletterService {
 public:
  NewsletterService(store::Database& db, publishing::PublishingService& publishing,
                    SubscriptionService& subscriptions, render::Theme const& theme,
                    std::function<UnixTime()> clock, std::string site_url,
                    DigestSchedule schedule = {});

  // Lists by slug; empty = "all-news".
  Result<SendReport> send_article(std::string const& slug, std::vector<std::string> list_slugs,
                                  std::optional<long long> user_id);
  Result<Unit> test_send(std::string const& slug, std::string const& email);

  // The jobs thread: makes this week's digest draft once its time has come; returns its id.
  std::optional<long long> make_digest_if_due();
  // An editor sends a draft digest to the digest list (or a test of it to one address).
  Result<SendReport> send_draft(long long send_id, std::optional<long long> user_id);
  Result<Unit> test_send_draft(long long send_id, std::string const& email);
  // A draft's HTML as subscribers will see it (links not personalised).
  std::optional<std::string> draft_html(long long send_id);

  mail::OutboxCounts progress(long long send_id);
  std::vector<SendSummary> sends(int limit);
  std::optional<SendSummary> send(long long send_id);

  // The start (UTC, 00:00) of the digest week that ends at the last scheduled time <= now.
  UnixTime digest_period_start(UnixTime now) const;

 private:
  using Rendered = NewsletterContent;
  Result<Rendered> render_article(std::string const& slug);
  Rendered render_digest(UnixTime from, UnixTime to);
  long long queue(soci::session& sql, long long send_id, std::vector<long long> const& list_ids,
                  Rendered const& r, UnixTime now);
  Result<Unit> queue_test(Rendered const& r, std::string const& email);
  store::Database& db_;
  publishing::PublishingService& publishing_;
  SubscriptionService& subscriptions_;
  render::Theme const& theme_;
  std::function<UnixTime()> clock_;
  std::string site_url_;
  DigestSchedule schedule_;
};

}  // namespace dossier::newsletter
