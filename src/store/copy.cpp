#include "store/copy.hpp"

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include <fmt/format.h>
#include <soci/soci.h>

#include "store/migrations.hpp"

namespace dossier::store {

namespace {

// Catalog queries return a few dozen rows; they are fetched in batches of this many.
constexpr std::size_t kCatalogBatch = 256;

// How a column's values travel: as SOCI's long long, double or string. Every column Dossier's
// schema has is one of these (INTEGER/BIGINT, REAL, TEXT/citext).
enum class Kind { Integer, Real, Text };

struct Column {
  std::string name;
  Kind kind = Kind::Text;
  bool nullable = true;
  bool identity_always = false;  // PostgreSQL GENERATED ALWAYS AS IDENTITY
  bool has_sequence = false;     // PostgreSQL identity or serial: moved past the copied ids
};

struct ForeignKey {
  std::string parent;
  std::vector<std::string> columns;
};

struct Table {
  std::string name;
  std::vector<Column> columns;
  std::vector<std::string> primary_key;
  std::vector<ForeignKey> foreign_keys;
  Column const* column(std::string const& name) const {
    for (auto const& c : columns)
      if (c.name == name) return &c;
    return nullptr;
  }
};

struct Catalog {
  std::map<std::string, Table> tables;
  std::vector<SkippedTable> skipped;
};

// A table or column name in a statement: an SQL delimited identifier, with any double quote
// inside doubled (SQL:2016 5.2 <delimited identifier>; SQLite and PostgreSQL both follow it).
std::string identifier(std::string const& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// SQLite's column affinity from the declared type (https://sqlite.org/datatype3.html, 3.1:
// "INT" anywhere is INTEGER; then CHAR, CLOB or TEXT is TEXT; REAL, FLOA or DOUB is REAL).
// A NUMERIC or untyped column has none of Dossier's values, and travels as text.
Kind sqlite_kind(std::string const& declared) {
  auto type = lower(declared);
  if (type.find("int") != std::string::npos) return Kind::Integer;
  if (type.find("char") != std::string::npos || type.find("clob") != std::string::npos ||
      type.find("text") != std::string::npos)
    return Kind::Text;
  if (type.find("real") != std::string::npos || type.find("floa") != std::string::npos ||
      type.find("doub") != std::string::npos)
    return Kind::Real;
  return Kind::Text;
}

// information_schema.columns.data_type of a PostgreSQL column.
Kind postgres_kind(std::string const& data_type) {
  if (data_type == "smallint" || data_type == "integer" || data_type == "bigint")
    return Kind::Integer;
  if (data_type == "real" || data_type == "double precision" || data_type == "numeric")
    return Kind::Real;
  return Kind::Text;  // text, character varying, citext ("USER-DEFINED")
}

// Runs a catalog query with string columns and calls `row` with each row's values.
template <typename Row>
void each_row(soci::session& sql, std::string const& query, std::size_t width, Row row,
              std::vector<std::string> const& params = {}) {
  std::vector<std::vector<std::string>> columns(width, std::vector<std::string>(kCatalogBatch));
  std::vector<std::vector<soci::indicator>> nulls(width,
                                                  std::vector<soci::indicator>(kCatalogBatch));
  std::vector<std::string> bound = params;
  soci::statement st(sql);
  for (std::size_t i = 0; i < width; ++i) st.exchange(soci::into(columns[i], nulls[i]));
  for (auto& p : bound) st.exchange(soci::use(p));
  st.alloc();
  st.prepare(query);
  st.define_and_bind();
  st.execute();
  while (st.fetch()) {
    for (std::size_t r = 0; r < columns[0].size(); ++r) {
      std::vector<std::string> values(width);
      for (std::size_t i = 0; i < width; ++i)
        if (nulls[i][r] == soci::i_ok) values[i] = columns[i][r];
      row(values);
    }
    for (std::size_t i = 0; i < width; ++i) {
      columns[i].resize(kCatalogBatch);
      nulls[i].resize(kCatalogBatch);
    }
  }
}

Catalog read_sqlite_catalog(soci::session& sql) {
  Catalog catalog;
  std::vector<std::string> names;
  // PRAGMA table_list (SQLite 3.37) tells tables from views, virtual tables and the shadow
  // tables a virtual table keeps its data in.
  each_row(
      sql, "SELECT name, type FROM pragma_table_list WHERE schema = 'main' ORDER BY name", 2,
      [&](std::vector<std::string> const& r) {
        auto const& name = r[0];
        auto const& type = r[1];
        if (name.starts_with("sqlite_")) return;  // the engine's own (schema, sequences, stats)
        if (name == "schema_migrations") {
          catalog.skipped.push_back({name, "the target's migrations fill its own"});
        } else if (type == "view") {
          catalog.skipped.push_back({name, "a view: the target's migrations define it"});
        } else if (type == "virtual") {
          catalog.skipped.push_back(
              {name, "an SQLite virtual table (FTS5): rebuilt from the copied tables"});
        } else if (type == "shadow") {
          catalog.skipped.push_back({name, "an FTS5 shadow table: rebuilt with its virtual table"});
        } else if (type == "table") {
          names.push_back(name);
        } else {
          throw std::runtime_error(
              fmt::format("table {} is of a kind ({}) the copy does not know", name, type));
        }
      });
  for (auto const& name : names) {
    Table t;
    t.name = name;
    std::vector<std::pair<int, std::string>> key;
    each_row(sql, "SELECT name, type, \"notnull\", pk FROM pragma_table_info(:t) ORDER BY cid", 4,
             [&](std::vector<std::string> const& r) {
               Column c;
               c.name = r[0];
               c.kind = sqlite_kind(r[1]);
               c.nullable = r[2] == "0";
               if (r[3] != "0") key.emplace_back(std::stoi(r[3]), c.name);
               t.columns.push_back(c);
             },
             {name});
    std::sort(key.begin(), key.end());
    for (auto const& [position, column] : key) t.primary_key.push_back(column);
    std::map<std::string, ForeignKey> keys;
    each_row(sql,
             "SELECT id, \"table\", \"from\" FROM pragma_foreign_key_list(:t) ORDER BY id, seq", 3,
             [&](std::vector<std::string> const& r) {
               auto& fk = keys[r[0]];
               fk.parent = r[1];
               fk.columns.push_back(r[2]);
             },
             {name});
    for (auto& [id, fk] : keys) t.foreign_keys.push_back(std::move(fk));
    catalog.tables.emplace(name, std::move(t));
  }
  return catalog;
}

Catalog read_postgres_catalog(soci::session& sql) {
  Catalog catalog;
  std::vector<std::string> names;
  // Base tables only: views are not in information_schema.tables as BASE TABLE, and
  // PostgreSQL keeps a search index inside its table (a tsvector column and a GIN index).
  each_row(sql,
           "SELECT table_name, table_type FROM information_schema.tables"
           " WHERE table_schema = current_schema() ORDER BY table_name",
           2, [&](std::vector<std::string> const& r) {
             if (r[0] == "schema_migrations")
               catalog.skipped.push_back({r[0], "the target's migrations fill its own"});
             else if (r[1] == "VIEW")
               catalog.skipped.push_back({r[0], "a view: the target's migrations define it"});
             else if (r[1] == "BASE TABLE")
               names.push_back(r[0]);
             else
               throw std::runtime_error(
                   fmt::format("table {} is of a kind ({}) the copy does not know", r[0], r[1]));
           });
  for (auto const& name : names) {
    Table t;
    t.name = name;
    each_row(sql,
             "SELECT column_name, data_type, is_nullable, is_identity,"
             " COALESCE(identity_generation, ''), is_generated,"
             " CASE WHEN column_default LIKE 'nextval(%' THEN 'YES' ELSE 'NO' END"
             " FROM information_schema.columns"
             " WHERE table_schema = current_schema() AND table_name = :t ORDER BY ordinal_position",
             7,
             [&](std::vector<std::string> const& r) {
               // A generated column and a tsvector are computed from the row's other columns (the
               // search index's document): the target computes them again.
               if (r[5] == "ALWAYS" || r[1] == "tsvector") return;
               Column c;
               c.name = r[0];
               c.kind = postgres_kind(r[1]);
               c.nullable = r[2] == "YES";
               c.identity_always = r[4] == "ALWAYS";
               c.has_sequence = r[3] == "YES" || r[6] == "YES";
               t.columns.push_back(c);
             },
             {name});
    each_row(sql,
             "SELECT a.attname FROM pg_constraint c"
             " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)"
             " WHERE c.contype = 'p' AND c.conrelid = to_regclass(quote_ident(:t))"
             " ORDER BY array_position(c.conkey, a.attnum)",
             1, [&](std::vector<std::string> const& r) { t.primary_key.push_back(r[0]); }, {name});
    std::map<std::string, ForeignKey> keys;
    each_row(sql,
             "SELECT c.conname, p.relname, a.attname FROM pg_constraint c"
             " JOIN pg_class p ON p.oid = c.confrelid"
             " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)"
             " WHERE c.contype = 'f' AND c.conrelid = to_regclass(quote_ident(:t))"
             " ORDER BY c.conname, array_position(c.conkey, a.attnum)",
             3,
             [&](std::vector<std::string> const& r) {
               auto& fk = keys[r[0]];
               fk.parent = r[1];
               fk.columns.push_back(r[2]);
             },
             {name});
    for (auto& [id, fk] : keys) t.foreign_keys.push_back(std::move(fk));
    catalog.tables.emplace(name, std::move(t));
  }
  return catalog;
}

Catalog read_catalog(soci::session& sql, Dialect dialect) {
  return dialect == Dialect::Sqlite ? read_sqlite_catalog(sql) : read_postgres_catalog(sql);
}

// The tables the target's own migrations put rows in (the default newsletter lists, the
// listing counters, the change counter), read from the migrations' text so that a new
// migration's seed rows are known without a list here.
std::set<std::string> seeded_tables(Dialect dialect) {
  static std::regex const insert(R"(INSERT\s+INTO\s+([A-Za-z_][A-Za-z0-9_]*))", std::regex::icase);
  std::set<std::string> out;
  for (auto const& m : embedded_migrations(dialect))
    for (std::sregex_iterator it(m.sql.begin(), m.sql.end(), insert), end; it != end; ++it)
      out.insert(lower((*it)[1].str()));
  return out;
}

long long count_rows(soci::session& sql, std::string const& table) {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM " + identifier(table), soci::into(n);
  return n;
}

// A foreign key whose rows cannot all be inserted before their children's: a table pointing
// at itself (a comment's parent) or one edge of a cycle (media's uploader is a user, a user's
// photo is a media row). Its columns are inserted as NULL, then set once every table is in.
struct Deferred {
  std::string table;
  std::vector<std::string> columns;
};

struct Plan {
  std::vector<std::string> order;
  std::vector<Deferred> deferred;
};

// Orders the tables so that a row's parents are inserted before it (Kahn's algorithm over
// the target's foreign keys). A cycle is broken at a key whose columns may be NULL.
Result<Plan> plan_order(Catalog const& target) {
  Plan plan;
  std::set<std::string> placed;
  std::set<std::pair<std::string, std::size_t>> deferred;  // (table, index of its key)
  auto waits_on = [&](Table const& t) {
    for (std::size_t i = 0; i < t.foreign_keys.size(); ++i) {
      auto const& fk = t.foreign_keys[i];
      if (fk.parent == t.name || deferred.count({t.name, i})) continue;
      if (!placed.count(fk.parent) && target.tables.count(fk.parent)) return true;
    }
    return false;
  };
  auto nullable = [](Table const& t, ForeignKey const& fk) {
    return std::all_of(fk.columns.begin(), fk.columns.end(), [&](auto const& c) {
      auto const* col = t.column(c);
      return col && col->nullable;
    });
  };
  // A key to itself is always deferred when it may be NULL; one that may not is left to the
  // primary-key order the rows are copied in.
  for (auto const& [name, t] : target.tables)
    for (std::size_t i = 0; i < t.foreign_keys.size(); ++i)
      if (t.foreign_keys[i].parent == name && nullable(t, t.foreign_keys[i]))
        deferred.insert({name, i});
  while (placed.size() < target.tables.size()) {
    bool progressed = false;
    for (auto const& [name, t] : target.tables) {
      if (placed.count(name) || waits_on(t)) continue;
      plan.order.push_back(name);
      placed.insert(name);
      progressed = true;
    }
    if (progressed) continue;
    bool broken = false;
    for (auto const& [name, t] : target.tables) {
      if (placed.count(name)) continue;
      for (std::size_t i = 0; i < t.foreign_keys.size() && !broken; ++i) {
        auto const& fk = t.foreign_keys[i];
        if (placed.count(fk.parent) || deferred.count({name, i}) || !nullable(t, fk)) continue;
        deferred.insert({name, i});
        broken = true;
      }
      if (broken) break;
    }
    if (!broken)
      return invalid("the target's foreign keys form a cycle with no column that may be NULL");
  }
  for (auto const& [key, index] : deferred)
    plan.deferred.push_back({key, target.tables.at(key).foreign_keys[index].columns});
  return plan;
}

// One column's values for a batch of rows, read from the source and written to the target.
struct Buffer {
  Kind kind = Kind::Text;
  std::vector<long long> ints;
  std::vector<double> reals;
  std::vector<std::string> texts;
  std::vector<soci::indicator> nulls;

  void resize(std::size_t n) {
    nulls.resize(n);
    if (kind == Kind::Integer) ints.resize(n);
    if (kind == Kind::Real) reals.resize(n);
    if (kind == Kind::Text) texts.resize(n);
  }
  std::size_t size() const { return nulls.size(); }
  void into(soci::statement& st) {
    if (kind == Kind::Integer) st.exchange(soci::into(ints, nulls));
    if (kind == Kind::Real) st.exchange(soci::into(reals, nulls));
    if (kind == Kind::Text) st.exchange(soci::into(texts, nulls));
  }
  void use(soci::statement& st) {
    if (kind == Kind::Integer) st.exchange(soci::use(ints, nulls));
    if (kind == Kind::Real) st.exchange(soci::use(reals, nulls));
    if (kind == Kind::Text) st.exchange(soci::use(texts, nulls));
  }
  void append(Buffer const& from, std::size_t row) {
    nulls.push_back(from.nulls[row]);
    if (kind == Kind::Integer) ints.push_back(from.ints[row]);
    if (kind == Kind::Real) reals.push_back(from.reals[row]);
    if (kind == Kind::Text) texts.push_back(from.texts[row]);
  }
};

// Binds a list of buffers to a statement and runs it once for all their rows.
void run_bulk(soci::session& sql, std::string const& text, std::vector<Buffer*> const& buffers) {
  if (buffers.empty() || buffers.front()->size() == 0) return;
  soci::statement st(sql);
  for (auto* b : buffers) b->use(st);
  st.alloc();
  st.prepare(text);
  st.define_and_bind();
  st.execute(true);
}

// A consistent read of the whole source: SQLite's read transaction sees one snapshot from
// its first read (https://sqlite.org/isolation.html); PostgreSQL's REPEATABLE READ does the
// same from the first statement. Nothing is written, so it ends with ROLLBACK.
class ReadSnapshot {
 public:
  ReadSnapshot(soci::session& sql, Dialect dialect) : sql_(sql) {
    sql_ << (dialect == Dialect::Postgres ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
                                          : "BEGIN");
  }
  ~ReadSnapshot() {
    try {
      sql_ << "ROLLBACK";
    } catch (...) {
      // A destructor must not throw; the session is closed with its Database.
    }
  }
  ReadSnapshot(ReadSnapshot const&) = delete;
  ReadSnapshot& operator=(ReadSnapshot const&) = delete;

 private:
  soci::session& sql_;
};

std::string joined(std::vector<std::string> const& names, std::string const& separator,
                   std::string const& suffix = "") {
  std::string out;
  for (auto const& n : names) {
    if (!out.empty()) out += separator;
    out += identifier(n) + suffix;
  }
  return out;
}

int newest(Dialect dialect) {
  auto const& m = embedded_migrations(dialect);
  return m.empty() ? 0 : m.back().version;
}

char const* name_of(Dialect dialect) {
  return dialect == Dialect::Sqlite ? "SQLite" : "PostgreSQL";
}

Result<Unit> check_version(soci::session& sql, Dialect dialect, char const* side) {
  int version = schema_version(sql);
  int known = newest(dialect);
  if (version == known) return Unit{};
  return Error{ErrorKind::Conflict,
               version < known
                   ? fmt::format("the {} database's schema is version {}, older than this "
                                 "binary's ({}); run `dossier init` on it first",
                                 side, version, known)
                   : fmt::format("the {} database's schema is version {}, newer than this "
                                 "binary knows ({}); upgrade dossier first",
                                 side, version, known)};
}

Result<CopyReport> copy(Database& source, Database& target, CopyOptions const& options) {
  auto started = std::chrono::steady_clock::now();
  CopyReport report;
  soci::session in(source.pool());
  soci::session out(target.pool());
  if (auto ok = check_version(in, source.dialect(), "source"); !ok) return ok.error();
  if (auto ok = check_version(out, target.dialect(), "target"); !ok) return ok.error();
  report.schema_version = newest(target.dialect());

  ReadSnapshot snapshot(in, source.dialect());
  auto from = read_catalog(in, source.dialect());
  WriteTransaction tx(out);
  auto to = read_catalog(out, target.dialect());
  report.skipped = from.skipped;

  // Every source table and column must have a place in the target: a row or value left
  // behind would be lost without a word. A source table with no rows loses nothing (an
  // engine-only table, such as PostgreSQL's shared rate limits, copied back to SQLite).
  std::map<std::string, long long> source_rows;
  for (auto const& [name, t] : from.tables) {
    source_rows[name] = count_rows(in, name);
    if (!to.tables.count(name)) {
      if (source_rows[name] == 0) {
        report.skipped.push_back({name, "only in the source's engine, and empty"});
        continue;
      }
      return invalid(fmt::format(
          "table {} ({} rows) is in the source but not in the target's schema; both must be "
          "made by this binary's migrations",
          name, source_rows[name]));
    }
    for (auto const& c : t.columns)
      if (!to.tables.at(name).column(c.name))
        return invalid(fmt::format("column {}.{} is in the source but not in the target's schema",
                                   name, c.name));
  }

  // The target must hold nothing but what its migrations inserted; those rows are replaced.
  auto seeded = seeded_tables(target.dialect());
  std::vector<std::string> holding;
  for (auto const& [name, t] : to.tables)
    if (!seeded.count(name) && count_rows(out, name) > 0) holding.push_back(name);
  if (!holding.empty()) {
    std::string list;
    for (auto const& h : holding) list += (list.empty() ? "" : ", ") + h;
    return Error{ErrorKind::Conflict,
                 fmt::format("the target database is not empty (rows in {}); copy into a new, "
                             "empty database",
                             list)};
  }

  auto plan = plan_order(to);
  if (!plan) return plan.error();
  // Children first, so no foreign key points at a deleted row.
  for (auto it = plan->order.rbegin(); it != plan->order.rend(); ++it)
    if (seeded.count(*it)) out << "DELETE FROM " + identifier(*it);

  long long total = 0;
  for (auto const& name : plan->order)
    if (from.tables.count(name)) total += source_rows[name];

  struct Pending {
    std::string table;
    std::vector<std::string> key;
    std::vector<std::string> columns;
    std::vector<Buffer> values;  // key columns, then the deferred columns
  };
  std::vector<Pending> pending;

  long long done = 0;
  std::size_t index = 0;
  for (auto const& name : plan->order) {
    ++index;
    auto const& dest = to.tables.at(name);
    if (!from.tables.count(name)) {
      report.skipped.push_back({name, "only in the target's engine"});
      continue;
    }
    auto const& src = from.tables.at(name);
    std::vector<std::string> names;
    std::vector<Buffer> buffers;
    bool overriding = false;
    for (auto const& c : src.columns) {
      auto const* d = dest.column(c.name);
      names.push_back(c.name);
      Buffer b;
      b.kind = d->kind;
      buffers.push_back(std::move(b));
      overriding = overriding || d->identity_always;
    }
    // The deferred keys of this table: their columns go in as NULL, and are set at the end.
    std::vector<std::size_t> later;  // indexes into names
    Pending p;
    p.table = name;
    p.key = dest.primary_key;
    for (auto const& d : plan->deferred) {
      if (d.table != name) continue;
      for (auto const& c : d.columns) {
        auto at = std::find(names.begin(), names.end(), c);
        if (at == names.end()) continue;
        auto i = static_cast<std::size_t>(at - names.begin());
        if (std::find(later.begin(), later.end(), i) != later.end()) continue;
        later.push_back(i);
        p.columns.push_back(c);
      }
    }
    std::vector<std::size_t> key_at;
    if (!later.empty()) {
      if (p.key.empty())
        return invalid(fmt::format("table {} refers to itself but has no primary key", name));
      for (auto const& k : p.key)
        key_at.push_back(
            static_cast<std::size_t>(std::find(names.begin(), names.end(), k) - names.begin()));
      for (auto i : key_at) p.values.push_back(Buffer{buffers[i].kind, {}, {}, {}, {}});
      for (auto i : later) p.values.push_back(Buffer{buffers[i].kind, {}, {}, {}, {}});
    }

    std::string select = "SELECT " + joined(names, ", ") + " FROM " + identifier(name);
    if (!src.primary_key.empty()) select += " ORDER BY " + joined(src.primary_key, ", ");
    std::string insert = "INSERT INTO " + identifier(name) + " (" + joined(names, ", ") + ")" +
                         (overriding ? " OVERRIDING SYSTEM VALUE" : "") + " VALUES (";
    for (std::size_t i = 0; i < names.size(); ++i)
      insert += fmt::format("{}:v{}", i ? ", " : "", i);
    insert += ")";

    for (auto& b : buffers) b.resize(options.batch_rows);
    soci::statement reader(in);
    for (auto& b : buffers) b.into(reader);
    reader.alloc();
    reader.prepare(select);
    reader.define_and_bind();
    reader.execute();
    long long table_done = 0;
    std::vector<Buffer*> bound;
    for (auto& b : buffers) bound.push_back(&b);
    while (reader.fetch()) {
      auto rows = buffers.front().size();
      for (std::size_t r = 0; r < rows; ++r) {
        bool any = false;
        for (auto i : later) any = any || buffers[i].nulls[r] == soci::i_ok;
        if (!any) continue;
        std::size_t v = 0;
        for (auto i : key_at) p.values[v++].append(buffers[i], r);
        for (auto i : later) {
          p.values[v++].append(buffers[i], r);
          buffers[i].nulls[r] = soci::i_null;
        }
      }
      run_bulk(out, insert, bound);
      table_done += static_cast<long long>(rows);
      done += static_cast<long long>(rows);
      if (options.progress)
        options.progress(
            {name, index, plan->order.size(), table_done, source_rows[name], done, total, false});
      for (auto& b : buffers) b.resize(options.batch_rows);
    }
    if (table_done != source_rows[name])
      return Error{ErrorKind::Internal,
                   fmt::format("table {}: read {} rows of the {} counted; nothing was copied", name,
                               table_done, source_rows[name])};
    if (options.progress)
      options.progress(
          {name, index, plan->order.size(), table_done, source_rows[name], done, total, true});
    if (!p.values.empty() && p.values.front().size() > 0) pending.push_back(std::move(p));
  }

  // The deferred keys, now that every row they may point at is in.
  for (auto& p : pending) {
    std::string update = "UPDATE " + identifier(p.table) + " SET ";
    for (std::size_t i = 0; i < p.columns.size(); ++i)
      update += fmt::format("{}{} = :s{}", i ? ", " : "", identifier(p.columns[i]), i);
    update += " WHERE ";
    for (std::size_t i = 0; i < p.key.size(); ++i)
      update += fmt::format("{}{} = :k{}", i ? " AND " : "", identifier(p.key[i]), i);
    // The statement names the set columns first: bind in that order.
    std::vector<Buffer*> bound;
    for (std::size_t i = 0; i < p.columns.size(); ++i) bound.push_back(&p.values[p.key.size() + i]);
    for (std::size_t i = 0; i < p.key.size(); ++i) bound.push_back(&p.values[i]);
    run_bulk(out, update, bound);
  }

  // A new row on the target takes the next number of its identity sequence, which the copied
  // ids did not move: set it past the largest copied id.
  if (target.dialect() == Dialect::Postgres) {
    for (auto const& [name, t] : to.tables)
      for (auto const& c : t.columns) {
        if (!c.has_sequence) continue;
        long long next = 0;
        // SOCI binds by reference: the quoted name must outlive the statement.
        auto quoted_table = identifier(name);
        out << "SELECT setval(pg_get_serial_sequence(:t, :c), COALESCE(MAX(" + identifier(c.name) +
                   "), 0) + 1, false) FROM " + quoted_table,
            soci::use(quoted_table), soci::use(c.name), soci::into(next);
      }
  }

  // Counted again on both sides, inside both transactions: a difference rolls it all back.
  std::vector<std::string> differences;
  for (auto const& name : plan->order) {
    if (!from.tables.count(name)) continue;
    TableCount count{name, count_rows(in, name), count_rows(out, name)};
    if (count.source_rows != count.target_rows)
      differences.push_back(fmt::format("{} ({} in the source, {} in the target)", name,
                                        count.source_rows, count.target_rows));
    report.rows += count.target_rows;
    report.tables.push_back(count);
  }
  if (!differences.empty()) {
    std::string list;
    for (auto const& d : differences) list += (list.empty() ? "" : "; ") + d;
    return Error{ErrorKind::Internal,
                 "the row counts differ after the copy, which was rolled back: " + list};
  }
  tx.commit();
  report.elapsed = std::chrono::steady_clock::now() - started;
  return report;
}

}  // namespace

Result<Unit> prepare_copy_target(Database& target) {
  try {
    soci::session sql(target.pool());
    auto catalog = read_catalog(sql, target.dialect());
    bool migrated = std::any_of(catalog.skipped.begin(), catalog.skipped.end(),
                                [](auto const& s) { return s.table == "schema_migrations"; });
    if (!migrated) {
      if (!catalog.tables.empty())
        return Error{ErrorKind::Conflict,
                     fmt::format("the target database has tables that are not a Dossier schema "
                                 "({} and more); copy into a new, empty database",
                                 catalog.tables.begin()->first)};
      auto done = migrate(sql, embedded_migrations(target.dialect()));
      if (!done) return done.error();
      return Unit{};
    }
    if (auto ok = check_version(sql, target.dialect(), "target"); !ok) return ok.error();
    return Unit{};
  } catch (std::exception const& e) {
    return Error{ErrorKind::Internal, fmt::format("cannot prepare the {} target: {}",
                                                  name_of(target.dialect()), e.what())};
  }
}

Result<CopyReport> copy_database(Database& source, Database& target, CopyOptions const& options) {
  try {
    return copy(source, target, options);
  } catch (std::exception const& e) {
    // Both transactions were rolled back as the exception left copy(): nothing was written.
    return Error{ErrorKind::Internal,
                 fmt::format("the copy from {} to {} failed and was rolled back: {}",
                             name_of(source.dialect()), name_of(target.dialect()), e.what())};
  }
}

}  // namespace dossier::store
