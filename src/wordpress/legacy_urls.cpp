#include "wordpress/legacy_urls.hpp"

#include <array>

#include <fmt/format.h>
#include <soci/soci.h>

#include "core/strings.hpp"
#include "store/database.hpp"
#include "wordpress/legacy_url_store.hpp"

namespace dossier::wordpress {

namespace {

// WordPress's PATHINFO permalinks put every address behind the front script.
constexpr std::string_view kFrontScript = "index.php";

// The home page's query forms, in WordPress's precedence (a single post before the archives).
enum class QueryValue { Id, Slug, FeedType };
struct HomeParam {
  std::string_view name;
  QueryValue value;
};
constexpr std::array<HomeParam, 6> kHomeParams{{
    {"p", QueryValue::Id},
    {"page_id", QueryValue::Id},
    {"cat", QueryValue::Id},
    {"tag", QueryValue::Slug},
    {"author", QueryValue::Id},
    {"feed", QueryValue::FeedType},
}};

// The feed types WordPress answers on ?feed= (wp-includes/functions.php, do_feed); each one is
// the site's RSS feed here.
constexpr std::array<std::string_view, 4> kFeedTypes{"rss2", "rss", "rdf", "atom"};
constexpr std::string_view kFeedKey = "feed=rss2";

// The address without "scheme://host" or "//host": from the first "/" or "?" of the rest.
std::string_view without_host(std::string_view address) {
  auto scheme = address.find("://");
  if (scheme != std::string_view::npos && scheme < address.find_first_of("/?"))
    address.remove_prefix(scheme + 1);
  if (address.starts_with("//")) {
    auto rest = address.find_first_of("/?", 2);
    return rest == std::string_view::npos ? std::string_view{} : address.substr(rest);
  }
  return address;
}

// "/", "/index.php" or "https://host/" with no query: the home itself, which the site answers
// (a static front page's <link> is the home).
bool is_bare_home(std::string_view address) {
  address = without_host(address.substr(0, address.find('#')));
  if (address.find('?') != std::string_view::npos) return false;
  int segments = 0;
  bool front_script = false;
  for (auto segment : split(address, '/')) {
    if (segment.empty()) continue;
    ++segments;
    front_script = to_lower(segment) == kFrontScript;
  }
  return segments == 0 || (segments == 1 && front_script);
}

bool needs_id(LegacyTarget target) {
  return target != LegacyTarget::SiteFeed;
}

}  // namespace

LegacyUrls::LegacyUrls(store::Database& db) : db_(db) {}

std::optional<std::string> LegacyUrls::key_for_path(std::string_view address) {
  if (address.size() > kMaxLegacyAddressBytes) return std::nullopt;
  if (auto hash = address.find('#'); hash != std::string_view::npos)
    address = address.substr(0, hash);
  address = without_host(address);
  std::string_view query;
  if (auto q = address.find('?'); q != std::string_view::npos) {
    query = address.substr(q + 1);
    address = address.substr(0, q);
  }
  auto decoded = percent_decode(address);
  if (!decoded) return std::nullopt;
  std::string key;
  bool first = true;
  for (auto segment : split(*decoded, '/')) {
    if (segment.empty()) continue;
    auto lower = to_lower(segment);
    if (first && lower == kFrontScript) {
      first = false;
      continue;
    }
    first = false;
    key += '/';
    key += lower;
  }
  if (key.empty()) return query.empty() ? std::nullopt : key_for_home_query(query);
  return key;
}

std::optional<std::string> LegacyUrls::key_for_home_query(std::string_view query) {
  if (query.size() > kMaxLegacyAddressBytes) return std::nullopt;
  if (query.starts_with('?')) query.remove_prefix(1);
  auto pairs = split(query, '&');
  for (auto const& param : kHomeParams) {
    for (auto pair : pairs) {
      auto eq = pair.find('=');
      auto name = percent_decode(pair.substr(0, eq), true);
      if (!name || *name != param.name) continue;
      // The first occurrence decides, as in PHP's reading of a query (the last wins there for
      // a repeated name, but a repeated ?p= is no link WordPress wrote).
      auto value = percent_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
      if (!value) return std::nullopt;
      switch (param.value) {
        case QueryValue::Id: {
          auto id = parse_id(*value);
          if (!id) return std::nullopt;
          return fmt::format("{}={}", param.name, *id);
        }
        case QueryValue::Slug: {
          auto slug = to_lower(trim(*value));
          if (slug.empty()) return std::nullopt;
          return fmt::format("{}={}", param.name, slug);
        }
        case QueryValue::FeedType: {
          auto type = to_lower(*value);
          for (auto known : kFeedTypes)
            if (type == known) return std::string(kFeedKey);
          return std::nullopt;
        }
      }
    }
  }
  return std::nullopt;
}

Result<Unit> LegacyUrls::remember(std::vector<LegacyUrl> const& urls) {
  std::vector<LegacyUrl> keyed;
  keyed.reserve(urls.size());
  for (auto const& url : urls) {
    std::string_view from = url.from;
    bool is_path = from.starts_with('/') || from.find("://") != std::string_view::npos;
    if (is_path && is_bare_home(from)) continue;
    auto key = is_path ? key_for_path(from) : key_for_home_query(from);
    if (!key)
      return invalid(fmt::format("\"{}\" is not an old address this site can answer",
                                 from.substr(0, std::min<std::size_t>(from.size(), 200))));
    if (needs_id(url.target) && url.id < 1)
      return invalid(fmt::format("\"{}\" names no target (id {})", *key, url.id));
    keyed.push_back({std::move(*key), url.target, needs_id(url.target) ? url.id : 0});
  }
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  for (auto const& url : keyed) LegacyUrlStore::put(sql, url);
  tx.commit();
  return Unit{};
}

std::optional<LegacyUrl> LegacyUrls::find(std::string_view key) {
  soci::session sql(db_.pool());
  return LegacyUrlStore::find(sql, std::string(key));
}

long long LegacyUrls::count() {
  soci::session sql(db_.pool());
  return LegacyUrlStore::count(sql);
}

}  // namespace dossier::wordpress
