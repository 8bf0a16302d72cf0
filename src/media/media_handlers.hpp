#pragma once

#include <filesystem>
#include <memory>

#include "admin/newsroom.hpp"
#include "media/media.hpp"
#include "media/media_library.hpp"
#include "media/media_pool.hpp"
#include "media/upload.hpp"

namespace dossier::store {
class Database;
}

namespace dossier::media {

struct MediaContext {
  admin::Newsroom& newsroom;
  store::Database& db;
  std::filesystem::path media_dir;
  UploadLimits limits;
  std::function<UnixTime()> clock;
  // Where media::MediaChanged goes after an image's text changes (the page cache listens);
  // may be null.
  EventBus const* events = nullptr;
  // Where uploads are converted (serve wires one sized by the configuration); without one the
  // handlers make their own with the default options. Never the request's own thread.
  MediaPool* pool = nullptr;
};

constexpr std::size_t kMaxMediaText = 1000;  // alt, caption, credit

// The media library: upload, list and search, edit alt text, caption and credit, delete.
class MediaHandlers {
 public:
  explicit MediaHandlers(MediaContext ctx);

  http::Response library(admin::Visit& v);
  http::Response upload(admin::Visit& v);
  http::Response edit(admin::Visit& v);
  http::Response destroy(admin::Visit& v);

 private:
  http::Response page(admin::Visit& v, int status, std::string const& error,
                      std::string const& notice);
  std::optional<Media> media_of(admin::Visit& v);
  http::Response refused(admin::Visit& v, Refusal why);
  MediaContext ctx_;
  MediaLibrary library_;
  std::unique_ptr<MediaPool> own_pool_;
  MediaPool* pool_;
};

}  // namespace dossier::media
