#pragma once

#include <optional>
#include <string>

#include "core/time.hpp"

namespace dossier::media {

using Id = long long;

struct Media {
  Id id = 0;
  std::string file;  // relative to DATA/media, e.g. "2026/11/geneva-talks.jpg"
  std::string mime;
  int width = 0;
  int height = 0;
  long long bytes = 0;
  std::string alt;
  std::string caption;
  std::string credit;
};

}  // namespace dossier::media
