#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "media/events.hpp"
#include "media/media.hpp"
#include "media/upload.hpp"

namespace soci {
class session;
}
namespace dossier {
class EventBus;
}
namespace dossier::store {
class Database;
}

namespace dossier::media {

// Named functions for other folders (publishing's article page and editor), in the caller's
// session so they run inside the caller's transaction.
std::optional<Media> find_image(soci::session& sql, Id id);
// Sets an image's texts (trimmed by the caller); returns the event the caller publishes after
// its transaction commits, nullopt when there is no such image (nothing changed).
std::optional<MediaChanged> set_image_text(soci::session& sql, Id id, std::string const& alt,
                                           std::string const& caption, std::string const& credit);

struct LibraryPage {
  std::vector<Media> items;
  long long total = 0;
};

// The media library's rules over its store: the handlers hold no SQL and no sessions.
class MediaLibrary {
 public:
  // events may be null (tools and tests that render nothing).
  MediaLibrary(store::Database& db, EventBus const* events);

  std::optional<Media> find(Id id);
  LibraryPage browse(MediaQuery const& q);
  Id add(Media const& m, UnixTime now);
  // An image from a file on disk (an import), through the upload path (checked by content,
  // decoded, stripped of metadata, resized: upload.hpp) into media_dir's folder of the month of
  // `now`. `within` runs in the row's transaction. A file over limits.max_bytes or not an image
  // is an error and writes nothing.
  using WithinAdd = std::function<Result<Unit>(soci::session&, Id)>;
  Result<Id> add_file(std::filesystem::path const& file, std::filesystem::path const& media_dir,
                      std::string const& alt, UnixTime now, WithinAdd const& within = {},
                      UploadLimits const& limits = {});
  // Publishes MediaChanged after the change commits; NotFound when there is no such image.
  Result<Unit> set_text(Id id, std::string const& alt, std::string const& caption,
                        std::string const& credit);
  // Deletes the image's row, unless an article or a profile shows it (Conflict naming them).
  // The files are the caller's to remove, after this succeeded.
  Result<Unit> remove(Id id);

 private:
  store::Database& db_;
  EventBus const* events_;
};

}  // namespace dossier::media
