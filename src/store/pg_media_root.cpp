#include "store/pg_media_root.hpp"

#include <fstream>
#include <optional>
#include <random>
#include <system_error>
#include <thread>

#include <fmt/format.h>
#include <soci/soci.h>

#include "store/database.hpp"

namespace dossier::store {

namespace {

constexpr std::chrono::milliseconds kMarkerPoll{100};

std::optional<std::string> read_marker(std::filesystem::path const& file) {
  std::ifstream in(file);
  std::string id;
  if (!in || !std::getline(in, id) || id.empty()) return std::nullopt;
  return id;
}

// Written beside the marker, then renamed over it, so no server ever reads half an id.
bool write_marker(std::filesystem::path const& file, std::string const& id) {
  auto temporary = file;
  temporary += ".new";
  {
    std::ofstream out(temporary, std::ios::trunc);
    if (!(out << id << '\n')) return false;
  }
  std::error_code ec;
  std::filesystem::rename(temporary, file, ec);
  return !ec;
}

std::optional<std::string> row_id(soci::session& sql) {
  std::string id;
  soci::indicator ind = soci::i_null;
  sql << "SELECT marker FROM media_root WHERE id = 1", soci::into(id, ind);
  if (!sql.got_data() || ind != soci::i_ok) return std::nullopt;
  return id;
}

std::string random_id() {
  std::random_device rd;
  return fmt::format("{:08x}{:08x}{:08x}{:08x}", rd(), rd(), rd(), rd());
}

}  // namespace

Result<std::string> check_shared_media_root(Database& db, std::filesystem::path const& media_root,
                                            UnixTime now, std::chrono::milliseconds wait) {
  std::error_code ec;
  std::filesystem::create_directories(media_root, ec);
  if (ec)
    return Error{ErrorKind::Conflict, fmt::format("cannot create the media directory {}: {}",
                                                  media_root.string(), ec.message())};
  auto marker_file = media_root / kMediaRootMarker;
  auto on_disk = read_marker(marker_file);
  soci::session sql(db.pool());
  auto in_database = row_id(sql);
  if (!in_database) {
    auto id = on_disk.value_or(random_id());
    long long t = now;
    soci::statement st = (sql.prepare << "INSERT INTO media_root (id, marker, created_at)"
                                         " VALUES (1, :m, :t) ON CONFLICT (id) DO NOTHING",
                          soci::use(id), soci::use(t));
    st.execute(true);
    // Only the server whose row went in names the directory; one that lost the race waits
    // below for the winner's marker (and refuses if its media root is another directory).
    if (st.get_affected_rows() == 1 && !on_disk && !write_marker(marker_file, id))
      return Error{ErrorKind::Conflict, fmt::format("cannot write {} in the media directory {}",
                                                    kMediaRootMarker, media_root.string())};
    in_database = row_id(sql);
    if (!in_database) return Error{ErrorKind::Internal, "the media_root row did not stay"};
  }
  auto deadline = std::chrono::steady_clock::now() + wait;
  while (true) {
    on_disk = read_marker(marker_file);
    if (on_disk == in_database) return *in_database;
    if (on_disk)
      return Error{ErrorKind::Conflict,
                   fmt::format("the media directory {} belongs to another site (its {} holds {}, "
                               "this database's media directory is {}): every server on one "
                               "database must use the same shared media directory",
                               media_root.string(), kMediaRootMarker, *on_disk, *in_database)};
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(kMarkerPoll);
  }
  return Error{ErrorKind::Conflict,
               fmt::format("the media directory {} is not the one the other servers share: it "
                           "holds no {} file with this database's id {}. Every server on one "
                           "database must see the same media directory (a shared mount at "
                           "DATA/media)",
                           media_root.string(), kMediaRootMarker, *in_database)};
}

}  // namespace dossier::store
