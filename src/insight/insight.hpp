#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "insight/mention_chart.hpp"

// Insight's types on the site: what its services return and its stores read and write. Its own
// header (not a *_store.hpp, not the service's) so handlers, stores and services share them.
namespace dossier::insight {

using Id = long long;

enum class EntityKind { Person, Country, Organization };
std::string_view to_string(EntityKind kind);
std::optional<EntityKind> parse_entity_kind(std::string_view text);
// The site path of an entity: /people/maria-ellison, /countries/ua, /organizations/nato.
std::string entity_url(EntityKind kind, std::string const& slug);

struct EntityRef {
  Id id = 0;
  EntityKind kind = EntityKind::Person;
  std::string slug;
  std::string name;
  std::optional<std::string> role;
  std::string iso2;     // countries
  long long count = 0;  // what the list counts: mentions in an article, shared articles ...
  // An organization row that stands for an institution speaker ("Ruritanian authorities"):
  // shown as an institution, stored as an organization (migration 0026 says why).
  bool institution = false;
};
// "Institution", "Organization", "Person", "Country": how a page names the entity's kind.
std::string_view kind_label(EntityRef const& e);

struct ArticleRef {
  Id id = 0;
  std::string slug;
  std::string title;
  std::string dek;
  UnixTime published_at = 0;
};

struct StoredQuote {
  Id id = 0;
  ArticleRef article;
  std::string text;
  std::optional<EntityRef> speaker;
};

struct StoredFigure {
  std::string text;
  double value = 0;
  std::string what;
  std::optional<std::string> source;
};

// What an article page shows in its "In this article" box.
struct ArticleInsight {
  std::vector<EntityRef> people;
  std::vector<EntityRef> countries;
  std::vector<EntityRef> organizations;
  std::vector<StoredQuote> quotes;
  std::vector<StoredFigure> figures;
};

struct EntityPage {
  EntityRef entity;
  long long article_count = 0;
  std::vector<MonthCount> months;
  std::vector<ArticleRef> latest;
  std::vector<StoredQuote> quotes;  // theirs (people, organizations, countries)
  std::vector<StoredQuote> about;   // in articles that mention them, by others
  std::vector<EntityRef> mentioned_with;
  std::optional<EntityRef> country;  // the country an institution or organization speaks for
};

// Whose quotations /quotes lists by kind of speaker: people, or institutions in the wide sense
// (organizations, institution speakers and states speaking as countries).
enum class SpeakerFilter { Any, Person, Institution };
// "person", "institution" or "" (any); nullopt for anything else.
std::optional<SpeakerFilter> parse_speaker_filter(std::string_view text);
std::string_view to_string(SpeakerFilter filter);

struct QuoteQuery {
  std::string speaker;  // words of the speaker's name
  std::string words;    // words of the quotation
  int page = 1;
  int per_page = 20;
  std::string country;  // ISO 3166-1 alpha-2, lower case: the speaker's country ("" for any)
  SpeakerFilter kind = SpeakerFilter::Any;
};

}  // namespace dossier::insight
