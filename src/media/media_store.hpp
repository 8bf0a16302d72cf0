#pragma once

#include <optional>
#include <string>
#include <vector>

#include "media/media.hpp"

namespace soci {
class session;
}

namespace dossier::media {

class MediaStore {
 public:
  static Id insert(soci::session& sql, Media const& m, UnixTime now);
  static std::optional<Media> find(soci::session& sql, Id id);
  static std::vector<Media> list(soci::session& sql, MediaQuery const& q);
  static long long count(soci::session& sql, MediaQuery const& q);
  static void update_text(soci::session& sql, Id id, std::string const& alt,
                          std::string const& caption, std::string const& credit);
  // What shows this image: "article: Title" and "profile: Name" lines; empty when unused.
  static std::vector<std::string> uses(soci::session& sql, Id id);
  static void remove(soci::session& sql, Id id);
};

}  // namespace dossier::media
