#include "media/media_library.hpp"

#include <fstream>
#include <iterator>

#include <fmt/format.h>
#include <soci/soci.h>

#include "core/event_bus.hpp"
#include "media/media_store.hpp"
#include "store/database.hpp"

namespace dossier::media {

namespace msg {
constexpr char const* kNoSuchImage = "There is no such image.";
constexpr char const* kInUse = "This image is still used ({}). Choose another image there first.";
}  // namespace msg

std::optional<Media> find_image(soci::session& sql, Id id) {
  return MediaStore::find(sql, id);
}

std::optional<MediaChanged> set_image_text(soci::session& sql, Id id, std::string const& alt,
                                           std::string const& caption, std::string const& credit) {
  if (!MediaStore::find(sql, id)) return std::nullopt;
  MediaStore::update_text(sql, id, alt, caption, credit);
  MediaChanged changed{id, {}, {}};
  auto uses = MediaStore::uses(sql, id);
  for (auto const& a : uses.articles) changed.article_ids.push_back(a.first);
  for (auto const& p : uses.profiles) changed.profile_ids.push_back(p.first);
  return changed;
}

MediaLibrary::MediaLibrary(store::Database& db, EventBus const* events)
    : db_(db), events_(events) {}

std::optional<Media> MediaLibrary::find(Id id) {
  soci::session sql(db_.pool());
  return MediaStore::find(sql, id);
}

LibraryPage MediaLibrary::browse(MediaQuery const& q) {
  soci::session sql(db_.pool());
  soci::transaction snapshot(sql);  // the count and the page from one snapshot
  LibraryPage page;
  page.total = MediaStore::count(sql, q);
  page.items = MediaStore::list(sql, q);
  return page;
}

Id MediaLibrary::add(Media const& m, UnixTime now) {
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  auto id = MediaStore::insert(sql, m, now);
  tx.commit();
  return id;
}

Result<Id> MediaLibrary::add_file(std::filesystem::path const& file,
                                  std::filesystem::path const& media_dir, std::string const& alt,
                                  UnixTime now, WithinAdd const& within,
                                  UploadLimits const& limits) {
  std::error_code ec;
  auto size = std::filesystem::file_size(file, ec);
  if (ec) return not_found(fmt::format("no file at {}", file.string()));
  if (size > limits.max_bytes)
    return Error{ErrorKind::TooLarge,
                 fmt::format("{} is over {} bytes", file.string(), limits.max_bytes)};
  std::ifstream in(file, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in && !in.eof()) return invalid(fmt::format("{} could not be read", file.string()));
  auto name = file.filename().string();
  auto processed = process_upload(bytes, name, media_dir, now, limits);
  if (!processed) return processed.error();
  auto m = media_of(*processed, name);
  m.alt = alt.substr(0, kMaxImageText);
  auto remove_files = [&] {
    std::filesystem::remove(media_dir / m.file, ec);
    for (auto const& var : m.variants) std::filesystem::remove(media_dir / var.file, ec);
  };
  try {
    soci::session sql(db_.pool());
    store::WriteTransaction tx(sql);
    auto id = MediaStore::insert(sql, m, now);
    if (within)
      if (auto done = within(sql, id); !done) {
        remove_files();
        return done.error();
      }
    tx.commit();
    return id;
  } catch (...) {
    // The files were written before the row: take them away again so nothing is orphaned.
    remove_files();
    throw;
  }
}

Result<Unit> MediaLibrary::set_text(Id id, std::string const& alt, std::string const& caption,
                                    std::string const& credit) {
  std::optional<MediaChanged> changed;
  {
    soci::session sql(db_.pool());
    store::WriteTransaction tx(sql);
    changed = set_image_text(sql, id, alt, caption, credit);
    if (!changed) return not_found(msg::kNoSuchImage);
    tx.commit();
  }
  // After the commit: a page rendered on hearing of the change reads the new text.
  if (events_) events_->publish(*changed);
  return Unit{};
}

Result<Unit> MediaLibrary::remove(Id id) {
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  auto uses = MediaStore::uses(sql, id);
  if (!uses.articles.empty() || !uses.profiles.empty()) {
    std::string list;
    for (auto const& a : uses.articles)
      list += (list.empty() ? "article: " : "; article: ") + a.second;
    for (auto const& p : uses.profiles)
      list += (list.empty() ? "profile: " : "; profile: ") + p.second;
    return Error{ErrorKind::Conflict, fmt::format(msg::kInUse, list)};
  }
  MediaStore::remove(sql, id);
  tx.commit();
  return Unit{};
}

}  // namespace dossier::media
