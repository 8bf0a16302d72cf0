#pragma once

#include <optional>
#include <string>

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
  // site_url: the configured canonical base; with the request's Host it is the origin the
  // forms are accepted from (http/cross_site.hpp). Empty: the Host alone.
  NewsletterHandlers(SubscriptionService& subscriptions, publishing::SiteHandlers& site,
                     std::string site_url = {})
      : subscriptions_(subscriptions), site_(site), site_url_(std::move(site_url)) {}

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
  // The 403 page for a form another website sent, or nullopt.
  std::optional<http::Response> refuse_cross_site(http::Request const& req);
  SubscriptionService& subscriptions_;
  publishing::SiteHandlers& site_;
  std::string site_url_;
};

}  // namespace dossier::newsletter
