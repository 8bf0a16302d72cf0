#pragma once

#include <optional>
#include <string_view>

#include "core/time.hpp"
#include "wordpress/wxr.hpp"

namespace soci {
class session;
}

namespace dossier::wordpress {

// The kinds of thing the importer remembers, as stored in wordpress_ids.kind.
enum class WpKind { Author, Category, Tag, Article, Media, Comment };
std::string_view to_string(WpKind kind);

// SQL on wordpress_ids: what a WordPress id of a kind became in Dossier. Every function takes
// the caller's session, so a mapping is written in the transaction of what it maps.
class ImportStore {
 public:
  static std::optional<long long> find(soci::session& sql, WpKind kind, WpId wp_id);
  static void remember(soci::session& sql, WpKind kind, WpId wp_id, long long dossier_id,
                       UnixTime now);
  static long long count(soci::session& sql);
};

}  // namespace dossier::wordpress
