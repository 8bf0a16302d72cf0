#pragma once

// The portal over a real SQLite file, wired as serve wires it (app/portal_routes.hpp), with
// viewers built directly (they are plain data: the clients folder resolves them from cookies
// in the real server), a PDF source that records its stamps, and a grant function that records
// what it grants. request() runs the portal's routes through the server's dispatch.
#include <map>
#include <vector>

#include <soci/soci.h>

#include "app/portal_routes.hpp"
#include "clients/audit_trail.hpp"
#include "support/newsroom_stack.hpp"

namespace dossier::clients::test {

class PortalFixture : public dossier::test::NewsroomStack {
 protected:
  PortalFixture()
      : NewsroomStack("dossier-portal"),
        portal_({*db_, moving_clock(), *frame_, *theme_, *newsroom_, site_url_, "Test Institute",
                 "test-secret",
                 [this](http::Request const& q) {
                   auto who = http::cookie(q, "dossier_reader");
                   auto it = readers_.find(who);
                   return it == readers_.end() ? publishing::Viewer{} : it->second;
                 },
                 [this](Id member) -> std::optional<publishing::Viewer> {
                   for (auto const& [cookie, v] : readers_)
                     if (v.member_id == member) return v;
                   return std::nullopt;
                 },
                 [this](Id article, PdfStamp const& stamp) -> Result<std::string> {
                   if (pdf_fails_) return Error{ErrorKind::Internal, "engine down"};
                   stamps_.push_back({article, stamp});
                   return std::string("%PDF-1.7 report ") + std::to_string(article);
                 },
                 [this](Id client, Id article) -> Result<Unit> {
                   granted_.push_back({client, article});
                   return Unit{};
                 }}) {
    editor_ = add_user("desk@example.org", auth::Role::Editor);
    soci::session sql(db_->pool());
    sql << "INSERT INTO categories (id, slug, name) VALUES (1, 'energy', 'Energy'),"
           " (2, 'security', 'Security')";
    sql << "INSERT INTO tags (id, slug, name) VALUES (1, 'gas', 'Gas'), (2, 'iran', 'Iran')";
    app::add_portal_routes(portal_router_, portal_, *newsroom_);
  }

  publishing::Id publish(std::string const& title, publishing::Visibility visibility,
                         std::vector<Id> categories = {}, std::vector<Id> tags = {},
                         UnixTime ago = 3600) {
    publishing::ArticleInput in;
    in.title = title;
    in.dek = "What " + title + " finds.";
    in.kind = publishing::ArticleKind::Report;
    in.body_markdown = "The secret body of " + title + ".";
    in.author_id = editor_.id;
    in.status = publishing::ArticleStatus::Published;
    in.visibility = visibility;
    in.published_at = time_.load() - ago;
    in.category_ids = std::move(categories);
    in.tag_ids = std::move(tags);
    auto id = publishing_->add_article(in);
    if (!id) throw std::runtime_error(id.error().message);
    return *id;
  }

  static publishing::Viewer client(Id member, Id client_id, std::vector<publishing::Grant> grants,
                                   std::optional<UnixTime> until = std::nullopt) {
    publishing::Viewer v;
    v.kind = publishing::ViewerKind::Client;
    v.member_id = member;
    v.email = "member" + std::to_string(member) + "@ministry.example";
    v.name = "Member " + std::to_string(member);
    v.client_id = client_id;
    v.client_name = "Ministry " + std::to_string(client_id);
    v.client_until = until;
    v.grants = std::move(grants);
    v.csrf_token = "csrf-of-" + std::to_string(member);
    return v;
  }

  // A browser whose reader cookie resolves to `viewer`.
  Client browser(publishing::Viewer const& viewer, std::string const& cookie) {
    readers_[cookie] = viewer;
    Client c;
    c.cookies["dossier_reader"] = cookie;
    return c;
  }

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
    auto match = portal_router_.match(req.method, req.path);
    if (!match.handler) return app::dispatch(router_, *site_, req);
    return app::dispatch(portal_router_, *site_, req);
  }

  long long count(std::string const& query) {
    soci::session sql(db_->pool());
    long long n = 0;
    sql << query, soci::into(n);
    return n;
  }

  auth::User editor_;
  std::map<std::string, publishing::Viewer> readers_;
  bool pdf_fails_ = false;
  std::vector<std::pair<Id, PdfStamp>> stamps_;
  std::vector<std::pair<Id, Id>> granted_;
  app::Portal portal_;
  http::Router portal_router_;
};

}  // namespace dossier::clients::test
