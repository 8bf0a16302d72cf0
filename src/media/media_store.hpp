#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "media/media.hpp"

namespace soci {
class session;
}

namespace dossier::media {

// What shows an image (at most kMaxUsesListed of each): article ids with titles, profile
// (user) ids with names. Read through the views their owners publish (migration 0012).
struct ImageUses {
  std::vector<std::pair<Id, std::string>> articles;
  std::vector<std::pair<Id, std::string>> profiles;
};
constexpr int kMaxUsesListed = 20;

// The media table's SQL. Other folders use media/media_library.hpp, never this header.
class MediaStore {
 public:
  static Id insert(soci::session& sql, Media const& m, UnixTime now);
  static std::optional<Media> find(soci::session& sql, Id id);
  // Every image's id, ascending (the corpus generator picks hero images from them).
  static std::vector<Id> all_ids(soci::session& sql);
  static std::vector<Media> list(soci::session& sql, MediaQuery const& q);
  static long long count(soci::session& sql, MediaQuery const& q);
  static void update_text(soci::session& sql, Id id, std::string const& alt,
                          std::string const& caption, std::string const& credit);
  static ImageUses uses(soci::session& sql, Id id);
  static void remove(soci::session& sql, Id id);
};

}  // namespace dossier::media
