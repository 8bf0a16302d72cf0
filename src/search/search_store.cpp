#include "search/search_store.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <soci/soci.h>
#include <sqlite3.h>

#include "search/fts5_ranking.hpp"
#include "store/database.hpp"

namespace dossier::search {

namespace {

// Prepares and runs `st` (its into()s and use()s already given) to its first row.
void run(soci::statement& st, std::string const& query) {
  st.alloc();
  st.prepare(query);
  st.define_and_bind();
  st.execute(false);
}

// ":i0, :i1, ..." for an IN list of `count` values.
std::string id_placeholders(std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += fmt::format("{}:i{}", i == 0 ? "" : ", ", i);
  return out;
}

}  // namespace

void SearchStore::remove_document(soci::session& sql, Id id) {
  sql << "DELETE FROM search_documents WHERE article_id = :id", soci::use(id);
}

void SearchStore::insert_document(soci::session& sql, Id id, Document const& d) {
  sql << "INSERT INTO search_documents (article_id, title, dek, author, taxonomy, facets, body)"
         " VALUES (:id, :title, :dek, :author, :taxonomy, :facets, :body)",
      soci::use(id), soci::use(d.title), soci::use(d.dek), soci::use(d.author),
      soci::use(d.taxonomy), soci::use(d.facets), soci::use(d.body);
}

std::vector<WindowRow> SearchStore::window(soci::session& sql, MatchConditions const& c,
                                           std::size_t limit) {
  bool text = !c.match.empty();
  // CROSS JOIN keeps FTS5 as the outer loop (https://sqlite.org/optoverview.html#crossjoin):
  // left to choose, SQLite may walk the articles and run the MATCH once per article. The
  // view is flattened into the query, so the articles are read by primary key as before.
  bool scored = text && c.score;
  // The score is computed for the rows read here and no others: scoring the window in a
  // second MATCH would run the whole expression again (for a phrase, every position of its
  // words).
  std::size_t phrases = scored ? c.score->phrases.size() : 0;
  std::string counts;
  for (std::size_t i = 0; i < phrases; ++i) counts += fmt::format(", :g{0}, :n{0}", i);
  std::string query = text ? fmt::format(
                                 "SELECT a.id, a.kind, a.published_at{} FROM search_index s"
                                 " CROSS JOIN public_articles a ON a.id = s.rowid",
                                 scored ? fmt::format(", {}(search_index, :title, :dek, :author,"
                                                      " :taxonomy, 0, :body{})",
                                                      kRankFunction, counts)
                                        : "")
                           : "SELECT a.id, a.kind, a.published_at FROM public_articles a";
  long long before = c.before.value_or(0), after = c.after.value_or(0);
  auto rows = static_cast<long long>(limit);
  WindowRow row;
  std::vector<WindowRow> out;
  soci::statement st(sql);
  st.exchange(soci::into(row.id));
  st.exchange(soci::into(row.kind));
  st.exchange(soci::into(row.published_at));
  if (scored) {
    st.exchange(soci::into(row.bm25));
    st.exchange(soci::use(c.score->title, "title"));
    st.exchange(soci::use(c.score->dek, "dek"));
    st.exchange(soci::use(c.score->author, "author"));
    st.exchange(soci::use(c.score->taxonomy, "taxonomy"));
    st.exchange(soci::use(c.score->body, "body"));
  }
  // Bound by reference: sized once, so they stay where they are until the statement ends.
  std::vector<int> groups(phrases, 0);
  std::vector<long long> documents(phrases, 0);
  std::vector<soci::indicator> known(phrases, soci::i_null);
  for (std::size_t i = 0; i < phrases; ++i) {
    auto const& p = c.score->phrases[i];
    groups[i] = p.group;
    if (p.documents) {
      documents[i] = *p.documents;
      known[i] = soci::i_ok;
    }
    st.exchange(soci::use(groups[i], fmt::format("g{}", i)));
    st.exchange(soci::use(documents[i], known[i], fmt::format("n{}", i)));
  }
  std::vector<char const*> where;
  if (text) {
    where.push_back("search_index MATCH :match");
    st.exchange(soci::use(c.match, "match"));
  }
  if (c.before) {
    where.push_back("a.published_at < :before");
    st.exchange(soci::use(before, "before"));
  }
  if (c.after) {
    where.push_back("a.published_at >= :after");
    st.exchange(soci::use(after, "after"));
  }
  for (std::size_t i = 0; i < where.size(); ++i)
    query += fmt::format(" {} {}", i ? "AND" : "WHERE", where[i]);
  query += text ? " ORDER BY s.rowid DESC" : " ORDER BY a.published_at DESC";
  query += " LIMIT :rows";
  st.exchange(soci::use(rows, "rows"));
  run(st, query);
  while (st.fetch()) out.push_back(row);
  return out;
}

long long SearchStore::count_matches(soci::session& sql, std::string const& match, long long cap) {
  long long counted = 0;
  sql << "SELECT count(*) FROM (SELECT 1 FROM search_index WHERE search_index MATCH :match"
         " LIMIT :cap)",
      soci::use(match, "match"), soci::use(cap, "cap"), soci::into(counted);
  return counted;
}

std::vector<std::pair<Id, std::string>> SearchStore::snippets(soci::session& sql,
                                                              std::string const& match,
                                                              std::vector<Id> const& ids,
                                                              int column, int tokens, bool prefix) {
  std::vector<std::pair<Id, std::string>> out;
  if (ids.empty()) return out;
  if (!prefix) {
    // FTS5 answers `rowid = ?` by seeking each doclist to that row: ten lookups cost less
    // than one pass over the rowid range of a page, which after ranking spans most of the
    // window (and, for a rare phrase, most of the index).
    Id id = 0;
    std::string snippet;
    soci::indicator ind = soci::i_null;
    soci::statement st = (sql.prepare << "SELECT snippet(search_index, :column, char(1), char(2),"
                                         " '…', :tokens) FROM search_index"
                                         " WHERE search_index MATCH :match AND rowid = :id",
                          soci::use(column, "column"), soci::use(tokens, "tokens"),
                          soci::use(match, "match"), soci::use(id, "id"), soci::into(snippet, ind));
    for (auto each : ids) {
      id = each;
      if (st.execute(true) && ind == soci::i_ok) out.emplace_back(each, snippet);
    }
    return out;
  }
  auto [low, high] = std::minmax_element(ids.begin(), ids.end());
  Id first = *low, last = *high;
  Id id = 0;
  std::string snippet;
  soci::indicator ind = soci::i_null;
  soci::statement st(sql);
  st.exchange(soci::into(id));
  st.exchange(soci::into(snippet, ind));
  for (std::size_t i = 0; i < ids.size(); ++i)
    st.exchange(soci::use(ids[i], fmt::format("i{}", i)));
  st.exchange(soci::use(column, "column"));
  st.exchange(soci::use(tokens, "tokens"));
  st.exchange(soci::use(match, "match"));
  st.exchange(soci::use(first, "first"));
  st.exchange(soci::use(last, "last"));
  // One MATCH over the rowid range of the page's articles, with snippet() evaluated for
  // those alone: run once per article, a prefix query would merge its doclists each time
  // (FTS5 reads every term of a prefix in full unless the index has that prefix length).
  run(st, fmt::format("SELECT rowid, CASE WHEN rowid IN ({}) THEN snippet(search_index, :column,"
                      " char(1), char(2), '…', :tokens) END FROM search_index"
                      " WHERE search_index MATCH :match AND rowid BETWEEN :first AND :last",
                      id_placeholders(ids.size())));
  while (st.fetch())
    if (ind == soci::i_ok) out.emplace_back(id, snippet);
  return out;
}

std::optional<std::string> SearchStore::first_snippet(soci::session& sql,
                                                      std::string const& match) {
  std::string snippet;
  soci::indicator ind = soci::i_null;
  sql << "SELECT snippet(search_index, -1, char(1), char(2), '', 1) FROM search_index"
         " WHERE search_index MATCH :match LIMIT 1",
      soci::use(match), soci::into(snippet, ind);
  if (!sql.got_data() || ind != soci::i_ok) return std::nullopt;
  return snippet;
}

std::optional<Document> SearchStore::document(soci::session& sql, Id id) {
  Document d;
  sql << "SELECT title, dek, author, taxonomy, facets, body FROM search_documents"
         " WHERE article_id = :id",
      soci::use(id), soci::into(d.title), soci::into(d.dek), soci::into(d.author),
      soci::into(d.taxonomy), soci::into(d.facets), soci::into(d.body);
  if (!sql.got_data()) return std::nullopt;
  return d;
}

void* SearchStore::fts5_api(void* db) {
  // The documented way to reach the FTS5 API (https://sqlite.org/fts5.html#extending_fts5):
  // SOCI has no pointer binding, so this one statement goes through SQLite's own calls.
  ::fts5_api* api = nullptr;
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(static_cast<sqlite3*>(db), "SELECT fts5(?1)", -1, &statement, nullptr) ==
      SQLITE_OK) {
    sqlite3_bind_pointer(statement, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(statement);
  }
  sqlite3_finalize(statement);
  return api;
}

bool SearchStore::has_documents(soci::session& sql) {
  int any = 0;
  sql << "SELECT EXISTS (SELECT 1 FROM search_documents)", soci::into(any);
  return any == 1;
}

bool SearchStore::has_public_articles(soci::session& sql) {
  int any = 0;
  sql << "SELECT EXISTS (SELECT 1 FROM public_articles)", soci::into(any);
  return any == 1;
}

std::vector<Id> SearchStore::public_ids(soci::session& sql) {
  long long count = 0;
  sql << "SELECT count(*) FROM public_articles", soci::into(count);
  std::vector<Id> ids;
  ids.reserve(static_cast<std::size_t>(count));
  Id id = 0;
  soci::statement st =
      (sql.prepare << "SELECT id FROM public_articles ORDER BY id", soci::into(id));
  st.execute();
  while (st.fetch()) ids.push_back(id);
  return ids;
}

void SearchStore::clear(soci::session& sql) {
  // Emptying search_documents row by row would make the delete trigger re-read every old
  // text; instead the triggers step aside while both are emptied at once, and come back
  // (as the migration wrote them) before the articles are indexed again.
  std::vector<std::string> triggers, names;
  {
    std::string text, name;
    soci::statement st = (sql.prepare << "SELECT sql, name FROM sqlite_master"
                                         " WHERE type = 'trigger' AND tbl_name = 'search_documents'"
                                         " ORDER BY name",
                          soci::into(text), soci::into(name));
    st.execute();
    while (st.fetch()) {
      triggers.push_back(text);
      names.push_back(name);
    }
  }
  // A trigger's name comes from the migration, never from input; DROP TRIGGER takes no
  // parameters, so the name is quoted as an identifier.
  for (auto const& name : names) sql << fmt::format("DROP TRIGGER \"{}\"", name);
  sql << "DELETE FROM search_documents";
  sql << "DELETE FROM search_terms";
  sql << "INSERT INTO search_index (search_index) VALUES ('delete-all')";
  for (auto const& text : triggers) store::exec_script(sql, text);
}

void SearchStore::finish_rebuild(soci::session& sql) {
  // Merge the index's segments once, now, rather than on the first searches
  // (https://sqlite.org/fts5.html#the_optimize_command); search_vocabulary is then one
  // segment to read.
  sql << "INSERT INTO search_index (search_index) VALUES ('optimize')";
  // One read of the whole vocabulary instead of one update per word of every article.
  sql << "DELETE FROM search_terms";
  sql << "INSERT INTO search_terms (term, documents) SELECT term, doc FROM search_vocabulary";
}

}  // namespace dossier::search
