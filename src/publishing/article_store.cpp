#include "publishing/article_store.hpp"

#include <algorithm>
#include <functional>

#include <fmt/format.h>
#include <soci/soci.h>

#include "publishing/article_summary_store.hpp"

namespace dossier::publishing {

namespace {

constexpr char const* kSummaryColumns =
    "a.id, a.slug, a.kind, a.title, a.dek, COALESCE(a.published_at, 0), a.comment_count,"
    " a.word_count, u.name, u.slug, COALESCE(c.name, ''), COALESCE(c.slug, ''),"
    " COALESCE(m.file, ''), COALESCE(m.alt, ''), COALESCE(m.width, 0), COALESCE(m.height, 0)";

constexpr char const* kSummaryJoins =
    " JOIN authors u ON u.id = a.author_id"
    " LEFT JOIN article_categories pc ON pc.article_id = a.id AND pc.position = 0"
    " LEFT JOIN categories c ON c.id = pc.category_id"
    " LEFT JOIN images m ON m.id = a.hero_media_id";

// Holds the into() targets of one summary row while a statement fetches.

// Binds integer parameters named :p0, :p1 ... to a statement whose results are already bound,
// and runs it (rows are then fetched by the caller).
void run_with_params(soci::statement& st, std::string const& query,
                     std::vector<long long>& params) {
  for (std::size_t i = 0; i < params.size(); ++i)
    st.exchange(soci::use(params[i], fmt::format("p{}", i)));
  st.alloc();
  st.prepare(query);
  st.define_and_bind();
  st.execute(false);
}

// Runs a summary query whose parameters are all integers, named :p0, :p1 ...
std::vector<ArticleSummary> fetch_summaries(soci::session& sql, std::string const& query,
                                            std::vector<long long> params) {
  SummaryRow row;
  soci::statement st(sql);
  row.bind(st);
  run_with_params(st, query, params);
  std::vector<ArticleSummary> out;
  while (st.fetch()) out.push_back(row.take());
  return out;
}

// Summaries of the given articles, newest first. Listings find their page's ids first
// with an index-only query, then join authors, categories and images for those rows alone
// (SQLite would otherwise join every row an OFFSET skips).
std::vector<ArticleSummary> fetch_summaries_by_ids(soci::session& sql,
                                                   std::vector<long long> const& ids) {
  if (ids.empty()) return {};
  std::string in_list;
  for (std::size_t i = 0; i < ids.size(); ++i) in_list += fmt::format("{}:p{}", i ? ", " : "", i);
  auto query = fmt::format(
      "SELECT {} FROM articles a{} WHERE a.id IN ({})"
      " ORDER BY a.published_at DESC, a.id DESC",
      kSummaryColumns, kSummaryJoins, in_list);
  return fetch_summaries(sql, query, ids);
}

// FROM/WHERE of a listing; the link tables come first so the archive is an index range.
struct ListSql {
  std::string from;
  std::string where = kPublicFilter;
  std::string order = "a.published_at";
};

ListSql list_sql(ListQuery const& q, std::vector<long long>& params) {
  ListSql out;
  // CROSS JOIN keeps the link table as SQLite's outer loop, walking its (id, published_at)
  // index; elsewhere it means the same as JOIN.
  if (q.category_id) {
    out.from = " FROM article_categories x CROSS JOIN articles a";
    out.where += " AND a.id = x.article_id AND x.category_id = :p0";
    out.order = "x.published_at";
    params.push_back(*q.category_id);
  } else if (q.tag_id) {
    out.from = " FROM article_tags x CROSS JOIN articles a";
    out.where += " AND a.id = x.article_id AND x.tag_id = :p0";
    out.order = "x.published_at";
    params.push_back(*q.tag_id);
  } else {
    out.from = " FROM articles a";
    if (q.author_id) {
      out.where += " AND a.author_id = :p0";
      params.push_back(*q.author_id);
    }
  }
  out.where += " AND a.kind <> 'page'";  // pages are never listed
  return out;
}

struct ArticleRow {
  Article a;
  std::string kind, status, visibility;
  long long hero = 0, published = 0;
  soci::indicator hero_ind = soci::i_null, published_ind = soci::i_null;
};

constexpr char const* kArticleColumns =
    "SELECT id, slug, kind, title, dek, body_markdown, body_html, word_count, status, visibility,"
    " author_id, hero_media_id, published_at, created_at, updated_at, seo_title, seo_description,"
    " comment_count FROM articles ";

template <typename Bind>
std::optional<Article> fetch_article(soci::session& sql, std::string const& where, Bind bind) {
  ArticleRow r;
  long long created = 0, updated = 0;
  soci::statement st =
      (sql.prepare << std::string(kArticleColumns) + where, soci::into(r.a.id),
       soci::into(r.a.slug), soci::into(r.kind), soci::into(r.a.title), soci::into(r.a.dek),
       soci::into(r.a.body_markdown), soci::into(r.a.body_html), soci::into(r.a.word_count),
       soci::into(r.status), soci::into(r.visibility), soci::into(r.a.author_id),
       soci::into(r.hero, r.hero_ind), soci::into(r.published, r.published_ind),
       soci::into(created), soci::into(updated), soci::into(r.a.seo_title),
       soci::into(r.a.seo_description), soci::into(r.a.comment_count), bind);
  st.execute(false);
  if (!st.fetch()) return std::nullopt;
  r.a.kind = parse_kind(r.kind).value_or(ArticleKind::News);
  r.a.status = parse_status(r.status).value_or(ArticleStatus::Draft);
  r.a.visibility = parse_visibility(r.visibility).value_or(Visibility::Public);
  if (r.hero_ind == soci::i_ok) r.a.hero_media_id = r.hero;
  if (r.published_ind == soci::i_ok) r.a.published_at = r.published;
  r.a.created_at = created;
  r.a.updated_at = updated;
  return r.a;
}

}  // namespace

namespace {

// The columns an insert and an update both write, converted once and bound by name.
struct ArticleColumns {
  ArticleColumns(ArticleInput const& input, std::string const& html, int words)
      : in(input),
        body_html(html),
        word_count(words),
        hero(input.hero_media_id.value_or(0)),
        published(input.published_at.value_or(0)),
        hero_ind(input.hero_media_id ? soci::i_ok : soci::i_null),
        published_ind(input.published_at ? soci::i_ok : soci::i_null),
        kind(to_string(input.kind)),
        status(to_string(input.status)),
        visibility(to_string(input.visibility)) {}

  // Runs `query` with these columns and `more` (the statement's own values) bound.
  template <typename... More>
  void run(soci::session& sql, char const* query, More... more) {
    soci::statement st(sql);
    st.exchange(soci::use(in.slug, "slug"));
    st.exchange(soci::use(kind, "kind"));
    st.exchange(soci::use(in.title, "title"));
    st.exchange(soci::use(in.dek, "dek"));
    st.exchange(soci::use(in.body_markdown, "md"));
    st.exchange(soci::use(body_html, "html"));
    st.exchange(soci::use(word_count, "words"));
    st.exchange(soci::use(status, "status"));
    st.exchange(soci::use(visibility, "vis"));
    st.exchange(soci::use(in.author_id, "author"));
    st.exchange(soci::use(hero, hero_ind, "hero"));
    st.exchange(soci::use(published, published_ind, "published"));
    st.exchange(soci::use(in.seo_title, "seo_title"));
    st.exchange(soci::use(in.seo_description, "seo_desc"));
    (st.exchange(std::move(more)), ...);
    st.alloc();
    st.prepare(query);
    st.define_and_bind();
    st.execute(true);
  }

  ArticleInput const& in;
  std::string const& body_html;
  int word_count;
  long long hero, published;
  soci::indicator hero_ind, published_ind;
  std::string kind, status, visibility;
};

}  // namespace

Id ArticleStore::insert(soci::session& sql, ArticleInput const& in, std::string const& body_html,
                        int word_count, UnixTime now) {
  long long id = 0;
  long long created = now;
  ArticleColumns(in, body_html, word_count)
      .run(sql,
           "INSERT INTO articles (slug, kind, title, dek, body_markdown, body_html, word_count,"
           " status, visibility, author_id, hero_media_id, published_at, created_at, updated_at,"
           " seo_title, seo_description) VALUES (:slug, :kind, :title, :dek, :md, :html, :words,"
           " :status, :vis, :author, :hero, :published, :created, :created, :seo_title,"
           " :seo_desc) RETURNING id",
           soci::use(created, "created"), soci::into(id));
  return id;
}

void ArticleStore::update(soci::session& sql, Id id, ArticleInput const& in,
                          std::string const& body_html, int word_count, UnixTime now) {
  long long updated = now;
  ArticleColumns(in, body_html, word_count)
      .run(sql,
           "UPDATE articles SET slug = :slug, kind = :kind, title = :title, dek = :dek,"
           " body_markdown = :md, body_html = :html, word_count = :words, status = :status,"
           " visibility = :vis, author_id = :author, hero_media_id = :hero,"
           " published_at = :published, updated_at = :updated, seo_title = :seo_title,"
           " seo_description = :seo_desc WHERE id = :id",
           soci::use(updated, "updated"), soci::use(id, "id"));
}

void ArticleStore::set_links(soci::session& sql, Id id, std::vector<Id> const& category_ids,
                             std::vector<Id> const& tag_ids, std::optional<UnixTime> published_at) {
  long long published = published_at.value_or(0);
  auto ind = published_at ? soci::i_ok : soci::i_null;
  sql << "DELETE FROM article_categories WHERE article_id = :id", soci::use(id);
  sql << "DELETE FROM article_tags WHERE article_id = :id", soci::use(id);
  for (std::size_t i = 0; i < category_ids.size(); ++i) {
    int position = static_cast<int>(i);
    sql << "INSERT INTO article_categories (article_id, category_id, position, published_at)"
           " VALUES (:a, :c, :p, :t)",
        soci::use(id), soci::use(category_ids[i]), soci::use(position), soci::use(published, ind);
  }
  for (auto tag : tag_ids) {
    sql << "INSERT INTO article_tags (article_id, tag_id, published_at) VALUES (:a, :t, :p)",
        soci::use(id), soci::use(tag), soci::use(published, ind);
  }
}

void ArticleStore::remember_old_slug(soci::session& sql, Id id, std::string const& old_slug) {
  sql << "DELETE FROM article_slugs WHERE slug = :s", soci::use(old_slug);
  sql << "INSERT INTO article_slugs (slug, article_id) VALUES (:s, :id)", soci::use(old_slug),
      soci::use(id);
}

void ArticleStore::make_draft(soci::session& sql, Id id) {
  sql << "UPDATE articles SET status = 'draft' WHERE id = :id", soci::use(id);
}

void ArticleStore::erase(soci::session& sql, Id id) {
  sql << "DELETE FROM articles WHERE id = :id", soci::use(id);
}

std::optional<Article> ArticleStore::find_by_slug(soci::session& sql, std::string const& slug) {
  return fetch_article(sql, "WHERE slug = :slug", soci::use(slug));
}

std::optional<Article> ArticleStore::find_by_id(soci::session& sql, Id id) {
  return fetch_article(sql, "WHERE id = :id", soci::use(id));
}

bool ArticleStore::slug_taken(soci::session& sql, std::string const& slug, Id except_id) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM articles WHERE slug = :s AND id <> :id", soci::use(slug),
      soci::use(except_id), soci::into(n);
  if (n > 0) return true;
  // An old slug still redirects to its article, so it may not be given to another one.
  sql << "SELECT COUNT(*) FROM article_slugs WHERE slug = :s AND article_id <> :id",
      soci::use(slug), soci::use(except_id), soci::into(n);
  return n > 0;
}

std::optional<std::string> ArticleStore::find_renamed(soci::session& sql,
                                                      std::string const& old_slug) {
  std::string slug;
  soci::indicator ind = soci::i_null;
  // An article renamed back to an old slug lives there again: that is no redirect (to itself).
  // Only a readable article is redirected to, or the redirect would reveal a hidden slug.
  sql << std::string(
             "SELECT a.slug FROM article_slugs s JOIN articles a ON a.id = s.article_id"
             " WHERE s.slug = :s AND a.slug <> s.slug AND ") +
             kPublicFilter,
      soci::use(old_slug), soci::into(slug, ind);
  if (!sql.got_data() || ind != soci::i_ok) return std::nullopt;
  return slug;
}

std::vector<ArticleSummary> ArticleStore::list_published(soci::session& sql, ListQuery const& q) {
  std::vector<long long> params;
  auto parts = list_sql(q, params);
  auto n = params.size();
  params.push_back(q.limit);
  params.push_back(q.offset);
  auto query =
      fmt::format("SELECT a.id{} WHERE {} ORDER BY {} DESC, a.id DESC LIMIT :p{} OFFSET :p{}",
                  parts.from, parts.where, parts.order, n, n + 1);
  std::vector<long long> ids;
  long long id = 0;
  soci::statement st(sql);
  st.exchange(soci::into(id));
  run_with_params(st, query, params);
  while (st.fetch()) ids.push_back(id);
  return fetch_summaries_by_ids(sql, ids);
}

long long ArticleStore::count_published(soci::session& sql, ListQuery const& q) {
  std::string scope = "all";
  long long scope_id = 0;
  if (q.category_id) {
    scope = "category";
    scope_id = *q.category_id;
  } else if (q.tag_id) {
    scope = "tag";
    scope_id = *q.tag_id;
  } else if (q.author_id) {
    scope = "author";
    scope_id = *q.author_id;
  }
  long long count = 0;
  sql << "SELECT count FROM listing_counts WHERE scope = :s AND scope_id = :i", soci::use(scope),
      soci::use(scope_id), soci::into(count);
  return sql.got_data() ? count : 0;
}

void ArticleStore::adjust_counts(soci::session& sql, ArticlePlacement const& where, int delta) {
  if (!where.is_public || where.kind == ArticleKind::Page) return;
  long long d = delta;
  auto bump = [&](std::string const& scope, long long id) {
    sql << "INSERT INTO listing_counts (scope, scope_id, count) VALUES (:s, :i, :d)"
           " ON CONFLICT (scope, scope_id) DO UPDATE SET count = listing_counts.count + :d",
        soci::use(scope, "s"), soci::use(id, "i"), soci::use(d, "d");
  };
  bump("all", 0);
  bump("author", where.author_id);
  for (auto c : where.category_ids) bump("category", c);
  for (auto t : where.tag_ids) bump("tag", t);
}

void ArticleStore::rebuild_counts(soci::session& sql) {
  std::string const listed =
      "a.status = 'published' AND a.visibility = 'public' AND a.kind <> 'page'";
  sql << "DELETE FROM listing_counts";
  sql << "INSERT INTO listing_counts (scope, scope_id, count) SELECT 'all', 0, COUNT(*)"
         " FROM articles a WHERE " +
             listed;
  sql << "INSERT INTO listing_counts (scope, scope_id, count) SELECT 'category', x.category_id,"
         " COUNT(*) FROM article_categories x JOIN articles a ON a.id = x.article_id WHERE " +
             listed + " GROUP BY x.category_id";
  sql << "INSERT INTO listing_counts (scope, scope_id, count) SELECT 'tag', x.tag_id, COUNT(*)"
         " FROM article_tags x JOIN articles a ON a.id = x.article_id WHERE " +
             listed + " GROUP BY x.tag_id";
  sql << "INSERT INTO listing_counts (scope, scope_id, count) SELECT 'author', a.author_id,"
         " COUNT(*) FROM articles a WHERE " +
             listed + " GROUP BY a.author_id";
}

std::vector<ArticleSummary> ArticleStore::summaries(soci::session& sql,
                                                    std::vector<Id> const& ids) {
  return fetch_summaries_by_ids(sql, ids);
}

std::vector<ArticleSummary> ArticleStore::most_commented(soci::session& sql, int limit) {
  auto query = fmt::format(
      "SELECT {} FROM articles a{} WHERE {} AND a.kind <> 'page'"
      " ORDER BY a.comment_count DESC, a.published_at DESC LIMIT :p0",
      kSummaryColumns, kSummaryJoins, kPublicFilter);
  return fetch_summaries(sql, query, {limit});
}

std::vector<ArticleSummary> ArticleStore::newest_sharing(soci::session& sql, Id id,
                                                         std::vector<Id> const& category_ids,
                                                         std::vector<Id> const& tag_ids,
                                                         int limit) {
  // The newest `limit` articles sharing any category or tag are among the newest
  // `limit + 1` of each of those archives (+1: the article itself may be one of them).
  std::vector<std::pair<long long, Id>> candidates;  // (published_at, id)
  long long when = 0, other = 0, self = id, link = 0, take = limit + 1;
  auto collect = [&](std::vector<Id> const& links, char const* heads_sql) {
    if (links.empty()) return;
    soci::statement heads =
        (sql.prepare << std::string(heads_sql) + " AND a.id = x.article_id AND " + kPublicFilter +
                            " AND a.kind <> 'page' AND a.id <> :self"
                            " ORDER BY x.published_at DESC LIMIT :take",
         soci::use(link, "link"), soci::use(self, "self"), soci::use(take, "take"),
         soci::into(other), soci::into(when));
    for (auto l : links) {
      link = l;
      heads.execute(false);
      while (heads.fetch()) candidates.emplace_back(when, other);
    }
  };
  collect(category_ids,
          "SELECT x.article_id, x.published_at FROM article_categories x CROSS JOIN articles a"
          " WHERE x.category_id = :link");
  collect(tag_ids,
          "SELECT x.article_id, x.published_at FROM article_tags x CROSS JOIN articles a"
          " WHERE x.tag_id = :link");
  std::sort(candidates.begin(), candidates.end(), std::greater<>());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  if (candidates.size() > static_cast<std::size_t>(limit)) candidates.resize(limit);
  std::vector<long long> ids;
  for (auto const& [t, cid] : candidates) ids.push_back(cid);
  return fetch_summaries_by_ids(sql, ids);
}

std::vector<Category> ArticleStore::categories_of(soci::session& sql, Id id) {
  std::vector<Category> out;
  Category c;
  long long parent = 0;
  soci::indicator parent_ind = soci::i_null;
  soci::statement st =
      (sql.prepare << "SELECT c.id, c.parent_id, c.slug, c.name, c.description, c.position"
                      " FROM article_categories x JOIN categories c ON c.id = x.category_id"
                      " WHERE x.article_id = :id ORDER BY x.position",
       soci::use(id), soci::into(c.id), soci::into(parent, parent_ind), soci::into(c.slug),
       soci::into(c.name), soci::into(c.description), soci::into(c.position));
  st.execute(false);
  while (st.fetch()) {
    c.parent_id = parent_ind == soci::i_ok ? std::optional<Id>(parent) : std::nullopt;
    out.push_back(c);
  }
  return out;
}

std::vector<Tag> ArticleStore::tags_of(soci::session& sql, Id id) {
  std::vector<Tag> out;
  Tag t;
  soci::statement st = (sql.prepare << "SELECT t.id, t.slug, t.name FROM article_tags x"
                                       " JOIN tags t ON t.id = x.tag_id WHERE x.article_id = :id"
                                       " ORDER BY t.name",
                        soci::use(id), soci::into(t.id), soci::into(t.slug), soci::into(t.name));
  st.execute(false);
  while (st.fetch()) out.push_back(t);
  return out;
}

void ArticleStore::add_to_comment_count(soci::session& sql, Id id, int delta) {
  sql << "UPDATE articles SET comment_count = comment_count + :d WHERE id = :id", soci::use(delta),
      soci::use(id);
}

std::optional<bool> ArticleStore::comments_closed(soci::session& sql, Id id) {
  int closed = 0;
  sql << "SELECT comments_closed FROM articles WHERE id = :id", soci::use(id), soci::into(closed);
  if (!sql.got_data()) return std::nullopt;
  return closed != 0;
}

bool ArticleStore::set_comments_closed(soci::session& sql, Id id, bool closed) {
  int c = closed ? 1 : 0;
  soci::statement st = (sql.prepare << "UPDATE articles SET comments_closed = :c WHERE id = :id",
                        soci::use(c), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

std::optional<std::tuple<std::string, std::string, Id>> ArticleStore::title_slug_author(
    soci::session& sql, Id id) {
  std::string title, slug;
  long long author = 0;
  sql << "SELECT title, slug, author_id FROM articles WHERE id = :id", soci::use(id),
      soci::into(title), soci::into(slug), soci::into(author);
  if (!sql.got_data()) return std::nullopt;
  return std::tuple{title, slug, author};
}

}  // namespace dossier::publishing
