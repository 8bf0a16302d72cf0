#pragma once

#include <optional>
#include <string>
#include <vector>

#include "publishing/access.hpp"

namespace soci {
class session;
}

namespace dossier::publishing {

// The SQL behind image_access.hpp.
struct ImageAccessStore {
  // The media library's id of a file (original or variant), through media's `images` view.
  static std::optional<Id> image_of(soci::session& sql, std::string const& file);
  // The restricted articles (any state) that show the image as their main one or name its
  // file in their text; categories and tags filled.
  static std::vector<AccessFacts> restricted_showing(soci::session& sql, Id image,
                                                     std::string const& file);
  // Whether a published public article shows it as its main image.
  static bool public_hero(soci::session& sql, Id image);
};

}  // namespace dossier::publishing
