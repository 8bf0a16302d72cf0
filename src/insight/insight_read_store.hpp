#pragma once

#include <optional>
#include <string>
#include <vector>

#include "insight/insight.hpp"

namespace soci {
class session;
}

namespace dossier::insight {

// The SQL of what readers see: the article's box, entity pages, /quotes and the entity search.
// Everything tied to an article is read through publishing's public_articles view, so drafts,
// scheduled and subscriber-only articles never show; every value is a bound parameter.
class InsightReadStore {
 public:
  // The article's entities (not hidden), in order of first mention, with their mention counts.
  static std::vector<EntityRef> article_entities(soci::session& sql, Id article);
  static std::vector<StoredFigure> article_figures(soci::session& sql, Id article);

  // Quotations, newest first, in public articles only.
  static std::vector<StoredQuote> quotes_of_article(soci::session& sql, Id article, int limit);
  static std::vector<StoredQuote> quotes_of_speaker(soci::session& sql, Id speaker, int limit);
  // Quotations by others in the newest `window` articles naming `entity`.
  static std::vector<StoredQuote> quotes_about(soci::session& sql, Id entity, int window,
                                               int limit);
  // Quotations with a speaker, filtered by LIKE patterns (empty: no filter) on the speaker's
  // name and on the text.
  struct QuoteSearch {
    std::string speaker_pattern;
    std::string words_pattern;
    std::string country;  // a country entity's slug (ISO 3166-1 alpha-2, lower case); "" any
    SpeakerFilter kind = SpeakerFilter::Any;
  };
  static std::vector<StoredQuote> search_quotes(soci::session& sql, QuoteSearch const& search,
                                                int limit, int offset);
  static long long count_quotes(soci::session& sql, QuoteSearch const& search);

  // The entity of `slug` (of `kind`, or any kind), not hidden; merged aliases included.
  static std::optional<EntityRef> find_entity(soci::session& sql, std::optional<EntityKind> kind,
                                              std::string const& slug);
  // The country an institution or organization speaks for (entities.country_entity_id).
  static std::optional<EntityRef> country_of(soci::session& sql, Id entity);
  static std::optional<Id> merged_into(soci::session& sql, Id entity);
  static std::vector<EntityRef> search_entities(soci::session& sql, std::optional<EntityKind> kind,
                                                std::string const& like_pattern, int limit);

  // An entity page's parts, over public articles.
  static long long public_article_count(soci::session& sql, Id entity);
  static std::vector<MonthCount> months(soci::session& sql, Id entity);
  static std::vector<ArticleRef> latest_articles(soci::session& sql, Id entity, int limit);
  // Entities named in the newest `window` articles naming `entity`, most shared first.
  static std::vector<EntityRef> mentioned_with(soci::session& sql, Id entity, int window,
                                               int limit);

  // The id of a published, public article by its slug.
  static std::optional<Id> public_article_id(soci::session& sql, std::string const& slug);
};

}  // namespace dossier::insight
