#pragma once

#include <optional>

#include "media/media.hpp"

namespace soci {
class session;
}

namespace dossier::media {

class MediaStore {
 public:
  static Id insert(soci::session& sql, Media const& m, UnixTime now);
  static std::optional<Media> find(soci::session& sql, Id id);
};

}  // namespace dossier::media
