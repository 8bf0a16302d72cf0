#pragma once

#include "admin/newsroom.hpp"
#include "insight/insight_service.hpp"

namespace dossier::insight {

// The newsroom's curation of what the analyzer found (/admin/entities): merge two entities,
// rename one, set its role, hide a false one; and correct a quotation's speaker. Every change
// is kept apart from the analysis, so re-analysis never undoes it.
class InsightAdminHandlers {
 public:
  explicit InsightAdminHandlers(InsightService& insight, admin::Newsroom& newsroom)
      : insight_(insight), newsroom_(newsroom) {}

  http::Response entities(admin::Visit& v);  // ?kind=&q=
  http::Response change(admin::Visit& v);    // POST /admin/entities/{id}: action=...
  http::Response quotes(admin::Visit& v);    // ?article=ID
  http::Response speaker(admin::Visit& v);   // POST /admin/quotes/{id}: speaker=kind/slug or ""

 private:
  http::Response entities_page(admin::Visit& v, int status, std::string const& error);
  InsightService& insight_;
  admin::Newsroom& newsroom_;
};

}  // namespace dossier::insight
