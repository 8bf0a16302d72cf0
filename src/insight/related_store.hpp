#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "insight/insight.hpp"

namespace soci {
class session;
}

namespace dossier::insight {

// The SQL of related articles: the related_articles table (insight's), the entity links it is
// scored from, and the candidates' titles read through publishing's public_articles view.
class RelatedStore {
 public:
  struct EntityLink {
    Id entity = 0;
    long long article_count = 0;  // analysed articles naming it: its rarity
  };
  struct Candidate {
    std::string title;
    UnixTime published_at = 0;
  };

  static std::vector<EntityLink> entity_links(soci::session& sql, Id article);
  // The newest `limit` articles naming `entity`, `except` left out.
  static std::vector<Id> newest_with_entity(soci::session& sql, Id entity, Id except, int limit);
  // Titles and dates of those of `ids` that are public articles (pages excepted).
  static std::map<Id, Candidate> public_candidates(soci::session& sql, std::vector<Id> const& ids);
  // Replaces the article's related articles with `ranked` (best first: id and score).
  static void replace(soci::session& sql, Id article,
                      std::vector<std::pair<Id, double>> const& ranked);
  // The article's related articles that are public now (pages excepted), best first.
  static std::vector<Id> ranked(soci::session& sql, Id article, int limit);
};

}  // namespace dossier::insight
