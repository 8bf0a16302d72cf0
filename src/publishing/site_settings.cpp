#include "publishing/site_settings.hpp"

#include <charconv>
#include <map>

#include <soci/soci.h>

namespace dossier::publishing {

SiteSettings SiteSettingsStore::load(soci::session& sql) {
  std::map<std::string, std::string> values;
  std::string key, value;
  soci::statement st =
      (sql.prepare << "SELECT key, value FROM settings", soci::into(key), soci::into(value));
  st.execute(false);
  while (st.fetch()) values[key] = value;
  SiteSettings s;
  auto take = [&](char const* name, std::string& into) {
    if (auto it = values.find(name); it != values.end()) into = it->second;
  };
  take("site.title", s.title);
  take("site.tagline", s.tagline);
  take("site.about", s.about);
  take("site.contact_email", s.contact_email);
  take("site.language", s.language);
  if (auto it = values.find("site.copyright_start_year"); it != values.end()) {
    auto const& t = it->second;
    std::from_chars(t.data(), t.data() + t.size(), s.copyright_start_year);
  }
  return s;
}

void SiteSettingsStore::save(soci::session& sql, SiteSettings const& s) {
  auto put = [&](std::string const& key, std::string const& value) {
    sql << "DELETE FROM settings WHERE key = :k", soci::use(key);
    sql << "INSERT INTO settings (key, value) VALUES (:k, :v)", soci::use(key), soci::use(value);
  };
  put("site.title", s.title);
  put("site.tagline", s.tagline);
  put("site.about", s.about);
  put("site.contact_email", s.contact_email);
  put("site.language", s.language);
  put("site.copyright_start_year", std::to_string(s.copyright_start_year));
}

}  // namespace dossier::publishing
