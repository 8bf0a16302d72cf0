#include "insight/insight_read_store.hpp"

#include <fmt/format.h>
#include <soci/soci.h>

#include "core/strings.hpp"
#include "store/dialect.hpp"
#include "store/row.hpp"

namespace dossier::insight {

namespace {

constexpr char const* kEntityColumns =
    "e.id, e.kind, e.slug, COALESCE(e.name_override, e.name), COALESCE(e.role_override, "
    "e.role), COALESCE(e.iso2, ''), e.institution";
constexpr std::size_t kEntityColumnCount = 7;

EntityRef entity_from(soci::row const& r, std::size_t at = 0) {
  EntityRef e;
  e.id = store::row_int(r, at);
  e.kind = parse_entity_kind(store::row_text(r, at + 1)).value_or(EntityKind::Person);
  e.slug = store::row_text(r, at + 2);
  e.name = store::row_text(r, at + 3);
  if (r.get_indicator(at + 4) == soci::i_ok && !store::row_text(r, at + 4).empty())
    e.role = store::row_text(r, at + 4);
  e.iso2 = store::row_text(r, at + 5);
  e.institution = store::row_int(r, at + 6) != 0;
  return e;
}

// An entity row followed by one count column.
EntityRef counted_entity_from(soci::row const& r) {
  auto e = entity_from(r);
  e.count = store::row_int(r, kEntityColumnCount);
  return e;
}

ArticleRef article_from(soci::row const& r, std::size_t at) {
  return {store::row_int(r, at), store::row_text(r, at + 1), store::row_text(r, at + 2),
          store::row_text(r, at + 3), store::row_int(r, at + 4)};
}

// The values of a quotation query's WHERE, bound in this order: its integers, then its texts.
// The WHERE text itself is fixed in this file; no value is ever formatted into it.
struct QuoteFilter {
  std::string where;
  std::vector<long long> ints;
  std::vector<std::string> texts;
};

void bind(soci::statement& st, QuoteFilter const& filter) {
  for (auto const& i : filter.ints) st.exchange(soci::use(i));
  for (auto const& t : filter.texts) st.exchange(soci::use(t));
}

QuoteFilter search_filter(InsightReadStore::QuoteSearch const& search) {
  QuoteFilter f{"q.speaker_entity_id IS NOT NULL", {}, {}};
  if (!search.speaker_pattern.empty()) {
    f.where += " AND lower(COALESCE(e.name_override, e.name)) LIKE lower(:sp) ESCAPE '\\'";
    f.texts.push_back(search.speaker_pattern);
  }
  if (!search.words_pattern.empty()) {
    f.where += " AND lower(q.text) LIKE lower(:w) ESCAPE '\\'";
    f.texts.push_back(search.words_pattern);
  }
  // Institutions in the wide sense: organizations (institution speakers are organization rows)
  // and states speaking as countries ("Moscow said").
  if (search.kind == SpeakerFilter::Person) f.where += " AND e.kind = 'person'";
  if (search.kind == SpeakerFilter::Institution)
    f.where += " AND e.kind IN ('organization', 'country')";
  // The speaker's country: the country itself, or an institution or organization linked to it.
  if (!search.country.empty()) {
    f.where +=
        " AND ((e.kind = 'country' AND e.slug = :c1) OR e.country_entity_id IN (SELECT c.id FROM"
        " entities c WHERE c.kind = 'country' AND c.slug = :c2))";
    f.texts.push_back(search.country);
    f.texts.push_back(search.country);
  }
  return f;
}

std::vector<StoredQuote> quotes_where(soci::session& sql, QuoteFilter const& filter, int limit,
                                      int offset) {
  std::vector<StoredQuote> out;
  auto query = fmt::format(
      "SELECT q.id, q.text, a.id, a.slug, a.title, a.dek, COALESCE(a.published_at, 0), {} FROM"
      " quotes q JOIN public_articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id ="
      " q.speaker_entity_id WHERE {} ORDER BY q.published_at DESC, q.id DESC LIMIT :limit"
      " OFFSET :offset",
      kEntityColumns, filter.where);
  long long l = limit, o = offset;
  soci::statement st(sql);
  soci::row r;
  st.exchange(soci::into(r));
  bind(st, filter);
  st.exchange(soci::use(l));
  st.exchange(soci::use(o));
  st.alloc();
  st.prepare(query);
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) {
    StoredQuote q;
    q.id = store::row_int(r, 0);
    q.text = store::row_text(r, 1);
    q.article = article_from(r, 2);
    if (r.get_indicator(7) == soci::i_ok) q.speaker = entity_from(r, 7);
    out.push_back(std::move(q));
  }
  return out;
}

}  // namespace

std::vector<EntityRef> InsightReadStore::article_entities(soci::session& sql, Id article) {
  std::vector<EntityRef> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kEntityColumns
                   << ", ae.mentions FROM article_entities ae JOIN entities e ON e.id ="
                      " ae.entity_id WHERE ae.article_id = :a AND e.hidden = 0"
                      " ORDER BY ae.first_offset",
       soci::use(article));
  for (auto const& r : rows) out.push_back(counted_entity_from(r));
  return out;
}

std::vector<StoredFigure> InsightReadStore::article_figures(soci::session& sql, Id article) {
  std::vector<StoredFigure> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT text, value, what, COALESCE(source, '') FROM figures"
                      " WHERE article_id = :a ORDER BY position",
       soci::use(article));
  for (auto const& r : rows) {
    StoredFigure f;
    f.text = store::row_text(r, 0);
    f.value = r.get<double>(1);
    f.what = store::row_text(r, 2);
    if (auto s = store::row_text(r, 3); !s.empty()) f.source = s;
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<StoredQuote> InsightReadStore::quotes_of_article(soci::session& sql, Id article,
                                                             int limit) {
  return quotes_where(sql, {"q.article_id = :article", {article}, {}}, limit, 0);
}

std::vector<StoredQuote> InsightReadStore::quotes_of_speaker(soci::session& sql, Id speaker,
                                                             int limit) {
  return quotes_where(sql, {"q.speaker_entity_id = :speaker", {speaker}, {}}, limit, 0);
}

std::vector<StoredQuote> InsightReadStore::quotes_about(soci::session& sql, Id entity, int window,
                                                        int limit) {
  QuoteFilter f{
      "q.article_id IN (SELECT article_id FROM article_entities WHERE entity_id = :entity"
      " ORDER BY published_at DESC LIMIT :window) AND (q.speaker_entity_id IS NULL OR"
      " q.speaker_entity_id <> :speaker)",
      {entity, window, entity},
      {}};
  return quotes_where(sql, f, limit, 0);
}

std::vector<StoredQuote> InsightReadStore::search_quotes(soci::session& sql,
                                                         QuoteSearch const& search, int limit,
                                                         int offset) {
  return quotes_where(sql, search_filter(search), limit, offset);
}

long long InsightReadStore::count_quotes(soci::session& sql, QuoteSearch const& search) {
  auto filter = search_filter(search);
  long long total = 0;
  soci::statement st(sql);
  st.exchange(soci::into(total));
  bind(st, filter);
  st.alloc();
  st.prepare(fmt::format(
      "SELECT COUNT(*) FROM quotes q JOIN public_articles a ON a.id = q.article_id LEFT JOIN"
      " entities e ON e.id = q.speaker_entity_id WHERE {}",
      filter.where));
  st.define_and_bind();
  st.execute(true);
  return total;
}

std::optional<EntityRef> InsightReadStore::find_entity(soci::session& sql,
                                                       std::optional<EntityKind> kind,
                                                       std::string const& slug) {
  std::string k = kind ? std::string(to_string(*kind)) : "";
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kEntityColumns
                   << " FROM entities e WHERE e.slug = :s AND (:k1 = '' OR e.kind = :k2) AND"
                      " e.hidden = 0 ORDER BY e.kind LIMIT 1",
       soci::use(slug), soci::use(k), soci::use(k));
  for (auto const& r : rows) return entity_from(r);
  return std::nullopt;
}

std::optional<EntityRef> InsightReadStore::country_of(soci::session& sql, Id entity) {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kEntityColumns
                   << " FROM entities o JOIN entities e ON e.id = o.country_entity_id"
                      " WHERE o.id = :id AND e.hidden = 0",
       soci::use(entity));
  for (auto const& r : rows) return entity_from(r);
  return std::nullopt;
}

std::optional<Id> InsightReadStore::merged_into(soci::session& sql, Id entity) {
  long long merged = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT merged_into FROM entities WHERE id = :id", soci::use(entity),
      soci::into(merged, ind);
  if (!sql.got_data() || ind != soci::i_ok) return std::nullopt;
  return merged;
}

std::vector<EntityRef> InsightReadStore::search_entities(soci::session& sql,
                                                         std::optional<EntityKind> kind,
                                                         std::string const& like_pattern,
                                                         int limit) {
  std::string k = kind ? std::string(to_string(*kind)) : "";
  long long l = limit;
  std::vector<EntityRef> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kEntityColumns
                   << ", (SELECT COUNT(*) FROM article_entities ae WHERE ae.entity_id = e.id)"
                      " FROM entities e WHERE e.hidden = 0 AND e.merged_into IS NULL AND EXISTS"
                      " (SELECT 1 FROM article_entities x WHERE x.entity_id = e.id) AND"
                      " (:k1 = '' OR e.kind = :k2) AND lower(COALESCE(e.name_override, e.name)) "
                      "LIKE lower(:p)"
                      " ESCAPE '\\' ORDER BY 8 DESC, e.name LIMIT :l",
       soci::use(k), soci::use(k), soci::use(like_pattern), soci::use(l));
  for (auto const& r : rows) out.push_back(counted_entity_from(r));
  return out;
}

long long InsightReadStore::public_article_count(soci::session& sql, Id entity) {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM article_entities ae JOIN public_articles a ON a.id ="
         " ae.article_id WHERE ae.entity_id = :e",
      soci::use(entity), soci::into(n);
  return n;
}

std::vector<MonthCount> InsightReadStore::months(soci::session& sql, Id entity) {
  std::vector<MonthCount> out;
  // The year and month of a UTC time, in each engine's words: the one SQL difference here.
  bool postgres = store::is_postgres(sql);
  char const* year = postgres ? "to_char(to_timestamp(ae.published_at) AT TIME ZONE 'UTC', 'YYYY')"
                              : "strftime('%Y', ae.published_at, 'unixepoch')";
  char const* month = postgres ? "to_char(to_timestamp(ae.published_at) AT TIME ZONE 'UTC', 'MM')"
                               : "strftime('%m', ae.published_at, 'unixepoch')";
  soci::rowset<soci::row> rows =
      (sql.prepare << fmt::format("SELECT {}, {}, SUM(ae.mentions) FROM article_entities ae"
                                  " JOIN public_articles a ON a.id = ae.article_id"
                                  " WHERE ae.entity_id = :e GROUP BY 1, 2",
                                  year, month),
       soci::use(entity));
  for (auto const& r : rows)
    out.push_back({static_cast<int>(parse_id(store::row_text(r, 0)).value_or(0)),
                   static_cast<int>(parse_id(store::row_text(r, 1)).value_or(0)),
                   store::row_int(r, 2)});
  return out;
}

std::vector<ArticleRef> InsightReadStore::latest_articles(soci::session& sql, Id entity,
                                                          int limit) {
  long long l = limit;
  std::vector<ArticleRef> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT a.id, a.slug, a.title, a.dek, COALESCE(a.published_at, 0) FROM"
                      " article_entities ae JOIN public_articles a ON a.id = ae.article_id WHERE"
                      " ae.entity_id = :e ORDER BY ae.published_at DESC LIMIT :l",
       soci::use(entity), soci::use(l));
  for (auto const& r : rows) out.push_back(article_from(r, 0));
  return out;
}

std::vector<EntityRef> InsightReadStore::mentioned_with(soci::session& sql, Id entity, int window,
                                                        int limit) {
  long long w = window, l = limit;
  std::vector<EntityRef> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kEntityColumns
                   << ", COUNT(*) FROM (SELECT ae.article_id FROM article_entities ae JOIN"
                      " public_articles a ON a.id = ae.article_id WHERE ae.entity_id = :e"
                      " ORDER BY ae.published_at DESC LIMIT :w) mine JOIN article_entities"
                      " other ON other.article_id = mine.article_id JOIN entities e ON e.id ="
                      " other.entity_id WHERE other.entity_id <> :e2 AND e.hidden = 0 GROUP BY"
                      " e.id ORDER BY COUNT(*) DESC, e.name LIMIT :l",
       soci::use(entity), soci::use(w), soci::use(entity), soci::use(l));
  for (auto const& r : rows) out.push_back(counted_entity_from(r));
  return out;
}

std::optional<Id> InsightReadStore::public_article_id(soci::session& sql, std::string const& slug) {
  long long id = 0;
  sql << "SELECT id FROM public_articles WHERE slug = :s", soci::use(slug), soci::into(id);
  if (!sql.got_data()) return std::nullopt;
  return id;
}

}  // namespace dossier::insight
