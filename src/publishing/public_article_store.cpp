#include "publishing/public_article_store.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <soci/soci.h>

#include "publishing/article_summary_store.hpp"
#include "store/dialect.hpp"

namespace dossier::publishing {

namespace {

constexpr char const* kNotPage = "a.kind <> 'page'";

// This store's one SQL difference between the engines: SQLite numbers positional parameters
// ?1, ?2 ..., PostgreSQL $1, $2 ... (SOCI passes both through as written and binds by
// position), and the id list of category_counts is a JSON array read by each engine's own
// function. The text is taken by value and rewritten in place: on SQLite it passes through
// untouched, without a copy.
std::string for_engine(bool postgres, std::string query) {
  if (!postgres) return query;
  for (std::size_t i = 0; i + 1 < query.size(); ++i)
    if (query[i] == '?' && query[i + 1] >= '0' && query[i + 1] <= '9') query[i] = '$';
  return query;
}

// Runs a query whose parameters are all integers, numbered ?1, ?2 ... and bound by position;
// `bind` gives the statement its into() targets and `row` is called once per fetched row.
// Bound by name, each of a search window's 500 ids would cost SQLite a walk of the
// statement's parameter names.
template <typename Bind, typename Row>
void fetch(soci::session& sql, std::string query, std::vector<long long> params, Bind bind,
           Row row) {
  soci::statement st(sql);
  bind(st);
  for (std::size_t i = 0; i < params.size(); ++i) st.exchange(soci::use(params[i]));
  st.alloc();
  st.prepare(for_engine(store::is_postgres(sql), std::move(query)));
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) row();
}

// A list of ?N placeholders for an IN clause, the first numbered `first`.
std::string placeholders(std::size_t first, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i)
    out += fmt::format("{}?{}", i == 0 ? "" : ", ", first + i);
  return out;
}

// The newest entries of one scope. The scope's own index gives the order: the link tables'
// (category_id, published_at DESC) and (tag_id, published_at DESC), the articles'
// (author_id, ... published_at DESC) and (status, ... published_at DESC).
std::string newest_sql(PublicScope scope, bool with_bodies) {
  std::string from, where = kNotPage, order;
  switch (scope) {
    case PublicScope::Category:
      from = "article_categories x JOIN public_articles a ON a.id = x.article_id";
      where += " AND x.category_id = ?1";
      order = "x.published_at DESC, x.article_id DESC";
      break;
    case PublicScope::Tag:
      from = "article_tags x JOIN public_articles a ON a.id = x.article_id";
      where += " AND x.tag_id = ?1";
      order = "x.published_at DESC, x.article_id DESC";
      break;
    case PublicScope::Author:
      from = "public_articles a";
      where += " AND a.author_id = ?1";
      order = "a.published_at DESC, a.id DESC";
      break;
    case PublicScope::Site:
      from = "public_articles a";
      order = "a.published_at DESC, a.id DESC";
      break;
  }
  auto limit = scope == PublicScope::Site ? "?1" : "?2";
  auto body = with_bodies ? "a.body_html" : "''";
  return fmt::format(
      "SELECT a.id, a.slug, a.title, a.dek, {}, COALESCE(a.published_at, 0), a.updated_at,"
      " u.name, u.slug, COALESCE(m.file, ''), COALESCE(m.mime, ''), COALESCE(m.bytes, 0)"
      " FROM {} JOIN authors u ON u.id = a.author_id LEFT JOIN images m ON m.id = a.hero_media_id"
      " WHERE {} ORDER BY {} LIMIT {}",
      body, from, where, order, limit);
}

std::string categories_of_sql(std::size_t ids) {
  return fmt::format(
      "SELECT x.article_id, c.slug, c.name FROM article_categories x"
      " JOIN categories c ON c.id = x.category_id WHERE x.article_id IN ({})"
      " ORDER BY x.article_id, x.position",
      placeholders(1, ids));
}

std::string tags_of_sql(std::size_t ids) {
  return fmt::format(
      "SELECT x.article_id, t.slug, t.name FROM article_tags x JOIN tags t ON t.id = x.tag_id"
      " WHERE x.article_id IN ({}) ORDER BY x.article_id, t.name",
      placeholders(1, ids));
}

std::string published_between_sql() {
  return fmt::format(
      "SELECT a.slug, a.title, COALESCE(a.published_at, 0) FROM public_articles a"
      " WHERE {} AND a.published_at >= ?1 AND a.published_at <= ?2"
      " ORDER BY a.published_at DESC, a.id DESC LIMIT ?3",
      kNotPage);
}

std::string newest_published_sql() {
  return fmt::format(
      "SELECT a.published_at FROM public_articles a WHERE {} ORDER BY a.published_at DESC LIMIT 1",
      kNotPage);
}

// Sitemap files are id ranges (feeds/feed_service.cpp): one range of the
// (status, visibility, id) index from migration 0002.
std::string next_id_sql() {
  return fmt::format(
      "SELECT a.id FROM public_articles a WHERE {} AND a.id > ?1 ORDER BY a.id LIMIT 1", kNotPage);
}

std::string id_range_sql() {
  return fmt::format(
      "SELECT a.slug, a.updated_at, COALESCE(a.published_at, 0) FROM public_articles a"
      " WHERE {} AND a.id >= ?1 AND a.id <= ?2 ORDER BY a.id",
      kNotPage);
}

// The partial index articles_pages (migration 0002) holds only pages.
std::string pages_sql() {
  return "SELECT a.slug, a.updated_at, COALESCE(a.published_at, 0) FROM public_articles a"
         " WHERE a.kind = 'page' ORDER BY a.id LIMIT ?1";
}

// Every archive is listed (the taxonomy tables are read whole, by design), each with the
// head of its index range: the newest public article, usually the first row looked at.
std::string archives_sql(ArchiveKind kind) {
  std::string table, newest;
  switch (kind) {
    case ArchiveKind::Category:
      table = "categories s";
      newest = fmt::format(
          "SELECT x.published_at FROM article_categories x JOIN public_articles a"
          " ON a.id = x.article_id WHERE x.category_id = s.id AND {}"
          " ORDER BY x.published_at DESC LIMIT 1",
          kNotPage);
      break;
    case ArchiveKind::Tag:
      table = "tags s";
      newest = fmt::format(
          "SELECT x.published_at FROM article_tags x JOIN public_articles a ON a.id = x.article_id"
          " WHERE x.tag_id = s.id AND {} ORDER BY x.published_at DESC LIMIT 1",
          kNotPage);
      break;
    case ArchiveKind::Author:
      // Only active authors have a public page (TaxonomyStore::find_author).
      table = "authors s";
      newest = fmt::format(
          "SELECT a.published_at FROM public_articles a WHERE a.author_id = s.id AND {}"
          " ORDER BY a.published_at DESC LIMIT 1",
          kNotPage);
      break;
  }
  auto active = kind == ArchiveKind::Author ? " WHERE s.status = 'active'" : "";
  return fmt::format(
      "SELECT h.slug, h.newest FROM (SELECT s.slug AS slug, ({}) AS newest FROM {}{}) h"
      " WHERE h.newest IS NOT NULL ORDER BY h.slug LIMIT ?1",
      newest, table, active);
}

// ?1 is the ids as one JSON array, ?2 the limit. A search's window gives up to 500 ids: as
// 500 parameters, each would cost SOCI's SQLite backend a walk of the statement's parameter
// list (it showed as 2.6% of a search's time in perf); one bound text costs one parse.
// json_each is SQLite's (PostgreSQL: json_array_elements_text). SQLite reads the list as
// an IN list: one index seek into article_categories per id.
std::string category_counts_sql(bool postgres) {
  return fmt::format(
      "SELECT c.slug, c.name, count(*) FROM article_categories x"
      " JOIN categories c ON c.id = x.category_id"
      " WHERE x.article_id IN ({}) GROUP BY c.id"
      " ORDER BY 3 DESC, c.name LIMIT ?2",
      postgres ? "SELECT json_array_elements_text(?1::json)::bigint"
               : "SELECT value FROM json_each(?1)");
}

// A teaser of each of the given public articles: the columns of ArticleStore's summaries,
// read through the views, in one query (search asks it for every results page). No ORDER
// BY: with one, SQLite walks the (status, visibility, published_at) index of every public
// article to skip the sort; without, it reads each id by primary key. The caller sorts.
std::string summaries_sql(std::size_t ids) {
  return fmt::format(
      "SELECT a.id, a.slug, a.kind, a.title, a.dek, COALESCE(a.published_at, 0),"
      " a.comment_count, a.word_count, u.name, u.slug, COALESCE(c.name, ''),"
      " COALESCE(c.slug, ''), COALESCE(m.file, ''), COALESCE(m.alt, ''), COALESCE(m.width, 0),"
      " COALESCE(m.height, 0) FROM public_articles a JOIN authors u ON u.id = a.author_id"
      " LEFT JOIN article_categories pc ON pc.article_id = a.id AND pc.position = 0"
      " LEFT JOIN categories c ON c.id = pc.category_id"
      " LEFT JOIN images m ON m.id = a.hero_media_id"
      " WHERE a.id IN ({})",
      placeholders(1, ids));
}

// Slug and time columns of a sitemap query, read into one link.
struct LinkRow {
  std::string slug;
  long long updated = 0, published = 0;
  void bind(soci::statement& st) {
    st.exchange(soci::into(slug));
    st.exchange(soci::into(updated));
    st.exchange(soci::into(published));
  }
  PublicLink take() const { return {slug, std::max<UnixTime>(updated, published)}; }
};

std::vector<PublicLink> fetch_links(soci::session& sql, std::string query,
                                    std::vector<long long> params) {
  LinkRow r;
  std::vector<PublicLink> out;
  fetch(
      sql, std::move(query), std::move(params), [&](soci::statement& st) { r.bind(st); },
      [&] { out.push_back(r.take()); });
  return out;
}

std::vector<std::pair<Id, PublicTerm>> fetch_terms(soci::session& sql, std::string query,
                                                   std::vector<Id> const& ids) {
  std::vector<std::pair<Id, PublicTerm>> out;
  if (ids.empty()) return out;
  long long article = 0;
  PublicTerm term;
  fetch(
      sql, std::move(query), std::vector<long long>(ids.begin(), ids.end()),
      [&](soci::statement& st) {
        st.exchange(soci::into(article));
        st.exchange(soci::into(term.slug));
        st.exchange(soci::into(term.name));
      },
      [&] { out.emplace_back(article, term); });
  return out;
}

// Integer column values of a query with the given ?N parameters.
std::vector<Id> fetch_ids(soci::session& sql, std::string query, std::vector<long long> params) {
  long long id = 0;
  std::vector<Id> out;
  fetch(
      sql, std::move(query), std::move(params),
      [&](soci::statement& st) { st.exchange(soci::into(id)); }, [&] { out.push_back(id); });
  return out;
}

}  // namespace

std::vector<PublicEntry> PublicArticleStore::newest(soci::session& sql, NewestQuery const& q) {
  std::vector<long long> params;
  if (q.scope != PublicScope::Site) params.push_back(q.scope_id);
  params.push_back(q.limit);
  PublicEntry e;
  long long published = 0, updated = 0;
  PublicImage image;
  std::vector<PublicEntry> out;
  fetch(
      sql, newest_sql(q.scope, q.with_bodies), params,
      [&](soci::statement& st) {
        st.exchange(soci::into(e.id));
        st.exchange(soci::into(e.slug));
        st.exchange(soci::into(e.title));
        st.exchange(soci::into(e.dek));
        st.exchange(soci::into(e.body_html));
        st.exchange(soci::into(published));
        st.exchange(soci::into(updated));
        st.exchange(soci::into(e.author_name));
        st.exchange(soci::into(e.author_slug));
        st.exchange(soci::into(image.file));
        st.exchange(soci::into(image.mime));
        st.exchange(soci::into(image.bytes));
      },
      [&] {
        PublicEntry entry = e;
        entry.published_at = published;
        entry.updated_at = std::max<UnixTime>(updated, published);
        if (!image.file.empty()) entry.hero = image;
        out.push_back(std::move(entry));
      });
  return out;
}

std::vector<std::pair<Id, PublicTerm>> PublicArticleStore::categories_of(
    soci::session& sql, std::vector<Id> const& ids) {
  return fetch_terms(sql, categories_of_sql(ids.size()), ids);
}

std::vector<std::pair<Id, PublicTerm>> PublicArticleStore::tags_of(soci::session& sql,
                                                                   std::vector<Id> const& ids) {
  return fetch_terms(sql, tags_of_sql(ids.size()), ids);
}

std::vector<PublicHeadline> PublicArticleStore::published_between(soci::session& sql, UnixTime from,
                                                                  UnixTime to, int limit) {
  PublicHeadline h;
  long long published = 0;
  std::vector<PublicHeadline> out;
  fetch(
      sql, published_between_sql(), {from, to, limit},
      [&](soci::statement& st) {
        st.exchange(soci::into(h.slug));
        st.exchange(soci::into(h.title));
        st.exchange(soci::into(published));
      },
      [&] {
        h.published_at = published;
        out.push_back(h);
      });
  return out;
}

std::optional<UnixTime> PublicArticleStore::newest_published(soci::session& sql) {
  auto times = fetch_ids(sql, newest_published_sql(), {});
  if (times.empty()) return std::nullopt;
  return times.front();
}

std::optional<Id> PublicArticleStore::next_id(soci::session& sql, Id after) {
  auto ids = fetch_ids(sql, next_id_sql(), {after});
  if (ids.empty()) return std::nullopt;
  return ids.front();
}

std::vector<PublicLink> PublicArticleStore::id_range(soci::session& sql, Id first, Id last) {
  return fetch_links(sql, id_range_sql(), {first, last});
}

std::vector<PublicLink> PublicArticleStore::pages(soci::session& sql, int limit) {
  return fetch_links(sql, pages_sql(), {limit});
}

std::vector<PublicLink> PublicArticleStore::archives(soci::session& sql, ArchiveKind kind,
                                                     int limit) {
  std::string slug;
  long long newest = 0;
  std::vector<PublicLink> out;
  fetch(
      sql, archives_sql(kind), {limit},
      [&](soci::statement& st) {
        st.exchange(soci::into(slug));
        st.exchange(soci::into(newest));
      },
      [&] {
        out.push_back({slug, newest});
      });
  return out;
}

std::optional<PublicText> PublicArticleStore::text(soci::session& sql, Id id) {
  PublicText t;
  std::string kind;
  sql << "SELECT a.title, a.dek, u.name, a.author_id, a.kind, a.body_markdown"
         " FROM public_articles a JOIN authors u ON u.id = a.author_id WHERE a.id = :id",
      soci::use(id), soci::into(t.title), soci::into(t.dek), soci::into(t.author_name),
      soci::into(t.author_id), soci::into(kind), soci::into(t.body_markdown);
  if (!sql.got_data()) return std::nullopt;
  t.kind = parse_kind(kind).value_or(ArticleKind::News);
  t.category_ids =
      fetch_ids(sql, "SELECT category_id FROM article_categories WHERE article_id = ?1", {id});
  t.tag_ids = fetch_ids(sql, "SELECT tag_id FROM article_tags WHERE article_id = ?1", {id});
  std::string name;
  soci::statement names =
      (sql.prepare << "SELECT c.name FROM article_categories ac"
                      " JOIN categories c ON c.id = ac.category_id WHERE ac.article_id = :id"
                      " UNION ALL SELECT t.name FROM article_tags at"
                      " JOIN tags t ON t.id = at.tag_id WHERE at.article_id = :id",
       soci::use(id, "id"), soci::into(name));
  names.execute();
  while (names.fetch()) t.term_names.push_back(name);
  return t;
}

std::vector<ArticleSummary> PublicArticleStore::summaries(soci::session& sql,
                                                          std::vector<Id> const& ids) {
  std::vector<ArticleSummary> out;
  if (ids.empty()) return out;
  SummaryRow row;
  fetch(
      sql, summaries_sql(ids.size()), std::vector<long long>(ids.begin(), ids.end()),
      [&](soci::statement& st) { row.bind(st); }, [&] { out.push_back(row.take()); });
  std::sort(out.begin(), out.end(), [](auto const& a, auto const& b) {
    return a.published_at > b.published_at || (a.published_at == b.published_at && a.id > b.id);
  });
  return out;
}

std::vector<CategoryCount> PublicArticleStore::category_counts(soci::session& sql,
                                                               std::vector<Id> const& ids,
                                                               int limit) {
  std::vector<CategoryCount> out;
  if (ids.empty()) return out;
  // The ids are a bound value, written as a JSON array of integers.
  std::string list = "[";
  for (auto id : ids) list += fmt::format("{}{}", list.size() == 1 ? "" : ",", id);
  list += "]";
  CategoryCount row;
  bool postgres = store::is_postgres(sql);
  soci::statement st =
      (sql.prepare << for_engine(postgres, category_counts_sql(postgres)), soci::use(list),
       soci::use(limit), soci::into(row.slug), soci::into(row.name), soci::into(row.count));
  st.execute();
  while (st.fetch()) out.push_back(row);
  return out;
}

std::optional<Id> PublicArticleStore::id_by_slug(soci::session& sql, SlugTable table,
                                                 std::string const& slug) {
  // Fixed statements, one a table: the slug is the only value and it is bound.
  char const* query = "SELECT id FROM categories WHERE slug = :slug";
  if (table == SlugTable::Tags) query = "SELECT id FROM tags WHERE slug = :slug";
  if (table == SlugTable::Authors) query = "SELECT id FROM authors WHERE slug = :slug";
  Id id = 0;
  soci::indicator ind = soci::i_null;
  sql << query, soci::use(slug), soci::into(id, ind);
  if (!sql.got_data() || ind != soci::i_ok) return std::nullopt;
  return id;
}

std::optional<PublicAddress> PublicArticleStore::address(soci::session& sql, Id id) {
  PublicAddress out;
  std::string kind;
  sql << "SELECT a.slug, a.kind FROM public_articles a WHERE a.id = :id", soci::use(id),
      soci::into(out.slug), soci::into(kind);
  if (!sql.got_data()) return std::nullopt;
  out.kind = parse_kind(kind).value_or(ArticleKind::News);
  return out;
}

std::optional<std::string> PublicArticleStore::slug_by_id(soci::session& sql, ArchiveKind kind,
                                                          Id id) {
  // Fixed statements, one a table: the id is the only value and it is bound. An author's
  // archive exists only while the author is active (archive_author), so only then has it an
  // address.
  char const* query = "SELECT slug FROM categories WHERE id = :id";
  if (kind == ArchiveKind::Tag) query = "SELECT slug FROM tags WHERE id = :id";
  if (kind == ArchiveKind::Author)
    query = "SELECT slug FROM authors WHERE id = :id AND status = 'active'";
  std::string slug;
  sql << query, soci::use(id), soci::into(slug);
  if (!sql.got_data()) return std::nullopt;
  return slug;
}

std::vector<PublicArticleStore::PlannedQuery> PublicArticleStore::planned_queries() {
  constexpr long long kSampleId = 1, kSampleLimit = 20, kSampleTime = 1'790'000'000;
  constexpr long long kSampleWindow = 2 * 24 * 60 * 60, kSampleNewsLimit = 1'000;
  constexpr long long kSampleFileSize = 50'000;
  std::vector<PlannedQuery> out;
  for (bool bodies : {false, true}) {
    auto suffix = bodies ? " (full)" : "";
    out.push_back({fmt::format("site feed{}", suffix),
                   newest_sql(PublicScope::Site, bodies),
                   {kSampleLimit}});
    out.push_back({fmt::format("category feed{}", suffix),
                   newest_sql(PublicScope::Category, bodies),
                   {kSampleId, kSampleLimit}});
    out.push_back({fmt::format("tag feed{}", suffix),
                   newest_sql(PublicScope::Tag, bodies),
                   {kSampleId, kSampleLimit}});
    out.push_back({fmt::format("author feed{}", suffix),
                   newest_sql(PublicScope::Author, bodies),
                   {kSampleId, kSampleLimit}});
  }
  out.push_back({"entry categories", categories_of_sql(3), {1, 2, 3}});
  out.push_back({"entry tags", tags_of_sql(3), {1, 2, 3}});
  out.push_back({"news sitemap",
                 published_between_sql(),
                 {kSampleTime - kSampleWindow, kSampleTime, kSampleNewsLimit}});
  out.push_back({"newest published", newest_published_sql(), {}});
  out.push_back({"next sitemap file", next_id_sql(), {kSampleId}});
  out.push_back({"article sitemap file", id_range_sql(), {1, kSampleFileSize}});
  out.push_back({"pages sitemap: pages", pages_sql(), {kSampleFileSize}});
  out.push_back(
      {"pages sitemap: categories", archives_sql(ArchiveKind::Category), {kSampleFileSize}});
  out.push_back({"pages sitemap: tags", archives_sql(ArchiveKind::Tag), {kSampleFileSize}});
  out.push_back({"pages sitemap: authors", archives_sql(ArchiveKind::Author), {kSampleFileSize}});
  out.push_back({"public summaries", summaries_sql(3), {1, 2, 3}});
  // Its parameters are a JSON text and the limit; a plan does not depend on them. The plans
  // are SQLite's (EXPLAIN QUERY PLAN).
  out.push_back({"category counts", category_counts_sql(false), {}});
  return out;
}

}  // namespace dossier::publishing
