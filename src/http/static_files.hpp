#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "http/response.hpp"

namespace dossier::http {

// The theme's assets (CSS, icons), read into memory at start and served under fingerprinted
// names ("/static/style.1a2b3c4d.css") with a year-long immutable Cache-Control: a changed
// file gets a new name, so no reader keeps a stale copy.
class StaticAssets {
 public:
  static StaticAssets load(std::filesystem::path const& dir);

  // "/static/style.1a2b3c4d.css" for "style.css"; the plain name when it is unknown.
  std::string url_for(std::string const& name) const;
  // The response for a path under /static/ ("style.1a2b3c4d.css"), or nullopt.
  std::optional<Response> serve(std::string const& file_name) const;

 private:
  struct Asset {
    std::string content;
    std::string content_type;
    std::string fingerprinted_name;
  };
  std::map<std::string, Asset> by_name_;
  std::map<std::string, std::string> fingerprinted_to_name_;
};

// Checks one path segment taken from a URL: not empty, no dot first (".", "..", dotfiles),
// no separators or control characters. The guard against path traversal.
bool is_safe_segment(std::string_view segment);

// Serves a file below root (uploaded media) for a relative path from the URL, with a
// content type by extension and a long Cache-Control; nullopt for anything unsafe or absent.
std::optional<Response> serve_file(std::filesystem::path const& root, std::string const& rel);

std::string content_type_for(std::filesystem::path const& path);

}  // namespace dossier::http
