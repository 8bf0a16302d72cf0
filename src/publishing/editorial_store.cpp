#include "publishing/editorial_store.hpp"

#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "store/row.hpp"

#include "publishing/article_store.hpp"

namespace dossier::publishing {

namespace {

// The editorial state of a row, computed from the public status and the two flags.
constexpr char const* kStateExpr =
    "CASE WHEN a.status = 'published' THEN 'published'"
    " WHEN a.status = 'scheduled' THEN 'scheduled'"
    " WHEN a.review_requested_at IS NOT NULL THEN 'review'"
    " WHEN a.unpublished_at IS NOT NULL THEN 'unpublished' ELSE 'draft' END";

// Every filter is always bound; an empty value means "any". The newsroom's list is read by
// a handful of staff, so clarity wins over an index per filter combination.
constexpr char const* kFilter =
    " WHERE (:s1 = '' OR {STATE} = :s2)"
    " AND (:k1 = '' OR a.kind = :k2)"
    " AND (:a1 = 0 OR a.author_id = :a2)"
    " AND (:c1 = 0 OR a.id IN (SELECT article_id FROM article_categories WHERE category_id = :c2))"
    " AND (:t1 = '' OR lower(a.title) LIKE lower(:t2) ESCAPE '\\')";

std::string filter_sql() {
  std::string f = kFilter;
  f.replace(f.find("{STATE}"), 7, kStateExpr);
  return f;
}

struct Bound {
  std::string state;
  std::string kind;
  long long author = 0;
  long long category = 0;
  std::string title;
  std::string title_like;
};

Bound bind_values(NewsroomQuery const& q) {
  Bound b;
  if (q.state) b.state = std::string(to_string(*q.state));
  if (q.kind) b.kind = std::string(to_string(*q.kind));
  b.author = q.author_id.value_or(0);
  b.category = q.category_id.value_or(0);
  b.title = q.title_contains;
  std::string escaped;
  for (char c : q.title_contains) {
    if (c == '%' || c == '_' || c == '\\') escaped += '\\';
    escaped += c;
  }
  b.title_like = "%" + escaped + "%";
  return b;
}

nlohmann::json fields_of(ArticleInput const& in) {
  nlohmann::json j;
  j["kind"] = to_string(in.kind);
  j["status"] = to_string(in.status);
  j["visibility"] = to_string(in.visibility);
  j["author_id"] = in.author_id;
  j["hero_media_id"] = in.hero_media_id ? nlohmann::json(*in.hero_media_id) : nullptr;
  j["published_at"] = in.published_at ? nlohmann::json(*in.published_at) : nullptr;
  j["seo_title"] = in.seo_title;
  j["seo_description"] = in.seo_description;
  j["category_ids"] = in.category_ids;
  j["tag_ids"] = in.tag_ids;
  return j;
}

void apply_fields(nlohmann::json const& j, ArticleInput& in) {
  if (!j.is_object()) return;  // a damaged row restores its texts only
  in.kind = parse_kind(j.value("kind", "news")).value_or(ArticleKind::News);
  in.status = parse_status(j.value("status", "draft")).value_or(ArticleStatus::Draft);
  in.visibility = parse_visibility(j.value("visibility", "public")).value_or(Visibility::Public);
  in.author_id = j.value("author_id", Id{0});
  if (j.contains("hero_media_id") && j["hero_media_id"].is_number())
    in.hero_media_id = j["hero_media_id"].get<Id>();
  if (j.contains("published_at") && j["published_at"].is_number())
    in.published_at = j["published_at"].get<UnixTime>();
  in.seo_title = j.value("seo_title", "");
  in.seo_description = j.value("seo_description", "");
  in.category_ids = j.value("category_ids", std::vector<Id>{});
  in.tag_ids = j.value("tag_ids", std::vector<Id>{});
}

}  // namespace

std::vector<NewsroomRow> EditorialStore::list(soci::session& sql, NewsroomQuery const& q) {
  auto b = bind_values(q);
  long long limit = q.per_page, offset = static_cast<long long>(q.page - 1) * q.per_page;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT a.id, a.title, a.slug, a.kind, " << kStateExpr
                   << ", a.author_id, u.name, a.updated_at, a.published_at"
                      " FROM articles a JOIN authors u ON u.id = a.author_id"
                   << filter_sql() << " ORDER BY a.updated_at DESC, a.id DESC LIMIT :l OFFSET :o",
       soci::use(b.state), soci::use(b.state), soci::use(b.kind), soci::use(b.kind),
       soci::use(b.author), soci::use(b.author), soci::use(b.category), soci::use(b.category),
       soci::use(b.title), soci::use(b.title_like), soci::use(limit), soci::use(offset));
  std::vector<NewsroomRow> out;
  for (auto const& r : rows) {
    NewsroomRow row;
    row.id = store::row_int(r, 0);
    row.title = store::row_text(r, 1);
    row.slug = store::row_text(r, 2);
    row.kind = parse_kind(store::row_text(r, 3)).value_or(ArticleKind::News);
    row.state = parse_editorial_state(store::row_text(r, 4)).value_or(EditorialState::Draft);
    row.author_id = store::row_int(r, 5);
    row.author_name = store::row_text(r, 6);
    row.updated_at = store::row_int(r, 7);
    if (r.get_indicator(8) == soci::i_ok) row.published_at = store::row_int(r, 8);
    out.push_back(std::move(row));
  }
  return out;
}

long long EditorialStore::count(soci::session& sql, NewsroomQuery const& q) {
  auto b = bind_values(q);
  long long n = 0;
  sql << "SELECT COUNT(*) FROM articles a" << filter_sql(), soci::use(b.state), soci::use(b.state),
      soci::use(b.kind), soci::use(b.kind), soci::use(b.author), soci::use(b.author),
      soci::use(b.category), soci::use(b.category), soci::use(b.title), soci::use(b.title_like),
      soci::into(n);
  return n;
}

std::optional<Draft> EditorialStore::load(soci::session& sql, Id id) {
  auto article = ArticleStore::find_by_id(sql, id);
  if (!article) return std::nullopt;
  Draft d;
  d.id = id;
  auto& in = d.input;
  in.slug = article->slug;
  in.kind = article->kind;
  in.title = article->title;
  in.dek = article->dek;
  in.body_markdown = article->body_markdown;
  in.status = article->status;
  in.visibility = article->visibility;
  in.author_id = article->author_id;
  in.hero_media_id = article->hero_media_id;
  in.published_at = article->published_at;
  in.seo_title = article->seo_title;
  in.seo_description = article->seo_description;
  for (auto const& c : ArticleStore::categories_of(sql, id)) in.category_ids.push_back(c.id);
  for (auto const& t : ArticleStore::tags_of(sql, id)) in.tag_ids.push_back(t.id);
  d.state = state_of(sql, id);
  d.revision_id = latest_revision(sql, id);
  d.updated_at = article->updated_at;
  return d;
}

EditorialState EditorialStore::state_of(soci::session& sql, Id id) {
  std::string state;
  sql << "SELECT " << kStateExpr << " FROM articles a WHERE a.id = :id", soci::use(id),
      soci::into(state);
  return parse_editorial_state(state).value_or(EditorialState::Draft);
}

void EditorialStore::set_flags(soci::session& sql, Id id,
                               std::optional<UnixTime> review_requested_at,
                               std::optional<UnixTime> unpublished_at) {
  long long review = review_requested_at.value_or(0), unpublished = unpublished_at.value_or(0);
  auto review_ind = review_requested_at ? soci::i_ok : soci::i_null;
  auto unpublished_ind = unpublished_at ? soci::i_ok : soci::i_null;
  sql << "UPDATE articles SET review_requested_at = :r, unpublished_at = :u WHERE id = :id",
      soci::use(review, review_ind), soci::use(unpublished, unpublished_ind), soci::use(id);
}

Id EditorialStore::latest_revision(soci::session& sql, Id article_id) {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT MAX(id) FROM revisions WHERE article_id = :a", soci::use(article_id),
      soci::into(id, ind);
  return ind == soci::i_ok ? id : 0;
}

Id EditorialStore::insert_revision(soci::session& sql, Id article_id, std::optional<Id> user_id,
                                   std::string const& note, ArticleInput const& in, UnixTime now) {
  long long id = 0, user = user_id.value_or(0), t = now;
  auto user_ind = user_id ? soci::i_ok : soci::i_null;
  auto fields = fields_of(in).dump();
  sql << "INSERT INTO revisions (article_id, user_id, created_at, note, title, dek, slug, fields,"
         " body_markdown) VALUES (:a, :u, :t, :n, :ti, :d, :s, :f, :b) RETURNING id",
      soci::use(article_id), soci::use(user, user_ind), soci::use(t), soci::use(note),
      soci::use(in.title), soci::use(in.dek), soci::use(in.slug), soci::use(fields),
      soci::use(in.body_markdown), soci::into(id);
  return id;
}

std::vector<RevisionSummary> EditorialStore::revisions(soci::session& sql, Id article_id,
                                                       int limit) {
  long long l = limit;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT r.id, r.created_at, COALESCE(u.name, ''), r.note, r.title"
                      " FROM revisions r LEFT JOIN authors u ON u.id = r.user_id"
                      " WHERE r.article_id = :a ORDER BY r.id DESC LIMIT :l",
       soci::use(article_id), soci::use(l));
  std::vector<RevisionSummary> out;
  for (auto const& r : rows)
    out.push_back({store::row_int(r, 0), store::row_int(r, 1), store::row_text(r, 2),
                   store::row_text(r, 3), store::row_text(r, 4)});
  return out;
}

std::optional<Revision> EditorialStore::revision(soci::session& sql, Id revision_id) {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT r.id, r.created_at, COALESCE(u.name, ''), r.note, r.title,"
                      " r.article_id, r.dek, r.slug, r.fields, r.body_markdown"
                      " FROM revisions r LEFT JOIN authors u ON u.id = r.user_id WHERE r.id = :id",
       soci::use(revision_id));
  for (auto const& r : rows) {
    Revision rev;
    rev.summary = {store::row_int(r, 0), store::row_int(r, 1), store::row_text(r, 2),
                   store::row_text(r, 3), store::row_text(r, 4)};
    rev.article_id = store::row_int(r, 5);
    rev.input.title = rev.summary.title;
    rev.input.dek = store::row_text(r, 6);
    rev.input.slug = store::row_text(r, 7);
    apply_fields(nlohmann::json::parse(store::row_text(r, 8), nullptr, false), rev.input);
    rev.input.body_markdown = store::row_text(r, 9);
    return rev;
  }
  return std::nullopt;
}

std::optional<Id> EditorialStore::tag_by_name(soci::session& sql, std::string const& name) {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT id FROM tags WHERE lower(name) = lower(:n) OR slug = :s LIMIT 1", soci::use(name),
      soci::use(name), soci::into(id, ind);
  if (!sql.got_data() || ind != soci::i_ok) return std::nullopt;
  return id;
}

std::vector<std::string> EditorialStore::tag_names(soci::session& sql, std::vector<Id> const& ids) {
  std::vector<std::string> out;
  for (auto id : ids) {
    std::string name;
    sql << "SELECT name FROM tags WHERE id = :id", soci::use(id), soci::into(name);
    if (sql.got_data()) out.push_back(name);
  }
  return out;
}

std::vector<Id> EditorialStore::due(soci::session& sql, UnixTime now, int limit) {
  long long t = now, l = limit;
  std::vector<Id> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT id FROM articles WHERE status = 'scheduled' AND published_at <= :t"
                      " ORDER BY published_at LIMIT :l",
       soci::use(t), soci::use(l));
  for (auto const& r : rows) out.push_back(store::row_int(r, 0));
  return out;
}

}  // namespace dossier::publishing
