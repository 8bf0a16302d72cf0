#pragma once

#include <string>

#include "app/app.hpp"

namespace dossier::app {

// `dossier backup FILE [--force] [--with-media DIR]`: a consistent copy of the database,
// made while a server writes to it.
struct BackupCommand {
  std::string file;
  bool force = false;      // replace an existing FILE
  std::string media_copy;  // set: also copy DATA/media into this folder
};
int run_backup(GlobalOptions const& g, BackupCommand const& command);

// `dossier restore FILE`: puts a backup in place of the data directory's database, refused
// while a server runs on it.
struct RestoreCommand {
  std::string file;
};
int run_restore(GlobalOptions const& g, RestoreCommand const& command);

}  // namespace dossier::app
