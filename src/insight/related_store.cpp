#include "insight/related_store.hpp"

#include <fmt/format.h>
#include <soci/soci.h>

#include "store/dialect.hpp"
#include "store/row.hpp"

namespace dossier::insight {

std::vector<RelatedStore::EntityLink> RelatedStore::entity_links(soci::session& sql, Id article) {
  std::vector<EntityLink> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT ae.entity_id, e.article_count FROM article_entities ae JOIN"
                      " entities e ON e.id = ae.entity_id WHERE ae.article_id = :a",
       soci::use(article));
  for (auto const& r : rows) out.push_back({store::row_int(r, 0), store::row_int(r, 1)});
  return out;
}

std::vector<Id> RelatedStore::newest_with_entity(soci::session& sql, Id entity, Id except,
                                                 int limit) {
  long long take = limit;
  std::vector<Id> out;
  soci::rowset<long long> rows =
      (sql.prepare << "SELECT article_id FROM article_entities WHERE entity_id = :l AND"
                      " article_id <> :a ORDER BY published_at DESC LIMIT :t",
       soci::use(entity), soci::use(except), soci::use(take));
  for (auto id : rows) out.push_back(id);
  return out;
}

std::map<Id, RelatedStore::Candidate> RelatedStore::public_candidates(soci::session& sql,
                                                                      std::vector<Id> const& ids) {
  std::map<Id, Candidate> out;
  if (ids.empty()) return out;
  // One placeholder per id (a few hundred at most): the values are bound, never pasted. They
  // are anonymous ("?"): SQLite looks each new named parameter up among the names before it,
  // which costs a noticeable share of a save at a few hundred names.
  // PostgreSQL numbers its positional parameters ($1, $2 ...): the one SQL difference here.
  bool postgres = store::is_postgres(sql);
  std::string placeholders;
  for (std::size_t i = 0; i < ids.size(); ++i)
    placeholders += fmt::format("{}{}", i ? ", " : "", postgres ? fmt::format("${}", i + 1) : "?");
  soci::statement st(sql);
  soci::row r;
  st.exchange(soci::into(r));
  for (auto const& id : ids) st.exchange(soci::use(id));
  st.alloc();
  st.prepare(
      fmt::format("SELECT a.id, a.title, COALESCE(a.published_at, 0) FROM public_articles"
                  " a WHERE a.id IN ({}) AND a.kind <> 'page'",
                  placeholders));
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) out[store::row_int(r, 0)] = {store::row_text(r, 1), store::row_int(r, 2)};
  return out;
}

void RelatedStore::replace(soci::session& sql, Id article,
                           std::vector<std::pair<Id, double>> const& ranked) {
  sql << "DELETE FROM related_articles WHERE article_id = :a", soci::use(article);
  int rank = 0;
  for (auto const& [id, score] : ranked) {
    sql << "INSERT INTO related_articles (article_id, related_id, rank, score) VALUES (:a, :r,"
           " :k, :s)",
        soci::use(article), soci::use(id), soci::use(rank), soci::use(score);
    ++rank;
  }
}

std::vector<Id> RelatedStore::ranked(soci::session& sql, Id article, int limit) {
  long long l = limit;
  std::vector<Id> out;
  soci::rowset<long long> rows =
      (sql.prepare << "SELECT r.related_id FROM related_articles r JOIN public_articles a ON"
                      " a.id = r.related_id WHERE r.article_id = :id AND a.kind <> 'page'"
                      " ORDER BY r.rank LIMIT :l",
       soci::use(article), soci::use(l));
  for (auto id : rows) out.push_back(id);
  return out;
}

}  // namespace dossier::insight
