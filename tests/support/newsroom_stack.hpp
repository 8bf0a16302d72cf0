#pragma once

// The site plus the newsroom, wired as app.cpp wires them for `serve`, with a clock the
// test can move and argon2id at its minimum cost (the cost is not what these tests check).
// request() sends a request through the same dispatch as the server, carrying the cookies
// earlier answers set, like a browser.
#include <atomic>
#include <map>

#include <sodium.h>

#include "admin/account_handlers.hpp"
#include "admin/newsroom.hpp"
#include "app/admin_routes.hpp"
#include "auth/auth_service.hpp"
#include "comments/comment_handlers.hpp"
#include "comments/comment_service.hpp"
#include "core/strings.hpp"
#include "insight/insight_admin_handlers.hpp"
#include "insight/insight_handlers.hpp"
#include "insight/insight_service.hpp"
#include "media/media_handlers.hpp"
#include "newsletter/newsletter_admin_handlers.hpp"
#include "newsletter/newsletter_handlers.hpp"
#include "publishing/editorial_service.hpp"
#include "publishing/newsroom_handlers.hpp"
#include "publishing/site_admin_handlers.hpp"
#include "support/site_stack.hpp"

namespace dossier::test {

inline auth::PasswordCost cheap_cost() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

class NewsroomStack : public SiteStack {
 protected:
  static constexpr std::size_t kTestUploadLimit = 2 * 1024 * 1024;
  explicit NewsroomStack(std::string_view prefix, UnixTime now = 1'790'000'000)
      : SiteStack(prefix, now), time_(now) {
    auth::AuthOptions options;
    options.cost = cheap_cost();
    options.site_url = site_url_;
    auth_ = std::make_unique<auth::AuthService>(*db_, moving_clock(), options);
    editorial_ = std::make_unique<publishing::EditorialService>(*db_, *publishing_, moving_clock());
    newsroom_ = std::make_unique<admin::Newsroom>(admin::NewsroomContext{
        *auth_, *theme_, assets_, [] { return std::string("Test Institute"); },
        [this] { return policy_; }, http::CookieSecurity::AnyConnection});
    auth_handlers_ = std::make_unique<admin::AccountHandlers>(*newsroom_, *auth_, &events_);
    newsroom_handlers_ = std::make_unique<publishing::NewsroomHandlers>(
        publishing::NewsroomHandlersContext{*newsroom_, *editorial_, *publishing_, *auth_,
                                            moving_clock(), site_url_, "test-secret"});
    media::UploadLimits limits;
    limits.max_bytes = kTestUploadLimit;
    media_handlers_ = std::make_unique<media::MediaHandlers>(media::MediaContext{
        *newsroom_, *db_, dir_.path() / "media", limits, moving_clock(), &events_});
    site_admin_ = std::make_unique<publishing::SiteAdmin>(*db_, *publishing_, &events_);
    site_admin_handlers_ =
        std::make_unique<publishing::SiteAdminHandlers>(*newsroom_, *site_admin_);
    subscriptions_ = std::make_unique<newsletter::SubscriptionService>(
        *db_, moving_clock(),
        newsletter::SubscriptionOptions{site_url_, "Test Institute", "test-secret"});
    newsletters_ = std::make_unique<newsletter::NewsletterService>(
        *db_, *publishing_, *subscriptions_, *theme_, moving_clock(), site_url_);
    subscriber_admin_ = std::make_unique<newsletter::SubscriberAdmin>(*db_);
    newsletter_admin_ = std::make_unique<newsletter::NewsletterAdminHandlers>(
        newsletter::NewsletterAdminContext{*newsroom_, *newsletters_, *subscriptions_,
                                           *subscriber_admin_, *publishing_, moving_clock()});
    newsletter_handlers_ =
        std::make_unique<newsletter::NewsletterHandlers>(*subscriptions_, *site_);
    comments::CommentOptions comment_options;
    comment_options.secret = "test-secret";
    comment_options.site_url = site_url_;
    comment_options.site_title = "Test site";
    comment_service_ =
        std::make_unique<comments::CommentService>(*db_, moving_clock(), comment_options, &events_);
    comment_handlers_ = std::make_unique<comments::CommentHandlers>(
        *comment_service_, *publishing_, *site_, *newsroom_, *theme_, site_url_);
    comments_filler_ = [this](ctemplate::TemplateDictionary& d, publishing::ArticleView const& v) {
      comment_handlers_->fill_article(d, v);
    };
    insight_ = std::make_unique<insight::InsightService>(*db_, moving_clock(),
                                                         insight::Lexicon::embedded());
    insight_admin_ = std::make_unique<insight::InsightAdminHandlers>(*insight_, *newsroom_);
    insight_pages_ = std::make_unique<insight::InsightHandlers>(*insight_, *site_);
    router_ = http::Router{};
    app::add_admin_routes(
        router_, {*newsroom_, *auth_handlers_, *newsroom_handlers_, media_handlers_.get(),
                  *site_admin_handlers_, *newsletter_admin_, comment_handlers_.get(), *site_,
                  *publishing_, insight_admin_.get()});
    app::add_newsletter_routes(router_, *newsletter_handlers_);
    app::add_comment_routes(router_, *comment_handlers_);
    app::add_insight_routes(router_, *insight_pages_);
    app::add_site_routes(router_, *site_, *feed_handlers_, *search_handlers_, assets_,
                         dir_.path() / "media");
  }

  std::function<UnixTime()> moving_clock() {
    return [this] { return time_.load(); };
  }
  void advance(UnixTime seconds) { time_ += seconds; }

  // A user with a password; returns it.
  auth::User add_user(std::string const& email, auth::Role role,
                      std::string const& password = "correct horse battery") {
    auto u = auth_->add_user({email, email.substr(0, email.find('@')), role, password, ""});
    if (!u) throw std::runtime_error(u.error().message);
    return *u;
  }

  struct Client {
    std::map<std::string, std::string> cookies;
    std::string remote = "192.0.2.10";
  };

  http::Response request(Client& c, http::Method method, std::string const& target,
                         std::string const& body = {},
                         std::string const& content_type = "application/x-www-form-urlencoded") {
    http::Request req;
    req.method = method;
    req.target = target;
    auto q = target.find('?');
    req.path = target.substr(0, q);
    if (q != std::string::npos) req.query = target.substr(q + 1);
    req.remote_address = c.remote;
    std::string cookie;
    for (auto const& [k, v] : c.cookies) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
    if (!cookie.empty()) req.headers.emplace_back("cookie", cookie);
    if (method == http::Method::Post) req.headers.emplace_back("content-type", content_type);
    req.body = body;
    auto res = app::dispatch(router_, *site_, req);
    for (auto const& [name, value] : res.headers) {
      if (name != "Set-Cookie") continue;
      auto eq = value.find('=');
      auto end = value.find(';');
      auto key = value.substr(0, eq);
      auto val = value.substr(eq + 1, end - eq - 1);
      if (value.find("Max-Age=0") != std::string::npos)
        c.cookies.erase(key);
      else
        c.cookies[key] = val;
    }
    return res;
  }

  using SiteStack::get;  // get(path): a reader without cookies
  http::Response get(Client& c, std::string const& target) {
    return request(c, http::Method::Get, target);
  }
  http::Response post(Client& c, std::string const& target,
                      std::vector<std::pair<std::string, std::string>> const& fields) {
    std::string body;
    for (auto const& [k, v] : fields)
      body += (body.empty() ? "" : "&") + percent_encode(k) + "=" + percent_encode(v);
    return request(c, http::Method::Post, target, body);
  }

  // The value of a hidden input in a page: <input type="hidden" name="NAME" value="...">.
  static std::string hidden_value(std::string const& html, std::string const& name) {
    auto at = html.find("name=\"" + name + "\" value=\"");
    if (at == std::string::npos) return {};
    at += name.size() + 15;
    return html.substr(at, html.find('"', at) - at);
  }

  // Signs in through the login form, as a browser does; returns the CSRF token of the session.
  std::string sign_in(Client& c, std::string const& email,
                      std::string const& password = "correct horse battery") {
    auto page = get(c, "/admin/login");
    auto token = hidden_value(page.body, "_csrf");
    auto res =
        post(c, "/admin/login", {{"_csrf", token}, {"email", email}, {"password", password}});
    if (res.status != 303) throw std::runtime_error("sign in failed: " + res.body);
    auto articles = get(c, "/admin/articles");
    return hidden_value(articles.body, "_csrf");
  }

  std::atomic<UnixTime> time_;
  auth::Policy policy_;
  std::unique_ptr<auth::AuthService> auth_;
  std::unique_ptr<publishing::EditorialService> editorial_;
  std::unique_ptr<admin::Newsroom> newsroom_;
  std::unique_ptr<admin::AccountHandlers> auth_handlers_;
  std::unique_ptr<publishing::NewsroomHandlers> newsroom_handlers_;
  std::unique_ptr<media::MediaHandlers> media_handlers_;
  std::unique_ptr<publishing::SiteAdmin> site_admin_;
  std::unique_ptr<publishing::SiteAdminHandlers> site_admin_handlers_;
  std::unique_ptr<newsletter::SubscriptionService> subscriptions_;
  std::unique_ptr<newsletter::NewsletterService> newsletters_;
  std::unique_ptr<newsletter::SubscriberAdmin> subscriber_admin_;
  std::unique_ptr<newsletter::NewsletterAdminHandlers> newsletter_admin_;
  std::unique_ptr<newsletter::NewsletterHandlers> newsletter_handlers_;
  std::unique_ptr<comments::CommentService> comment_service_;
  std::unique_ptr<comments::CommentHandlers> comment_handlers_;
  std::unique_ptr<insight::InsightService> insight_;
  std::unique_ptr<insight::InsightAdminHandlers> insight_admin_;
  std::unique_ptr<insight::InsightHandlers> insight_pages_;
};

}  // namespace dossier::test
