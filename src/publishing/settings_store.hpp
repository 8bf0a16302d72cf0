#pragma once

#include <map>
#include <optional>
#include <string>

namespace soci {
class session;
}

namespace dossier::publishing {

// The settings table: one value per key. The site's identity (site_settings.hpp) and the
// site's secret key are kept here; callers pass the session of their transaction.
class SettingsStore {
 public:
  static std::map<std::string, std::string> all(soci::session& sql);
  static std::optional<std::string> get(soci::session& sql, std::string const& key);
  // Sets the key's value, replacing any.
  static void put(soci::session& sql, std::string const& key, std::string const& value);
};

}  // namespace dossier::publishing
