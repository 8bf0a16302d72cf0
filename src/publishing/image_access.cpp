#include "publishing/image_access.hpp"

#include <algorithm>

#include "publishing/image_access_store.hpp"

namespace dossier::publishing {

ImageAccess image_access(soci::session& sql, std::string const& file) {
  ImageAccess out;
  auto image = ImageAccessStore::image_of(sql, file);
  if (!image) return out;
  out.articles = ImageAccessStore::restricted_showing(sql, *image, file);
  if (out.articles.empty() || ImageAccessStore::public_hero(sql, *image)) {
    out.articles.clear();
    return out;
  }
  out.restricted = true;
  return out;
}

bool may_see_image(Viewer const& viewer, ImageAccess const& access, UnixTime now) {
  if (!access.restricted) return true;
  // The newsroom sees its own drafts' images in the editor and in previews.
  if (viewer.kind == ViewerKind::Newsroom) return true;
  return std::any_of(access.articles.begin(), access.articles.end(), [&](AccessFacts const& f) {
    return access_to(viewer, f, now) == Access::Full;
  });
}

}  // namespace dossier::publishing
