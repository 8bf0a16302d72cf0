#pragma once

#include <string>
#include <vector>

#include "publishing/access.hpp"

namespace soci {
class session;
}

namespace dossier::publishing {

// Who may see an image file of the media library (an original or one of its variants). An
// image a restricted article shows (as its main image, or in its text) is that article's:
// served only to readers the access rule gives the whole article (publishing/access.hpp),
// unless a public article shows it as its main image too. Everything else is public.
// Known limit: an image a public article shows only in its text, and a restricted article
// too, counts as restricted (finding it would read every public article's text).
struct ImageAccess {
  bool restricted = false;
  std::vector<AccessFacts> articles;  // restricted: the articles that show it
};

ImageAccess image_access(soci::session& sql, std::string const& file);

// Whether the viewer may see an image with this access now.
bool may_see_image(Viewer const& viewer, ImageAccess const& access, UnixTime now);

}  // namespace dossier::publishing
