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
  // The entity an editor names as an institution speaker: the organization row of `slug`, made
  // as an institution if there is none (merges followed); nullopt if that entity is hidden.
  static std::optional<Id> institution(soci::session& sql, std::string const& slug,
                                       std::string const& name);
  // The country entity of an ISO 3166-1 alpha-2 code (upper case), made with `name` if new.
  static Id country(soci::session& sql, std::string const& iso2, std::string const& name);
  // Links the institution to its country unless it has one already.
  static void link_country(soci::session& sql, Id entity, Id country);
};

}  // namespace dossier::insight
