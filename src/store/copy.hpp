#pragma once

// `dossier db copy` (issue 18): every row of one Dossier database into another, SQLite to
// PostgreSQL or back, with the two schemas at the same version, each made by its own dialect's
// migrations. The tables, their columns and the order their foreign keys need are read from the
// two catalogs, never from a list kept here, so a table a new migration adds is copied with no
// change to this file.

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/database.hpp"

namespace dossier::store {

// Rows inserted per batch (one bulk statement each) and between two progress reports.
inline constexpr std::size_t kCopyBatchRows = 500;

// Where the copy stands, after each batch: `table` is the index-th of `tables`.
struct CopyProgress {
  std::string table;
  std::size_t index = 0;
  std::size_t tables = 0;
  long long table_rows_done = 0;
  long long table_rows = 0;
  long long rows_done = 0;  // over all tables
  long long rows = 0;
  bool table_finished = false;
};

struct CopyOptions {
  std::size_t batch_rows = kCopyBatchRows;
  std::function<void(CopyProgress const&)> progress;
};

struct TableCount {
  std::string table;
  long long source_rows = 0;
  long long target_rows = 0;
};

// A table the copy left out, and why (a view, an FTS5 table or its shadow tables, the
// migrations' own table, an engine-only table with no rows).
struct SkippedTable {
  std::string table;
  std::string reason;
};

struct CopyReport {
  int schema_version = 0;
  std::vector<TableCount> tables;  // in the order they were copied
  std::vector<SkippedTable> skipped;
  long long rows = 0;
  std::chrono::duration<double> elapsed{0};
};

// Readies a target for a copy: a database with no table at all is migrated with its own
// dialect's migrations; one already at the newest schema is left as it is (copy_database then
// checks that it holds no rows); anything else (an older or newer Dossier schema, or tables
// that are not Dossier's) is refused before anything is written.
Result<Unit> prepare_copy_target(Database& target);

// Copies every row of `source` into `target` in one transaction on the target, read from one
// snapshot of the source, so a failure at any point leaves the target as it was and a server
// may keep writing to the source meanwhile. Refused, with nothing written:
//  - either schema not at the newest version this binary knows (Conflict);
//  - a target that holds rows (Conflict), other than the rows migrations insert themselves
//    (the tables a migration of the target's dialect INSERTs into: default newsletter lists,
//    the listing counters, the change counter), which are replaced by the source's;
//  - a source table or column the target lacks (Invalid): its rows would be lost.
// At the end the rows of every table are counted on both sides, inside the transaction; any
// difference rolls the copy back. On PostgreSQL every identity sequence is moved past the
// copied ids. The search index is not rebuilt here: its tables are copied as they are, and the
// caller rebuilds the index with the target's own SearchIndex.
Result<CopyReport> copy_database(Database& source, Database& target,
                                 CopyOptions const& options = {});

}  // namespace dossier::store
