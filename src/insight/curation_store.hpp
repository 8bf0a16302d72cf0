#pragma once

#include <optional>
#include <string>

#include "insight/insight.hpp"

namespace soci {
class session;
}

namespace dossier::insight {

// The SQL of editors' corrections: merges, renames, roles and hiding on entities, and a
// quotation's speaker (kept in quote_corrections so re-analysis applies it again).
class CurationStore {
 public:
  // The entity's kind as stored ("person" ...); nullopt if there is no such entity.
  static std::optional<std::string> entity_kind(soci::session& sql, Id entity);
  // Files `from` (and its aliases) under `into`: mentions, quotations and corrections move.
  static void merge(soci::session& sql, Id from, Id into);
  // Each returns false when there is no such entity.
  static bool set_name_override(soci::session& sql, Id entity, std::string const& name);
  static bool set_role_override(soci::session& sql, Id entity, std::string const& role);
  static bool set_hidden(soci::session& sql, Id entity, bool hidden);

  struct QuoteKey {
    Id article = 0;
    std::string text;
  };
  static std::optional<QuoteKey> quote(soci::session& sql, Id quote);
  static void correct_speaker(soci::session& sql, Id quote, QuoteKey const& key,
                              std::optional<Id> speaker);
};

}  // namespace dossier::insight
