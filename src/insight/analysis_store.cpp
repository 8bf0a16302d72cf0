#include "insight/analysis_store.hpp"

#include <algorithm>

#include <soci/soci.h>

#include "store/database.hpp"
#include "store/row.hpp"

namespace dossier::insight {

namespace {

// Merge chains are short (each merge points its aliases at the root), so a few hops suffice;
// the bound only guards against a cycle written by hand.
constexpr int kMaxMergeHops = 8;

}  // namespace

void AnalysisStore::enqueue(soci::session& sql, Id article, UnixTime now) {
  long long t = now;
  sql << "INSERT INTO insight_queue (article_id, queued_at) VALUES (:a, :t)"
         " ON CONFLICT (article_id) DO UPDATE SET queued_at = excluded.queued_at,"
         " claimed_until = 0",
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

std::vector<Id> AnalysisStore::claim(soci::session& sql, int limit, UnixTime now,
                                     UnixTime claimed_until) {
  long long l = std::max(limit, 1), t = now, until = claimed_until;
  std::vector<Id> out;
  store::ClaimTransaction tx(sql);
  {
    // insight_queue_by_time (migration 0019) serves this order, so a long queue (an archive's
    // first analysis) is not sorted again for every batch.
    soci::rowset<long long> rows =
        (sql.prepare << "SELECT article_id FROM insight_queue WHERE claimed_until <= :t"
                        " ORDER BY queued_at, article_id LIMIT :l" +
                            store::claim_lock_clause(sql),
         soci::use(t), soci::use(l));
    for (auto id : rows) out.push_back(id);
  }
  for (auto id : out)
    sql << "UPDATE insight_queue SET claimed_until = :u WHERE article_id = :a", soci::use(until),
        soci::use(id);
  tx.commit();
  return out;
}

bool AnalysisStore::is_queued(soci::session& sql, Id article) {
  int one = 0;
  sql << "SELECT 1 FROM insight_queue WHERE article_id = :a", soci::use(article), soci::into(one);
  return sql.got_data();
}

bool AnalysisStore::queue_holds_at_least(soci::session& sql, int count) {
  long long n = 0, limit = count;
  sql << "SELECT COUNT(*) FROM (SELECT 1 FROM insight_queue LIMIT :l) q", soci::use(limit),
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

std::vector<KnownSpeaker> AnalysisStore::known_speakers(soci::session& sql) {
  std::vector<KnownSpeaker> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT DISTINCT e.name, e.kind, e.institution, COALESCE(c.iso2, e.iso2, '')"
                      " FROM quote_corrections qc JOIN entities e ON e.id = qc.speaker_entity_id"
                      " LEFT JOIN entities c ON c.id = e.country_entity_id"
                      " WHERE e.hidden = 0 AND e.merged_into IS NULL ORDER BY e.name");
  for (auto const& r : rows) {
    KnownSpeaker k;
    k.name = store::row_text(r, 0);
    auto kind = store::row_text(r, 1);
    bool institution = store::row_int(r, 2) != 0;
    k.kind = kind == "person"    ? SpeakerKind::Person
             : kind == "country" ? SpeakerKind::Country
             : institution       ? SpeakerKind::Institution
                                 : SpeakerKind::Organization;
    if (auto iso2 = store::row_text(r, 3); !iso2.empty()) k.country = iso2;
    out.push_back(std::move(k));
  }
  return out;
}

// The bound values and prepared statements of one writer. SOCI binds by reference, so each
// statement reads its values from these members when it runs.
struct AnalysisWriter::Statements {
  explicit Statements(soci::session& sql)
      : uncount((sql.prepare << "UPDATE entities SET article_count = article_count - 1 WHERE id IN"
                                " (SELECT entity_id FROM article_entities WHERE article_id = :a)",
                 soci::use(article))),
        clear_mentions((sql.prepare << "DELETE FROM article_entities WHERE article_id = :a",
                        soci::use(article))),
        clear_quotes(
            (sql.prepare << "DELETE FROM quotes WHERE article_id = :a", soci::use(article))),
        clear_figures(
            (sql.prepare << "DELETE FROM figures WHERE article_id = :a", soci::use(article))),
        find_entity((sql.prepare << "SELECT id, hidden, merged_into, institution FROM entities"
                                    " WHERE kind = :k AND slug = :s",
                     soci::use(kind), soci::use(slug), soci::into(entity), soci::into(hidden),
                     soci::into(merged, merged_ind), soci::into(institution))),
        insert_entity((sql.prepare << "INSERT INTO entities (kind, slug, name, iso2, role,"
                                      " institution) VALUES (:k, :s, :n, :i, :r, :inst)"
                                      " RETURNING id",
                       soci::use(kind), soci::use(slug), soci::use(name), soci::use(iso2, iso2_ind),
                       soci::use(role, role_ind), soci::use(institution), soci::into(entity))),
        clear_institution((sql.prepare << "UPDATE entities SET institution = 0 WHERE id = :id",
                           soci::use(entity))),
        link_country((sql.prepare << "UPDATE entities SET country_entity_id = :c WHERE id = :id"
                                     " AND country_entity_id IS NULL AND kind = 'organization'",
                      soci::use(country), soci::use(entity))),
        follow_merge((sql.prepare << "SELECT hidden, merged_into FROM entities WHERE id = :id",
                      soci::use(entity), soci::into(hidden), soci::into(merged, merged_ind))),
        set_role((sql.prepare << "UPDATE entities SET role = :r WHERE id = :id", soci::use(role),
                  soci::use(entity))),
        add_mention((sql.prepare << "INSERT INTO article_entities (article_id, entity_id,"
                                    " mentions, first_offset, published_at)"
                                    " VALUES (:a, :e, :m, :f, :p)",
                     soci::use(article), soci::use(entity), soci::use(count),
                     soci::use(first_offset), soci::use(published))),
        count_article((sql.prepare << "UPDATE entities SET article_count = article_count + 1"
                                      " WHERE id = :e",
                       soci::use(entity))),
        find_correction((sql.prepare << "SELECT speaker_entity_id FROM quote_corrections"
                                        " WHERE article_id = :a AND text = :t",
                         soci::use(article), soci::use(text), soci::into(speaker, speaker_ind))),
        add_quote((sql.prepare << "INSERT INTO quotes (article_id, position, text,"
                                  " speaker_entity_id, published_at)"
                                  " VALUES (:a, :p, :t, :s, :pub)",
                   soci::use(article), soci::use(position), soci::use(text),
                   soci::use(speaker, speaker_ind), soci::use(published))),
        add_figure((sql.prepare << "INSERT INTO figures (article_id, position, text, value, what,"
                                   " source) VALUES (:a, :p, :t, :v, :w, :s)",
                    soci::use(article), soci::use(position), soci::use(text), soci::use(value),
                    soci::use(what), soci::use(source, source_ind))),
        mark_analyzed((sql.prepare << "INSERT INTO insight_state (article_id, analyzed_at,"
                                      " related_due) VALUES (:a, :t, :d)"
                                      " ON CONFLICT (article_id) DO UPDATE SET"
                                      " analyzed_at = excluded.analyzed_at,"
                                      " related_due = excluded.related_due",
                       soci::use(article), soci::use(at), soci::use(due))),
        // An article queued again while it was analysed (its claim reset) stays queued.
        dequeue((sql.prepare << "DELETE FROM insight_queue WHERE article_id = :a"
                                " AND claimed_until <> 0",
                 soci::use(article))) {}

  // Declared before the statements, which bind them.
  long long article = 0, entity = 0, merged = 0, first_offset = 0, published = 0, speaker = 0,
            at = 0, country = 0;
  int hidden = 0, count = 0, position = 0, due = 0, institution = 0;
  double value = 0;
  std::string kind, slug, name, iso2, role, text, what, source;
  soci::indicator merged_ind = soci::i_null, iso2_ind = soci::i_null, role_ind = soci::i_null,
                  speaker_ind = soci::i_null, source_ind = soci::i_null;

  soci::statement uncount, clear_mentions, clear_quotes, clear_figures, find_entity, insert_entity,
      clear_institution, link_country, follow_merge, set_role, add_mention, count_article,
      find_correction, add_quote, add_figure, mark_analyzed, dequeue;
};

AnalysisWriter::AnalysisWriter(soci::session& sql) : st_(std::make_unique<Statements>(sql)) {}

AnalysisWriter::~AnalysisWriter() = default;

void AnalysisWriter::clear_results(Id article) {
  st_->article = article;
  // Entities' article counts (their rarity, for related articles) move with the rows.
  st_->uncount.execute(true);
  st_->clear_mentions.execute(true);
  st_->clear_quotes.execute(true);
  st_->clear_figures.execute(true);
}

Id AnalysisWriter::upsert_entity(EntityKind kind, std::string const& slug, std::string const& name,
                                 std::string const& iso2, std::optional<std::string> const& role) {
  auto& s = *st_;
  s.kind = std::string(to_string(kind));
  s.slug = slug;
  s.merged_ind = soci::i_null;
  s.institution = 0;
  if (!s.find_entity.execute(true)) {
    s.name = name;
    s.iso2 = iso2;
    s.iso2_ind = iso2.empty() ? soci::i_null : soci::i_ok;
    s.role = role.value_or("");
    s.role_ind = role ? soci::i_ok : soci::i_null;
    s.institution = 0;
    s.insert_entity.execute(true);
    return s.entity;
  }
  // The analyzer found the name as an organization of its own: it is one, whatever a quotation
  // once made of it.
  if (s.institution != 0) s.clear_institution.execute(true);
  for (int hops = 0; s.merged_ind == soci::i_ok && hops < kMaxMergeHops; ++hops) {
    s.entity = s.merged;
    s.merged_ind = soci::i_null;
    s.follow_merge.execute(true);
  }
  if (s.hidden) return 0;
  if (role) {
    s.role = *role;
    s.set_role.execute(true);
  }
  return s.entity;
}

Id AnalysisWriter::upsert_institution(std::string const& slug, std::string const& name) {
  auto& s = *st_;
  s.kind = std::string(to_string(EntityKind::Organization));
  s.slug = slug;
  s.merged_ind = soci::i_null;
  if (!s.find_entity.execute(true)) {
    s.name = name;
    s.iso2_ind = soci::i_null;
    s.role_ind = soci::i_null;
    s.institution = 1;
    s.insert_entity.execute(true);
    return s.entity;
  }
  for (int hops = 0; s.merged_ind == soci::i_ok && hops < kMaxMergeHops; ++hops) {
    s.entity = s.merged;
    s.merged_ind = soci::i_null;
    s.follow_merge.execute(true);
  }
  return s.hidden ? 0 : s.entity;
}

void AnalysisWriter::link_country(Id entity, Id country) {
  auto& s = *st_;
  s.entity = entity;
  s.country = country;
  s.link_country.execute(true);
}

void AnalysisWriter::add_mentions(Id article, Id entity, int mentions, long long first_offset,
                                  UnixTime published) {
  auto& s = *st_;
  s.article = article;
  s.entity = entity;
  s.count = mentions;
  s.first_offset = first_offset;
  s.published = published;
  s.add_mention.execute(true);
  s.count_article.execute(true);
}

std::optional<std::optional<Id>> AnalysisWriter::corrected_speaker(Id article,
                                                                   std::string const& text) {
  auto& s = *st_;
  s.article = article;
  s.text = text;
  s.speaker_ind = soci::i_null;
  if (!s.find_correction.execute(true)) return std::nullopt;
  return s.speaker_ind == soci::i_ok ? std::optional<Id>(s.speaker) : std::optional<Id>();
}

void AnalysisWriter::add_quote(Id article, int position, std::string const& text,
                               std::optional<Id> speaker, UnixTime published) {
  auto& s = *st_;
  s.article = article;
  s.position = position;
  s.text = text;
  s.speaker = speaker.value_or(0);
  s.speaker_ind = speaker ? soci::i_ok : soci::i_null;
  s.published = published;
  s.add_quote.execute(true);
}

void AnalysisWriter::add_figure(Id article, int position, Figure const& figure) {
  auto& s = *st_;
  s.article = article;
  s.position = position;
  s.text = figure.text;
  s.value = figure.value;
  s.what = figure.what;
  s.source = figure.source.value_or("");
  s.source_ind = figure.source ? soci::i_ok : soci::i_null;
  s.add_figure.execute(true);
}

void AnalysisWriter::mark_analyzed(Id article, UnixTime now, bool related_due) {
  auto& s = *st_;
  s.article = article;
  s.at = now;
  s.due = related_due ? 1 : 0;
  s.mark_analyzed.execute(true);
}

void AnalysisWriter::dequeue(Id article) {
  st_->article = article;
  st_->dequeue.execute(true);
}

}  // namespace dossier::insight
