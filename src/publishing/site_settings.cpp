#include "publishing/site_settings.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "publishing/settings_store.hpp"

namespace dossier::publishing {

namespace {

std::vector<SiteLink> links_of(std::string const& text) {
  std::vector<SiteLink> out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (auto const& l : j)
    if (l.is_object()) out.push_back({l.value("label", ""), l.value("url", "")});
  return out;
}

std::string json_of(std::vector<SiteLink> const& links) {
  auto j = nlohmann::json::array();
  for (auto const& l : links) j.push_back({{"label", l.label}, {"url", l.url}});
  return j.dump();
}

}  // namespace

SiteSettings SiteSettingsStore::load(soci::session& sql) {
  auto values = SettingsStore::all(sql);
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
  if (auto it = values.find("site.menu_links"); it != values.end())
    s.menu_links = links_of(it->second);
  if (auto it = values.find("site.social_links"); it != values.end())
    s.social_links = links_of(it->second);
  return s;
}

void SiteSettingsStore::save(soci::session& sql, SiteSettings const& s) {
  auto put = [&](std::string const& key, std::string const& value) {
    SettingsStore::put(sql, key, value);
  };
  put("site.title", s.title);
  put("site.tagline", s.tagline);
  put("site.about", s.about);
  put("site.contact_email", s.contact_email);
  put("site.language", s.language);
  put("site.copyright_start_year", std::to_string(s.copyright_start_year));
  put("site.menu_links", json_of(s.menu_links));
  put("site.social_links", json_of(s.social_links));
}

std::optional<std::string> setting(soci::session& sql, std::string const& key) {
  return SettingsStore::get(sql, key);
}

void set_setting(soci::session& sql, std::string const& key, std::string const& value) {
  SettingsStore::put(sql, key, value);
}

}  // namespace dossier::publishing
