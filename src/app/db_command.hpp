#pragma once

#include <string>

#include "app/app.hpp"

namespace dossier::app {

// `dossier db copy --to URL` copies the data directory's database into a new, empty database
// at URL (a SQLite site onto PostgreSQL); `dossier db copy --from URL` copies the database at
// URL into the data directory's SQLite file, which must be new or empty (and back). Counts per
// table are checked at the end, and printed.
struct DbCopyCommand {
  std::string to;
  std::string from;
};
int run_db_copy(GlobalOptions const& g, DbCopyCommand const& command);

}  // namespace dossier::app
