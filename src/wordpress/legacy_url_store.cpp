#include "wordpress/legacy_url_store.hpp"

#include <array>
#include <utility>

#include <soci/soci.h>

namespace dossier::wordpress {

namespace {

constexpr std::array<std::pair<LegacyTarget, std::string_view>, 8> kTargetNames{{
    {LegacyTarget::Article, "article"},
    {LegacyTarget::Category, "category"},
    {LegacyTarget::Tag, "tag"},
    {LegacyTarget::Author, "author"},
    {LegacyTarget::SiteFeed, "site_feed"},
    {LegacyTarget::CategoryFeed, "category_feed"},
    {LegacyTarget::TagFeed, "tag_feed"},
    {LegacyTarget::AuthorFeed, "author_feed"},
}};

}  // namespace

std::string_view to_string(LegacyTarget target) {
  for (auto const& [t, name] : kTargetNames)
    if (t == target) return name;
  return "article";
}

std::optional<LegacyTarget> parse_target(std::string_view text) {
  for (auto const& [t, name] : kTargetNames)
    if (name == text) return t;
  return std::nullopt;
}

void LegacyUrlStore::put(soci::session& sql, LegacyUrl const& url) {
  std::string target(to_string(url.target));
  sql << "INSERT INTO legacy_urls (old_key, target, target_id) VALUES (:k, :t, :i)"
         " ON CONFLICT (old_key) DO UPDATE SET target = excluded.target,"
         " target_id = excluded.target_id",
      soci::use(url.from), soci::use(target), soci::use(url.id);
}

std::optional<LegacyUrl> LegacyUrlStore::find(soci::session& sql, std::string const& key) {
  LegacyUrl out;
  std::string target;
  sql << "SELECT old_key, target, target_id FROM legacy_urls WHERE old_key = :k", soci::use(key),
      soci::into(out.from), soci::into(target), soci::into(out.id);
  if (!sql.got_data()) return std::nullopt;
  auto parsed = parse_target(target);
  if (!parsed) return std::nullopt;  // the CHECK constraint keeps this from happening
  out.target = *parsed;
  return out;
}

long long LegacyUrlStore::count(soci::session& sql) {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM legacy_urls", soci::into(n);
  return n;
}

}  // namespace dossier::wordpress
