#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "insight/analyzer.hpp"
#include "insight/mention_chart.hpp"

namespace dossier::store {
class Database;
}

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
};

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
};

struct QuoteQuery {
  std::string speaker;  // words of the speaker's name
  std::string words;    // words of the quotation
  int page = 1;
  int per_page = 20;
};

// Analysis on the site: articles are queued on every change and analysed by the jobs thread
// (never in a request); results are stored per article, entities are shared across the site,
// and an editor's corrections (merge, rename, role, hide, a quotation's speaker) are kept apart
// so re-analysis never undoes them.
class InsightService {
 public:
  using Progress = std::function<void(long long done, long long total)>;

  InsightService(store::Database& db, std::function<UnixTime()> clock, Lexicon const& lexicon,
                 AnalyzerOptions options = {});

  void queue(Id article_id);
  // Queues every article never analysed (articles added before analysis existed, or by the
  // demo loader); returns how many.
  long long queue_unanalysed();
  // Analyses up to `limit` queued articles; returns the ids analysed.
  std::vector<Id> process_queue(int limit);
  Result<Unit> analyze_article(Id article_id);
  // Every article again (dossier reindex --insight); returns how many.
  long long reindex_all(Progress const& progress);

  std::optional<ArticleInsight> for_article(Id article_id);
  std::optional<EntityPage> entity_page(EntityKind kind, std::string const& slug);
  std::vector<StoredQuote> quotes(QuoteQuery const& query, long long& total);
  std::vector<EntityRef> search_entities(std::optional<EntityKind> kind, std::string const& words,
                                         int limit);
  std::optional<EntityRef> find_entity(std::optional<EntityKind> kind, std::string const& slug);
  // The id of a published, public article by its slug.
  std::optional<Id> public_article_id(std::string const& slug);

  // Curation.
  Result<Unit> merge(Id from, Id into);
  Result<Unit> rename(Id entity, std::string const& name);
  Result<Unit> set_role(Id entity, std::string const& role);
  Result<Unit> set_hidden(Id entity, bool hidden);
  Result<Unit> correct_speaker(Id quote, std::optional<Id> speaker);

 private:
  store::Database& db_;
  std::function<UnixTime()> clock_;
  Lexicon const& lexicon_;
  AnalyzerOptions options_;
  // Used by one thread at a time (the jobs thread, or a CLI command).
  Analyzer analyzer_;
  std::set<std::string> known_people_;
  bool known_loaded_ = false;
  bool bulk_ = false;  // reindex_all: every article is scored, no cascade
};

}  // namespace dossier::insight
