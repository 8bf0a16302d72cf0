#pragma once

#include "admin/newsroom.hpp"
#include "newsletter/newsletter_service.hpp"
#include "newsletter/subscriber_admin.hpp"

namespace dossier::publishing {
class PublishingService;
}

namespace dossier::newsletter {

struct NewsletterAdminContext {
  admin::Newsroom& newsroom;
  NewsletterService& newsletters;
  SubscriptionService& subscriptions;
  SubscriberAdmin& subscribers;
  publishing::PublishingService& publishing;
  std::function<UnixTime()> clock;
};

// The newsroom's newsletter pages: subscribers (counts, growth, search, CSV), sends and their
// progress, the weekly digest drafts, and sending an article.
class NewsletterAdminHandlers {
 public:
  explicit NewsletterAdminHandlers(NewsletterAdminContext ctx) : ctx_(std::move(ctx)) {}

  http::Response overview(admin::Visit& v);
  http::Response export_csv(admin::Visit& v);
  http::Response import(admin::Visit& v);
  http::Response send_page(admin::Visit& v);      // one send's progress
  http::Response draft_preview(admin::Visit& v);  // a digest draft as it will look
  http::Response send_draft(admin::Visit& v);     // action=test|send
  http::Response article_page(admin::Visit& v);   // choose lists for an article
  http::Response send_article(admin::Visit& v);   // action=test|send

 private:
  http::Response no_such_article(admin::Visit& v);
  http::Response overview_page(admin::Visit& v, int status, std::string const& error,
                               std::string const& notice, ImportReport const* report);
  NewsletterAdminContext ctx_;
};

}  // namespace dossier::newsletter
