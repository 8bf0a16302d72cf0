#pragma once

#include <optional>
#include <string>

#include "publishing/article.hpp"

namespace dossier::publishing {

struct Category {
  Id id = 0;
  std::optional<Id> parent_id;
  std::string slug;
  std::string name;
  std::string description;
  int position = 0;
};

struct Tag {
  Id id = 0;
  std::string slug;
  std::string name;
};

struct Author {
  Id id = 0;
  std::string slug;
  std::string name;
  std::string bio;
  std::string role;
  // The profile photo, when the author chose one (media library).
  std::string photo_file;
  std::string photo_alt;
  int photo_width = 0;
  int photo_height = 0;
};

}  // namespace dossier::publishing
