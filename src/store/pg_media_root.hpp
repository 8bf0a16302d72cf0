#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "core/result.hpp"
#include "core/time.hpp"

namespace dossier::store {

class Database;

// The file in a media root that names it: one line, the id the database's media_root row holds.
constexpr char const* kMediaRootMarker = ".dossier-media-root";
// How long a server that lost the race to name the media root waits for the winner's marker.
constexpr std::chrono::milliseconds kMarkerWait{5000};

// Several servers on one PostgreSQL database serve uploads from one shared directory (issue
// 18): each must see the same files. The first server to start names the directory (a random
// id in the media_root row and in the marker file); every server checks at start-up that its
// media root holds the marker with the database's id, and refuses to start otherwise: a
// server with a media root of its own would accept uploads the others cannot serve. A media
// root that already has a marker and a database without the row (a site copied over) keeps
// the marker's id. Ok(id), or Conflict with a message naming the directory.
Result<std::string> check_shared_media_root(Database& db, std::filesystem::path const& media_root,
                                            UnixTime now,
                                            std::chrono::milliseconds wait = kMarkerWait);

}  // namespace dossier::store
