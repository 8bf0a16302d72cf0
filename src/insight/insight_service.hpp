#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "insight/analyzer.hpp"
#include "insight/insight.hpp"
#include "publishing/article.hpp"

namespace dossier::store {
class Database;
}

namespace soci {
class session;
}

namespace dossier::insight {

// Analysis on the site: articles are queued on every change and analysed by the jobs thread
// (never in a request); results are stored per article, entities are shared across the site,
// and an editor's corrections (merge, rename, role, hide, a quotation's speaker) are kept apart
// so re-analysis never undoes them.
class AnalysisWriter;

class InsightService {
 public:
  using Progress = std::function<void(long long done, long long total)>;

  // A queue at least this long is a backlog (an import, a generated corpus, articles from
  // before analysis existed): its articles' related articles are scored once it has drained,
  // when every entity is known, instead of one by one against the few analysed so far (and
  // their choices rescored each time, twice the cost of the analyses themselves).
  static constexpr int kBacklog = 200;

  // What reads an article, given the speakers editors confirmed. Empty: the analyzer (always, on
  // the site). The site's storage tests give a fixed reading instead, to store what the
  // analyzer's rules may not produce yet (an institution speaker with its country) and to see
  // which known speakers an analysis was given.
  using Reading =
      std::function<Analysis(Document const& doc, std::vector<KnownSpeaker> const& known)>;

  InsightService(store::Database& db, std::function<UnixTime()> clock, Lexicon const& lexicon,
                 AnalyzerOptions options = {}, Reading reading = {});

  void queue(Id article_id);
  // Queues every article never analysed (articles added before analysis existed, or by the
  // demo loader); returns how many.
  long long queue_unanalysed();
  // Analyses up to `limit` queued articles, oldest first, and writes their results in one
  // transaction; returns the ids analysed. With the queue empty, scores the related articles
  // of up to `limit` articles a backlog left unscored instead, and returns those.
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
  // The article's scored related articles that are public now (pages excepted), best first;
  // empty until the article has been analysed.
  std::vector<publishing::ArticleSummary> related_articles(Id article_id, int limit);

  // Curation.
  Result<Unit> merge(Id from, Id into);
  Result<Unit> rename(Id entity, std::string const& name);
  Result<Unit> set_role(Id entity, std::string const& role);
  Result<Unit> set_hidden(Id entity, bool hidden);
  Result<Unit> correct_speaker(Id quote, std::optional<Id> speaker);
  // Corrects the speaker to an institution the editor names by typing it ("Ruritanian
  // authorities"), made if the site does not know it, with its country (ISO 3166-1 alpha-2,
  // or empty) when given.
  Result<Unit> correct_speaker_institution(Id quote, std::string const& name,
                                           std::string const& country);

 private:
  // One article read and analysed, waiting to be written.
  struct Analysed {
    Id article = 0;
    Analysis analysis;
    UnixTime published = 0;
  };

  // Loads the people the site knows into the analyzer once, then keeps them growing.
  void load_known_people();
  // Reads the speakers editors confirmed (quote_corrections) into the analyzer: before every
  // batch, so a correction saved on any server reaches the next analysis.
  void load_known_speakers();
  // Reads and analyses one article (no transaction held); nullopt if it no longer exists.
  std::optional<Analysed> analyse(Id article_id);
  // When an analysed article's related articles are scored: Now (and the articles they chose
  // rescored), or Later, by score_due_related once a backlog has drained.
  enum class Related { Now, Later };
  // Writes the analyses in one transaction (and dequeues `dequeued`), with their related
  // articles as `related` says.
  void store_batch(std::vector<Analysed> const& batch, std::vector<Id> const& dequeued,
                   Related related);
  // Scores the related articles of up to `limit` articles left for later (one transaction);
  // returns their ids.
  std::vector<Id> score_due_related(int limit);
  // Replaces the article's stored results with `analysis`, in the caller's transaction.
  void store_analysis(AnalysisWriter& writer, Analysed const& analysed, bool related_due);

  store::Database& db_;
  std::function<UnixTime()> clock_;
  Lexicon const& lexicon_;
  AnalyzerOptions options_;
  // Used by one thread at a time (the jobs thread, or a CLI command).
  Analyzer analyzer_;
  Reading reading_;
  std::vector<KnownSpeaker> known_speakers_;
  std::set<std::string> known_people_;
  bool known_loaded_ = false;
};

}  // namespace dossier::insight
