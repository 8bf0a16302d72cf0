#pragma once

#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace dossier::publishing {

// A link the newsroom adds to the site's menu or footer.
struct SiteLink {
  std::string label;
  std::string url;  // "https://..." or a path on the site ("/about")
};

// The site's identity, kept in the database so the newsroom can edit it (settings table).
struct SiteSettings {
  std::string title = "Dossier";
  std::string tagline = "News and analysis";
  std::string about = "This site is published with Dossier.";
  std::string contact_email;
  std::string language = "en";
  int copyright_start_year = 0;        // 0 = the current year only
  std::vector<SiteLink> menu_links;    // after the categories in the main navigation
  std::vector<SiteLink> social_links;  // in the footer ("Mastodon", "LinkedIn" ...)
};

class SiteSettingsStore {
 public:
  static SiteSettings load(soci::session& sql);
  // Call inside the caller's transaction.
  static void save(soci::session& sql, SiteSettings const& s);
};

// Other values kept in the settings table, for the folders that keep one there (the site's
// secret key, the demo's marker), so no folder but publishing names the table.
std::optional<std::string> setting(soci::session& sql, std::string const& key);
void set_setting(soci::session& sql, std::string const& key, std::string const& value);

}  // namespace dossier::publishing
