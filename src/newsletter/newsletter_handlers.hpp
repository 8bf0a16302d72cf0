#pragma once

#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "newsletter/subscription_service.hpp"

namespace dossier::publishing {
class SiteHandlers;
}

namespace dossier::newsletter {

// The readers' side of the newsletter: the subscribe page and form, confirmation,
// preferences and unsubscribing (with RFC 8058 one-click), as pages of the site's theme.
class NewsletterHandlers {
 public:
  NewsletterHandlers(SubscriptionService& subscriptions, publishing::SiteHandlers& site)
      : subscriptions_(subscriptions), site_(site) {}

  http::Response subscribe_page(http::Request const& req, http::Params const& p);
  http::Response subscribe(http::Request const& req, http::Params const& p);
  http::Response confirm(http::Request const& req, http::Params const& p);
  http::Response unsubscribe_page(http::Request const& req, http::Params const& p);
  http::Response unsubscribe(http::Request const& req, http::Params const& p);
  http::Response preferences(http::Request const& req, http::Params const& p);
  http::Response save_preferences(http::Request const& req, http::Params const& p);

 private:
  http::Response page(int status, std::string const& title, std::string const& text,
                      std::string const& error = {}, std::string const& email = {});
  http::Response message(int status, std::string const& title, std::string const& text);
  SubscriptionService& subscriptions_;
  publishing::SiteHandlers& site_;
};

}  // namespace dossier::newsletter
