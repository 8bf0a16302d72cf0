#include "publishing/settings_store.hpp"

#include <soci/soci.h>

namespace dossier::publishing {

std::map<std::string, std::string> SettingsStore::all(soci::session& sql) {
  std::map<std::string, std::string> values;
  std::string key, value;
  soci::statement st =
      (sql.prepare << "SELECT key, value FROM settings", soci::into(key), soci::into(value));
  st.execute(false);
  while (st.fetch()) values[key] = value;
  return values;
}

std::optional<std::string> SettingsStore::get(soci::session& sql, std::string const& key) {
  std::string value;
  sql << "SELECT value FROM settings WHERE key = :k", soci::use(key), soci::into(value);
  if (!sql.got_data()) return std::nullopt;
  return value;
}

void SettingsStore::put(soci::session& sql, std::string const& key, std::string const& value) {
  sql << "DELETE FROM settings WHERE key = :k", soci::use(key);
  sql << "INSERT INTO settings (key, value) VALUES (:k, :v)", soci::use(key), soci::use(value);
}

}  // namespace dossier::publishing
