#include "clients/audit_handlers.hpp"

#include <fmt/format.h>

#include "core/strings.hpp"

namespace dossier::clients {

namespace {

// RFC 4180 section 3 registers text/csv; `header=present` says the first line names the
// columns. An attachment, so a browser saves it rather than showing it.
http::Response csv_answer(std::string body, std::string const& filename) {
  http::Response r;
  r.status = 200;
  r.content_type = "text/csv; charset=utf-8; header=present";
  r.body = std::move(body);
  r.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}\"", filename));
  admin::Newsroom::secure(r);
  return r;
}

}  // namespace

http::Response AuditHandlers::client_csv(admin::Visit& v) {
  auto id = parse_id(v.params.get("id"));
  if (!id)
    return newsroom_.message(v, 404, "No such organisation", "There is no such organisation.");
  return csv_answer(AuditTrail::csv(audit_.for_client(*id)),
                    fmt::format("client-{}-audit.csv", *id));
}

http::Response AuditHandlers::article_csv(admin::Visit& v) {
  auto id = parse_id(v.params.get("id"));
  if (!id) return newsroom_.message(v, 404, "No such article", "There is no such article.");
  return csv_answer(AuditTrail::csv(audit_.for_article(*id)),
                    fmt::format("article-{}-audit.csv", *id));
}

}  // namespace dossier::clients
