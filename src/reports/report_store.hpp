#pragma once

#include <optional>

#include "reports/report.hpp"

namespace soci {
class session;
}

namespace dossier::reports {

// The report_parts table's SQL. Callers hold the transaction.
class ReportStore {
 public:
  static std::optional<ReportParts> find(soci::session& sql, Id article_id);
  // Inserts or replaces the article's parts.
  static void put(soci::session& sql, ReportParts const& parts);
};

}  // namespace dossier::reports
