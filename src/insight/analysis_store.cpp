#include "insight/analysis_store.hpp"

#include <algorithm>

#include <soci/soci.h>

namespace dossier::insight {

namespace {

// Merge chains are short (each merge points its aliases at the root), so a few hops suffice;
// the bound only guards against a cycle written by hand.
constexpr int kMaxMergeHops = 8;

}  // namespace

void AnalysisStore::enqueue(soci::session& sql, Id article, UnixTime now) {
  long long t = now;
  sql << "INSERT INTO insight_queue (article_id, queued_at) VALUES (:a, :t)"
         " ON CONFLICT (article_id) DO UPDATE SET queued_at = excluded.queued_at",
      soci::use(article), soci::use(t);
}

long long AnalysisStore::enqueue_unanalysed(soci::session& sql, std::vector<Id> const& articles,
                                            UnixTime now) {
  // Both lists ascend, so the never-analysed ones are a merge walk away; only they are written.
  std::vector<Id> analysed;
  {
    soci::rowset<long long> rows =
        (sql.prepare << "SELECT article_id FROM insight_state ORDER BY article_id");
    for (auto id : rows) analysed.push_back(id);
  }
  std::vector<Id> missing;
  std::set_difference(articles.begin(), articles.end(), analysed.begin(), analysed.end(),
                      std::back_inserter(missing));
  long long t = now, article = 0, added = 0;
  soci::statement st =
      (sql.prepare << "INSERT INTO insight_queue (article_id, queued_at) VALUES (:a, :t)"
                      " ON CONFLICT (article_id) DO NOTHING",
       soci::use(article), soci::use(t));
  for (auto id : missing) {
    article = id;
    st.execute(true);
    added += st.get_affected_rows();
  }
  return added;
}

std::vector<Id> AnalysisStore::queued(soci::session& sql, int limit) {
  long long l = std::max(limit, 1);
  std::vector<Id> out;
  // insight_queue_by_time (migration 0019) serves this order, so a long queue (an archive's
  // first analysis) is not sorted again for every batch.
  soci::rowset<long long> rows =
      (sql.prepare << "SELECT article_id FROM insight_queue ORDER BY queued_at, article_id"
                      " LIMIT :l",
       soci::use(l));
  for (auto id : rows) out.push_back(id);
  return out;
}

void AnalysisStore::dequeue(soci::session& sql, Id article) {
  sql << "DELETE FROM insight_queue WHERE article_id = :a", soci::use(article);
}

bool AnalysisStore::is_queued(soci::session& sql, Id article) {
  int one = 0;
  sql << "SELECT 1 FROM insight_queue WHERE article_id = :a", soci::use(article), soci::into(one);
  return sql.got_data();
}

bool AnalysisStore::queue_holds_at_least(soci::session& sql, int count) {
  long long n = 0, limit = count;
  sql << "SELECT COUNT(*) FROM (SELECT 1 FROM insight_queue LIMIT :l)", soci::use(limit),
      soci::into(n);
  return n >= count;
}

void AnalysisStore::clear_queue(soci::session& sql) {
  sql << "DELETE FROM insight_queue";
}

std::optional<UnixTime> AnalysisStore::analyzed_at(soci::session& sql, Id article) {
  long long at = 0;
  sql << "SELECT analyzed_at FROM insight_state WHERE article_id = :a", soci::use(article),
      soci::into(at);
  if (!sql.got_data()) return std::nullopt;
  return at;
}

void AnalysisStore::mark_analyzed(soci::session& sql, Id article, UnixTime now, bool related_due) {
  long long t = now;
  int due = related_due ? 1 : 0;
  sql << "INSERT INTO insight_state (article_id, analyzed_at, related_due) VALUES (:a, :t, :d)"
         " ON CONFLICT (article_id) DO UPDATE SET analyzed_at = excluded.analyzed_at,"
         " related_due = excluded.related_due",
      soci::use(article), soci::use(t), soci::use(due);
}

std::vector<Id> AnalysisStore::related_due(soci::session& sql, int limit) {
  long long l = std::max(limit, 1);
  std::vector<Id> out;
  soci::rowset<long long> rows =
      (sql.prepare << "SELECT article_id FROM insight_state WHERE related_due = 1"
                      " ORDER BY article_id LIMIT :l",
       soci::use(l));
  for (auto id : rows) out.push_back(id);
  return out;
}

void AnalysisStore::related_scored(soci::session& sql, Id article) {
  sql << "UPDATE insight_state SET related_due = 0 WHERE article_id = :a", soci::use(article);
}

std::vector<std::string> AnalysisStore::known_people(soci::session& sql) {
  std::vector<std::string> out;
  soci::rowset<std::string> names =
      (sql.prepare << "SELECT name FROM entities WHERE kind = 'person' AND hidden = 0 AND"
                      " merged_into IS NULL");
  for (auto const& n : names) out.push_back(n);
  return out;
}

void AnalysisStore::clear_results(soci::session& sql, Id article) {
  // Entities' article counts (their rarity, for related articles) move with the rows.
  sql << "UPDATE entities SET article_count = article_count - 1 WHERE id IN (SELECT entity_id"
         " FROM article_entities WHERE article_id = :a)",
      soci::use(article);
  sql << "DELETE FROM article_entities WHERE article_id = :a", soci::use(article);
  sql << "DELETE FROM quotes WHERE article_id = :a", soci::use(article);
  sql << "DELETE FROM figures WHERE article_id = :a", soci::use(article);
}

Id AnalysisStore::upsert_entity(soci::session& sql, EntityKind kind, std::string const& slug,
                                std::string const& name, std::string const& iso2,
                                std::optional<std::string> const& role) {
  std::string k(to_string(kind));
  long long id = 0, merged = 0;
  int hidden = 0;
  soci::indicator merged_ind = soci::i_null;
  sql << "SELECT id, hidden, merged_into FROM entities WHERE kind = :k AND slug = :s", soci::use(k),
      soci::use(slug), soci::into(id), soci::into(hidden), soci::into(merged, merged_ind);
  if (!sql.got_data()) {
    std::string r = role.value_or("");
    soci::indicator role_ind = role ? soci::i_ok : soci::i_null;
    std::string iso = iso2;
    soci::indicator iso_ind = iso2.empty() ? soci::i_null : soci::i_ok;
    sql << "INSERT INTO entities (kind, slug, name, iso2, role) VALUES (:k, :s, :n, :i, :r)"
           " RETURNING id",
        soci::use(k), soci::use(slug), soci::use(name), soci::use(iso, iso_ind),
        soci::use(r, role_ind), soci::into(id);
    return id;
  }
  for (int hops = 0; merged_ind == soci::i_ok && hops < kMaxMergeHops; ++hops) {
    id = merged;
    sql << "SELECT hidden, merged_into FROM entities WHERE id = :id", soci::use(id),
        soci::into(hidden), soci::into(merged, merged_ind);
  }
  if (hidden) return 0;
  if (role) sql << "UPDATE entities SET role = :r WHERE id = :id", soci::use(*role), soci::use(id);
  return id;
}

void AnalysisStore::add_mentions(soci::session& sql, Id article, Id entity, int mentions,
                                 long long first_offset, UnixTime published) {
  long long pub = published;
  sql << "INSERT INTO article_entities (article_id, entity_id, mentions, first_offset,"
         " published_at) VALUES (:a, :e, :m, :f, :p)",
      soci::use(article), soci::use(entity), soci::use(mentions), soci::use(first_offset),
      soci::use(pub);
  sql << "UPDATE entities SET article_count = article_count + 1 WHERE id = :e", soci::use(entity);
}

std::optional<std::optional<Id>> AnalysisStore::corrected_speaker(soci::session& sql, Id article,
                                                                  std::string const& text) {
  long long speaker = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT speaker_entity_id FROM quote_corrections WHERE article_id = :a AND text = :t",
      soci::use(article), soci::use(text), soci::into(speaker, ind);
  if (!sql.got_data()) return std::nullopt;
  return ind == soci::i_ok ? std::optional<Id>(speaker) : std::optional<Id>();
}

void AnalysisStore::add_quote(soci::session& sql, Id article, int position, std::string const& text,
                              std::optional<Id> speaker, UnixTime published) {
  long long s = speaker.value_or(0), pub = published;
  soci::indicator ind = speaker ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO quotes (article_id, position, text, speaker_entity_id, published_at)"
         " VALUES (:a, :p, :t, :s, :pub)",
      soci::use(article), soci::use(position), soci::use(text), soci::use(s, ind), soci::use(pub);
}

void AnalysisStore::add_figure(soci::session& sql, Id article, int position, Figure const& figure) {
  std::string source = figure.source.value_or("");
  soci::indicator source_ind = figure.source ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO figures (article_id, position, text, value, what, source)"
         " VALUES (:a, :p, :t, :v, :w, :s)",
      soci::use(article), soci::use(position), soci::use(figure.text), soci::use(figure.value),
      soci::use(figure.what), soci::use(source, source_ind);
}

}  // namespace dossier::insight
