#pragma once

// The SQL on client_audit (migration 0022).

#include <vector>

#include "clients/audit_trail.hpp"

namespace soci {
class session;
}

namespace dossier::clients {

class AuditStore {
 public:
  static Id insert(soci::session& sql, AuditEntry const& e);
  static AuditCounts counts(soci::session& sql, Id article_id);
  enum class By { Client, Article };
  // Oldest first, the newest `limit`.
  static std::vector<AuditEntry> list(soci::session& sql, By by, Id id, int limit);
};

}  // namespace dossier::clients
