#pragma once

// The newsroom's exports of the audit: one organisation's reading
// (/admin/clients/{id}/audit.csv) and one article's readers (/admin/articles/{id}/audit.csv).

#include "admin/newsroom.hpp"
#include "clients/audit_trail.hpp"

namespace dossier::clients {

class AuditHandlers {
 public:
  AuditHandlers(AuditTrail& audit, admin::Newsroom& newsroom)
      : audit_(audit), newsroom_(newsroom) {}

  http::Response client_csv(admin::Visit& v);
  http::Response article_csv(admin::Visit& v);

 private:
  AuditTrail& audit_;
  admin::Newsroom& newsroom_;
};

}  // namespace dossier::clients
