#pragma once

#include <vector>

#include "media/media.hpp"

namespace dossier::media {

// Published after an image's texts (alt, caption, credit) changed and the change committed.
// Pages that show the text declare the cache key "media:ID"; the event also names the
// articles (hero image) and profiles (photo) that show it, whose pages show the text too.
// Listing teasers show the file only, which never changes, so they are not named.
struct MediaChanged {
  Id media_id = 0;
  std::vector<Id> article_ids;
  std::vector<Id> profile_ids;
};

}  // namespace dossier::media
