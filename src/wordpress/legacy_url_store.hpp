#pragma once

// The SQL on `legacy_urls` (migration 0030), the old site's addresses. Keys arrive normalized
// (LegacyUrls::key_for_path, key_for_home_query); this store only reads and writes rows.

#include <optional>
#include <string>

#include "wordpress/legacy_urls.hpp"

namespace soci {
class session;
}

namespace dossier::wordpress {

class LegacyUrlStore {
 public:
  // Adds the row or replaces the target of the key already there.
  static void put(soci::session& sql, LegacyUrl const& url);
  // One read of the primary key.
  static std::optional<LegacyUrl> find(soci::session& sql, std::string const& key);
  static long long count(soci::session& sql);
};

// The target kinds as the table's CHECK constraint spells them.
std::string_view to_string(LegacyTarget target);
std::optional<LegacyTarget> parse_target(std::string_view text);

}  // namespace dossier::wordpress
