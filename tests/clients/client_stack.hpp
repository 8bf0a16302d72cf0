#pragma once

// The newsroom stack plus clients/, wired as `serve` wires them: the client service with the
// stack's moving clock and argon2id at its minimum cost, the newsroom's client pages and the
// readers' sign-in routes on the same router. Helpers add categories, tags and articles
// through publishing's own services, and send requests with headers of the test's choosing.
#include <memory>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "app/client_routes.hpp"
#include "clients/catalog.hpp"
#include "clients/client_admin_handlers.hpp"
#include "clients/client_service.hpp"
#include "clients/client_sign_in_handlers.hpp"
#include "core/slug.hpp"
#include "publishing/site_admin.hpp"
#include "support/newsroom_stack.hpp"

namespace dossier::test {

class ClientStack : public NewsroomStack {
 protected:
  explicit ClientStack(std::string_view prefix) : NewsroomStack(prefix) {
    clients::ClientOptions o;
    o.cost = cheap_cost();
    o.site_url = site_url_;
    o.site_title = "Test Institute";
    clients_ = std::make_unique<clients::ClientService>(*db_, moving_clock(), o);
    catalog_ = std::make_unique<clients::Catalog>(*db_, *publishing_, *editorial_);
    client_admin_ =
        std::make_unique<clients::ClientAdminHandlers>(*newsroom_, *clients_, *catalog_);
    sign_in_ = std::make_unique<clients::SignInHandlers>(*clients_, *frame_, site_url_,
                                                         http::CookieSecurity::AnyConnection);
    // A fresh table in serve's order: client routes before the site's catch-all.
    router_ = http::Router{};
    app::add_admin_routes(
        router_, {*newsroom_, *auth_handlers_, *newsroom_handlers_, media_handlers_.get(),
                  *site_admin_handlers_, *newsletter_admin_, comment_handlers_.get(), *site_,
                  *publishing_, insight_admin_.get()});
    app::add_client_routes(router_, {*newsroom_, *client_admin_, *sign_in_});
    app::add_site_routes(router_, *site_, *feed_handlers_, *search_handlers_, assets_,
                         dir_.path() / "media");
  }

  publishing::Id add_category(std::string const& name) {
    publishing::Category c;
    c.name = name;
    c.slug = make_slug(name);
    auto id = site_admin_->add_category(c);
    if (!id) throw std::runtime_error(id.error().message);
    publishing_->forget_site();
    return *id;
  }

  publishing::Id add_tag(std::string const& name) {
    auto ids = editorial_->tags_for({name}, publishing::EditorialService::NewTags::Create);
    if (!ids || ids->empty()) throw std::runtime_error("cannot add the tag " + name);
    return ids->front();
  }

  publishing::Id add_article(std::string const& title, publishing::Visibility visibility,
                             std::vector<publishing::Id> categories = {},
                             std::vector<publishing::Id> tags = {}) {
    if (author_id_ == 0) author_id_ = add_user("writer@example.org", auth::Role::Editor).id;
    publishing::ArticleInput in;
    in.title = title;
    in.kind = publishing::ArticleKind::Report;
    in.body_markdown = "The report's text.";
    in.status = publishing::ArticleStatus::Published;
    in.published_at = time_.load() - 3600;
    in.visibility = visibility;
    in.author_id = author_id_;
    in.category_ids = std::move(categories);
    in.tag_ids = std::move(tags);
    auto id = publishing_->add_article(in);
    if (!id) throw std::runtime_error(id.error().message);
    return *id;
  }

  long long count(std::string const& sql_text) {
    soci::session sql(db_->pool());
    long long n = 0;
    sql << sql_text, soci::into(n);
    return n;
  }

  // A request as a browser sends it, with the client's cookies and the given extra headers
  // (Origin, Sec-Fetch-Site ...); cookies the answer sets are kept.
  http::Response send(Client& c, http::Method method, std::string const& target,
                      std::vector<std::pair<std::string, std::string>> const& fields = {},
                      std::vector<std::pair<std::string, std::string>> const& headers = {}) {
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
    for (auto const& h : headers) req.headers.push_back(h);
    if (method == http::Method::Post) {
      req.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
      for (auto const& [k, v] : fields)
        req.body += (req.body.empty() ? "" : "&") + percent_encode(k) + "=" + percent_encode(v);
    }
    auto res = app::dispatch(router_, *site_, req);
    for (auto const& [name, value] : res.headers) {
      if (name != "Set-Cookie") continue;
      auto eq = value.find('=');
      auto end = value.find(';');
      auto key = value.substr(0, eq);
      if (value.find("Max-Age=0") != std::string::npos)
        c.cookies.erase(key);
      else
        c.cookies[key] = value.substr(eq + 1, end - eq - 1);
    }
    return res;
  }

  // The path of the sign-in link in the newest queued mail.
  std::string mailed_link_path() {
    soci::session sql(db_->pool());
    std::string body;
    sql << "SELECT text_body FROM outbox ORDER BY id DESC LIMIT 1", soci::into(body);
    auto at = body.find(site_url_ + "/portal/link/");
    if (at == std::string::npos) return {};
    auto end = body.find_first_of(" \n", at);
    return body.substr(at + site_url_.size(), end - at - site_url_.size());
  }

  // A client with one member; returns the member.
  clients::Member client_with_member(std::string const& client_name, std::string const& email,
                                     std::optional<int> seats = std::nullopt) {
    auto c = clients_->add_client({client_name, seats, std::nullopt, ""});
    if (!c) throw std::runtime_error(c.error().message);
    auto m = clients_->add_member(c->id, email, "Member");
    if (!m) throw std::runtime_error(m.error().message);
    return *m;
  }

  publishing::Id author_id_ = 0;
  std::unique_ptr<clients::ClientService> clients_;
  std::unique_ptr<clients::Catalog> catalog_;
  std::unique_ptr<clients::ClientAdminHandlers> client_admin_;
  std::unique_ptr<clients::SignInHandlers> sign_in_;
};

}  // namespace dossier::test
