#include "insight/curation_store.hpp"

#include <soci/soci.h>

namespace dossier::insight {

std::optional<std::string> CurationStore::entity_kind(soci::session& sql, Id entity) {
  std::string kind;
  sql << "SELECT kind FROM entities WHERE id = :id", soci::use(entity), soci::into(kind);
  if (!sql.got_data()) return std::nullopt;
  return kind;
}

void CurationStore::merge(soci::session& sql, Id from, Id into) {
  // The alias is remembered (merged_into), so the next analysis files the name under `into`.
  sql << "UPDATE entities SET merged_into = :i WHERE id = :f OR merged_into = :f2", soci::use(into),
      soci::use(from), soci::use(from);
  // Rows of both in one article become one row.
  sql << "INSERT INTO article_entities (article_id, entity_id, mentions, first_offset, "
         "published_at)"
         " SELECT article_id, :i, mentions, first_offset, published_at FROM article_entities"
         " WHERE entity_id = :f ON CONFLICT (article_id, entity_id) DO UPDATE SET mentions ="
         " article_entities.mentions + excluded.mentions, first_offset = CASE WHEN"
         " excluded.first_offset < article_entities.first_offset THEN excluded.first_offset"
         " ELSE article_entities.first_offset END",
      soci::use(into), soci::use(from);
  sql << "DELETE FROM article_entities WHERE entity_id = :f", soci::use(from);
  sql << "UPDATE entities SET article_count = (SELECT COUNT(*) FROM article_entities WHERE"
         " entity_id = :i) WHERE id = :i2",
      soci::use(into), soci::use(into);
  sql << "UPDATE entities SET article_count = 0 WHERE id = :f", soci::use(from);
  sql << "UPDATE quotes SET speaker_entity_id = :i WHERE speaker_entity_id = :f", soci::use(into),
      soci::use(from);
  sql << "UPDATE quote_corrections SET speaker_entity_id = :i WHERE speaker_entity_id = :f",
      soci::use(into), soci::use(from);
}

bool CurationStore::set_name_override(soci::session& sql, Id entity, std::string const& name) {
  soci::statement st = (sql.prepare << "UPDATE entities SET name_override = :n WHERE id = :id",
                        soci::use(name), soci::use(entity));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

bool CurationStore::set_role_override(soci::session& sql, Id entity, std::string const& role) {
  // An empty role clears the override: the analyzer's role shows again.
  soci::indicator ind = role.empty() ? soci::i_null : soci::i_ok;
  soci::statement st = (sql.prepare << "UPDATE entities SET role_override = :r WHERE id = :id",
                        soci::use(role, ind), soci::use(entity));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

bool CurationStore::set_hidden(soci::session& sql, Id entity, bool hidden) {
  int h = hidden ? 1 : 0;
  soci::statement st = (sql.prepare << "UPDATE entities SET hidden = :h WHERE id = :id",
                        soci::use(h), soci::use(entity));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

std::optional<CurationStore::QuoteKey> CurationStore::quote(soci::session& sql, Id quote) {
  QuoteKey key;
  sql << "SELECT article_id, text FROM quotes WHERE id = :id", soci::use(quote),
      soci::into(key.article), soci::into(key.text);
  if (!sql.got_data()) return std::nullopt;
  return key;
}

void CurationStore::correct_speaker(soci::session& sql, Id quote, QuoteKey const& key,
                                    std::optional<Id> speaker) {
  long long s = speaker.value_or(0);
  soci::indicator ind = speaker ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO quote_corrections (article_id, text, speaker_entity_id) VALUES (:a, :t, :s)"
         " ON CONFLICT (article_id, text) DO UPDATE SET speaker_entity_id ="
         " excluded.speaker_entity_id",
      soci::use(key.article), soci::use(key.text), soci::use(s, ind);
  sql << "UPDATE quotes SET speaker_entity_id = :s WHERE id = :id", soci::use(s, ind),
      soci::use(quote);
}

std::optional<Id> CurationStore::institution(soci::session& sql, std::string const& slug,
                                             std::string const& name) {
  sql << "INSERT INTO entities (kind, slug, name, institution) VALUES ('organization', :s, :n, 1)"
         " ON CONFLICT (kind, slug) DO NOTHING",
      soci::use(slug), soci::use(name);
  long long id = 0, merged = 0;
  int hidden = 0;
  soci::indicator merged_ind = soci::i_null;
  sql << "SELECT id, hidden, merged_into FROM entities WHERE kind = 'organization' AND slug = :s",
      soci::use(slug), soci::into(id), soci::into(hidden), soci::into(merged, merged_ind);
  if (merged_ind == soci::i_ok) {
    id = merged;
    sql << "SELECT hidden FROM entities WHERE id = :id", soci::use(id), soci::into(hidden);
  }
  if (hidden) return std::nullopt;
  return id;
}

Id CurationStore::country(soci::session& sql, std::string const& iso2, std::string const& name) {
  // Country slugs are the code in lower case (0008_insight.sql).
  std::string slug;
  for (char c : iso2) slug += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  sql << "INSERT INTO entities (kind, slug, name, iso2) VALUES ('country', :s, :n, :i)"
         " ON CONFLICT (kind, slug) DO NOTHING",
      soci::use(slug), soci::use(name), soci::use(iso2);
  long long id = 0;
  sql << "SELECT id FROM entities WHERE kind = 'country' AND slug = :s", soci::use(slug),
      soci::into(id);
  return id;
}

void CurationStore::link_country(soci::session& sql, Id entity, Id country) {
  sql << "UPDATE entities SET country_entity_id = :c WHERE id = :id AND country_entity_id IS NULL",
      soci::use(country), soci::use(entity);
}

}  // namespace dossier::insight
