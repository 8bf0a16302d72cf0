#include "feeds/feed_store.hpp"

#include "publishing/article_store.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <soci/soci.h>

namespace dossier::feeds {

namespace {

constexpr char const* kNotPage = "a.kind <> 'page'";

// Runs a query whose parameters are all integers, named :p0, :p1 ...; `bind` gives the
// statement its into() targets and `row` is called once per fetched row.
template <typename Bind, typename Row>
void fetch(soci::session& sql, std::string const& query, std::vector<long long> params, Bind bind,
           Row row) {
  soci::statement st(sql);
  bind(st);
  for (std::size_t i = 0; i < params.size(); ++i)
    st.exchange(soci::use(params[i], fmt::format("p{}", i)));
  st.alloc();
  st.prepare(query);
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) row();
}

// A list of :pN placeholders for an IN clause, numbered from `first`.
std::string placeholders(std::size_t first, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i)
    out += fmt::format("{}:p{}", i == 0 ? "" : ", ", first + i);
  return out;
}

// The newest entries of one scope. The scope's own index gives the order: the link tables'
// (category_id, published_at DESC) and (tag_id, published_at DESC), the articles'
// (author_id, ... published_at DESC) and (status, ... published_at DESC).
std::string newest_sql(Scope scope, FeedContent content) {
  std::string from, where = std::string(publishing::kPublicFilter) + " AND " + kNotPage, order;
  switch (scope) {
    case Scope::Category:
      from = "article_categories x JOIN articles a ON a.id = x.article_id";
      where += " AND x.category_id = :p0";
      order = "x.published_at DESC, x.article_id DESC";
      break;
    case Scope::Tag:
      from = "article_tags x JOIN articles a ON a.id = x.article_id";
      where += " AND x.tag_id = :p0";
      order = "x.published_at DESC, x.article_id DESC";
      break;
    case Scope::Author:
      from = "articles a";
      where += " AND a.author_id = :p0";
      order = "a.published_at DESC, a.id DESC";
      break;
    case Scope::Site:
      from = "articles a";
      order = "a.published_at DESC, a.id DESC";
      break;
  }
  auto limit = scope == Scope::Site ? ":p0" : ":p1";
  // Excerpt feeds never read the bodies.
  auto body = content == FeedContent::Full ? "a.body_html" : "''";
  return fmt::format(
      "SELECT a.id, a.slug, a.title, a.dek, {}, COALESCE(a.published_at, 0), a.updated_at,"
      " u.name, u.slug, COALESCE(m.file, ''), COALESCE(m.mime, ''), COALESCE(m.bytes, 0)"
      " FROM {} JOIN users u ON u.id = a.author_id LEFT JOIN media m ON m.id = a.hero_media_id"
      " WHERE {} ORDER BY {} LIMIT {}",
      body, from, where, order, limit);
}

std::string categories_of_sql(std::size_t ids) {
  return fmt::format(
      "SELECT x.article_id, c.slug, c.name FROM article_categories x"
      " JOIN categories c ON c.id = x.category_id WHERE x.article_id IN ({})"
      " ORDER BY x.article_id, x.position",
      placeholders(0, ids));
}

std::string tags_of_sql(std::size_t ids) {
  return fmt::format(
      "SELECT x.article_id, t.slug, t.name FROM article_tags x JOIN tags t ON t.id = x.tag_id"
      " WHERE x.article_id IN ({}) ORDER BY x.article_id, t.name",
      placeholders(0, ids));
}

std::string published_between_sql() {
  return fmt::format(
      "SELECT a.slug, a.title, COALESCE(a.published_at, 0) FROM articles a"
      " WHERE {} AND {} AND a.published_at >= :p0 AND a.published_at <= :p1"
      " ORDER BY a.published_at DESC, a.id DESC LIMIT :p2",
      publishing::kPublicFilter, kNotPage);
}

std::string newest_published_sql() {
  return fmt::format(
      "SELECT a.published_at FROM articles a WHERE {} AND {}"
      " ORDER BY a.published_at DESC LIMIT 1",
      publishing::kPublicFilter, kNotPage);
}

// Sitemap files are id ranges (see feed_service.cpp): one range of the
// (status, visibility, id) index from migration 0002.
std::string next_public_id_sql() {
  return fmt::format(
      "SELECT a.id FROM articles a WHERE {} AND {} AND a.id > :p0 ORDER BY a.id LIMIT 1",
      publishing::kPublicFilter, kNotPage);
}

std::string articles_between_sql() {
  return fmt::format(
      "SELECT a.slug, a.updated_at, COALESCE(a.published_at, 0) FROM articles a"
      " WHERE {} AND {} AND a.id >= :p0 AND a.id <= :p1 ORDER BY a.id",
      publishing::kPublicFilter, kNotPage);
}

// The partial index articles_pages (migration 0002) holds only pages.
std::string pages_sql() {
  return fmt::format(
      "SELECT a.slug, a.updated_at, COALESCE(a.published_at, 0) FROM articles a"
      " WHERE {} AND a.kind = 'page' ORDER BY a.id LIMIT :p0",
      publishing::kPublicFilter);
}

// Every archive is listed (the taxonomy tables are read whole, by design), each with the
// head of its index range: the newest public article, usually the first row looked at.
std::string archives_sql(SitemapKind kind) {
  std::string table, newest;
  switch (kind) {
    case SitemapKind::Category:
      table = "categories s";
      newest = fmt::format(
          "SELECT x.published_at FROM article_categories x JOIN articles a ON a.id = x.article_id"
          " WHERE x.category_id = s.id AND {} AND {} ORDER BY x.published_at DESC LIMIT 1",
          publishing::kPublicFilter, kNotPage);
      break;
    case SitemapKind::Tag:
      table = "tags s";
      newest = fmt::format(
          "SELECT x.published_at FROM article_tags x JOIN articles a ON a.id = x.article_id"
          " WHERE x.tag_id = s.id AND {} AND {} ORDER BY x.published_at DESC LIMIT 1",
          publishing::kPublicFilter, kNotPage);
      break;
    default:
      // Authors: only active users have a public page (TaxonomyStore::find_author).
      table = "users s";
      newest = fmt::format(
          "SELECT a.published_at FROM articles a WHERE a.author_id = s.id AND {} AND {}"
          " ORDER BY a.published_at DESC LIMIT 1",
          publishing::kPublicFilter, kNotPage);
      break;
  }
  auto active = kind == SitemapKind::Author ? " WHERE s.status = 'active'" : "";
  return fmt::format(
      "SELECT h.slug, h.newest FROM (SELECT s.slug AS slug, ({}) AS newest FROM {}{}) h"
      " WHERE h.newest IS NOT NULL ORDER BY h.slug LIMIT :p0",
      newest, table, active);
}

// Slug and time columns of a sitemap query, read into one entry.
struct SitemapRow {
  std::string slug;
  long long updated = 0, published = 0;
  void bind(soci::statement& st) {
    st.exchange(soci::into(slug));
    st.exchange(soci::into(updated));
    st.exchange(soci::into(published));
  }
  SitemapEntry take(SitemapKind kind) const {
    return {kind, slug, std::max<UnixTime>(updated, published)};
  }
};

std::vector<SitemapEntry> fetch_sitemap(soci::session& sql, SitemapKind kind,
                                        std::string const& query, std::vector<long long> params) {
  SitemapRow r;
  std::vector<SitemapEntry> out;
  fetch(
      sql, query, std::move(params), [&](soci::statement& st) { r.bind(st); },
      [&] { out.push_back(r.take(kind)); });
  return out;
}

// Fills the entries' categories and tags: two queries for the whole feed, not two an entry.
void add_terms(soci::session& sql, std::vector<FeedEntry>& entries) {
  if (entries.empty()) return;
  std::map<Id, FeedEntry*> by_id;
  std::vector<long long> ids;
  for (auto& e : entries) {
    by_id[e.id] = &e;
    ids.push_back(e.id);
  }
  long long article = 0;
  Term term;
  auto bind = [&](soci::statement& st) {
    st.exchange(soci::into(article));
    st.exchange(soci::into(term.slug));
    st.exchange(soci::into(term.name));
  };
  fetch(sql, categories_of_sql(ids.size()), ids, bind,
        [&] { by_id.at(article)->categories.push_back(term); });
  fetch(sql, tags_of_sql(ids.size()), ids, bind, [&] { by_id.at(article)->tags.push_back(term); });
}

}  // namespace

std::vector<FeedEntry> FeedStore::newest(soci::session& sql, FeedQuery const& q) {
  std::vector<long long> params;
  if (q.scope != Scope::Site) params.push_back(q.scope_id);
  params.push_back(q.limit);
  FeedEntry e;
  long long published = 0, updated = 0;
  Enclosure enclosure;
  std::vector<FeedEntry> out;
  fetch(
      sql, newest_sql(q.scope, q.content), params,
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
        st.exchange(soci::into(enclosure.file));
        st.exchange(soci::into(enclosure.mime));
        st.exchange(soci::into(enclosure.bytes));
      },
      [&] {
        FeedEntry entry = e;
        entry.published_at = published;
        entry.updated_at = std::max<UnixTime>(updated, published);
        if (!enclosure.file.empty()) entry.enclosure = enclosure;
        out.push_back(std::move(entry));
      });
  add_terms(sql, out);
  return out;
}

std::vector<NewsEntry> FeedStore::published_between(soci::session& sql, UnixTime from, UnixTime to,
                                                    int limit) {
  NewsEntry e;
  long long published = 0;
  std::vector<NewsEntry> out;
  fetch(
      sql, published_between_sql(), {from, to, limit},
      [&](soci::statement& st) {
        st.exchange(soci::into(e.slug));
        st.exchange(soci::into(e.title));
        st.exchange(soci::into(published));
      },
      [&] {
        e.published_at = published;
        out.push_back(e);
      });
  return out;
}

std::optional<Id> FeedStore::next_public_id(soci::session& sql, Id after) {
  long long id = 0;
  std::optional<Id> out;
  fetch(
      sql, next_public_id_sql(), {after}, [&](soci::statement& st) { st.exchange(soci::into(id)); },
      [&] { out = id; });
  return out;
}

std::vector<SitemapEntry> FeedStore::articles_between(soci::session& sql, Id first, Id last) {
  return fetch_sitemap(sql, SitemapKind::Article, articles_between_sql(), {first, last});
}

std::vector<SitemapEntry> FeedStore::pages(soci::session& sql, int limit) {
  return fetch_sitemap(sql, SitemapKind::Page, pages_sql(), {limit});
}

std::vector<SitemapEntry> FeedStore::archives(soci::session& sql, SitemapKind kind, int limit) {
  std::string slug;
  long long newest = 0;
  std::vector<SitemapEntry> out;
  fetch(
      sql, archives_sql(kind), {limit},
      [&](soci::statement& st) {
        st.exchange(soci::into(slug));
        st.exchange(soci::into(newest));
      },
      [&] {
        out.push_back({kind, slug, newest});
      });
  return out;
}

std::optional<UnixTime> FeedStore::newest_published(soci::session& sql) {
  long long t = 0;
  std::optional<UnixTime> out;
  fetch(
      sql, newest_published_sql(), {}, [&](soci::statement& st) { st.exchange(soci::into(t)); },
      [&] { out = t; });
  return out;
}

std::vector<FeedStore::PlannedQuery> FeedStore::planned_queries() {
  constexpr long long kSampleId = 1, kSampleLimit = 20, kSampleTime = 1'790'000'000;
  std::vector<PlannedQuery> out;
  for (auto content : {FeedContent::Excerpt, FeedContent::Full}) {
    auto suffix = content == FeedContent::Full ? " (full)" : "";
    out.push_back(
        {fmt::format("site feed{}", suffix), newest_sql(Scope::Site, content), {kSampleLimit}});
    out.push_back({fmt::format("category feed{}", suffix),
                   newest_sql(Scope::Category, content),
                   {kSampleId, kSampleLimit}});
    out.push_back({fmt::format("tag feed{}", suffix),
                   newest_sql(Scope::Tag, content),
                   {kSampleId, kSampleLimit}});
    out.push_back({fmt::format("author feed{}", suffix),
                   newest_sql(Scope::Author, content),
                   {kSampleId, kSampleLimit}});
  }
  out.push_back({"entry categories", categories_of_sql(3), {1, 2, 3}});
  out.push_back({"entry tags", tags_of_sql(3), {1, 2, 3}});
  out.push_back({"news sitemap",
                 published_between_sql(),
                 {kSampleTime - kNewsWindowSeconds, kSampleTime, kNewsSitemapMaxUrls}});
  out.push_back({"newest published", newest_published_sql(), {}});
  out.push_back({"next sitemap file", next_public_id_sql(), {kSampleId}});
  out.push_back({"article sitemap file", articles_between_sql(), {1, kSitemapMaxUrls}});
  out.push_back({"pages sitemap: pages", pages_sql(), {kSitemapMaxUrls}});
  out.push_back(
      {"pages sitemap: categories", archives_sql(SitemapKind::Category), {kSitemapMaxUrls}});
  out.push_back({"pages sitemap: tags", archives_sql(SitemapKind::Tag), {kSitemapMaxUrls}});
  out.push_back({"pages sitemap: authors", archives_sql(SitemapKind::Author), {kSitemapMaxUrls}});
  return out;
}

}  // namespace dossier::feeds
