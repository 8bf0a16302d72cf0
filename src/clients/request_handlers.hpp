#pragma once

// Requests over HTTP: the teaser's access box (a section of the article page), the access
// request it posts (POST /portal/requests: any reader), and the newsroom's queue
// (/admin/requests: list by state, one request with its state buttons and note).

#include <optional>
#include <string>

#include "admin/newsroom.hpp"
#include "clients/portal_types.hpp"
#include "clients/request_service.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "publishing/restricted_articles.hpp"

namespace ctemplate {
class TemplateDictionary;
}
namespace dossier::site {
class Frame;
}
namespace dossier::publishing {
struct ArticleView;
}
namespace dossier::store {
class Database;
}

namespace dossier::clients {

struct RequestContext {
  RequestService& requests;
  site::Frame const& frame;
  admin::Newsroom& newsroom;
  ViewerOf viewer;
  Clock clock;
  std::string site_url;  // canonical base, no trailing slash
  // Reads restricted articles (publishing/restricted_articles.hpp) with a session of the
  // caller's: the handlers hold no session themselves.
  store::Database& db;
};

// Fills the article page's {{>ACCESS_BOX}} on a teaser: "This report is for clients", a
// sign-in link coming back to the article, and the request form (a signed-in reader's form
// carries the session's CSRF token; an anonymous one the signed time and a honeypot).
// Nothing on a page the reader may read in full.
void fill_access_box(ctemplate::TemplateDictionary& d, publishing::ArticleView const& view,
                     publishing::Viewer const& viewer, RequestService const& requests);

class RequestHandlers {
 public:
  explicit RequestHandlers(RequestContext ctx) : ctx_(std::move(ctx)) {}

  void fill_access_box(ctemplate::TemplateDictionary& d, publishing::ArticleView const& view,
                       publishing::Viewer const& viewer) const {
    clients::fill_access_box(d, view, viewer, ctx_.requests);
  }

  // The request form on a page of its own (?article=ID), with a fresh token: for readers whose
  // teaser page was cached long ago, and for browsers without the article page's box.
  http::Response request_form(http::Request const& req, http::Params const& p);
  http::Response request_access(http::Request const& req, http::Params const& p);

  // The newsroom's queue.
  http::Response queue(admin::Visit& v);
  http::Response item(admin::Visit& v);
  http::Response change(admin::Visit& v);

 private:
  http::Response message(int status, std::string const& title, std::string const& text);
  // The article a request names, when the reader may ask for it (a teaser); else the answer.
  struct Target {
    std::optional<publishing::RestrictedArticle> article;
    std::optional<http::Response> refused;
  };
  Target target(std::string const& id, publishing::Viewer const& viewer);
  // The request form again, with what the reader sent and why it was refused.
  http::Response form_page(int status, publishing::RestrictedArticle const& article,
                           publishing::Viewer const& viewer, AccessRequestInput const& echo,
                           std::string const& error);
  http::Response item_page(admin::Visit& v, ClientRequest const& r, int status,
                           std::string const& error);
  RequestContext ctx_;
};

}  // namespace dossier::clients
