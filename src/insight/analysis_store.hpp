#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "insight/analysis.hpp"
#include "insight/analyzer.hpp"
#include "insight/insight.hpp"

namespace soci {
class session;
}

namespace dossier::insight {

// The SQL of the analysis queue and of writing one article's results: insight_queue,
// insight_state (when each article was analysed), entities, article_entities, quotes and
// figures. Every call takes the caller's session, so one analysis is one transaction.
class AnalysisStore {
 public:
  // The queue (saves never analyse in the request; the jobs thread does).
  static void enqueue(soci::session& sql, Id article, UnixTime now);
  // Queues those of `articles` (ascending ids) never analysed; returns how many.
  static long long enqueue_unanalysed(soci::session& sql, std::vector<Id> const& articles,
                                      UnixTime now);
  // Claims up to `limit` queued articles no other analysis holds, oldest first, until
  // `claimed_until` (in one store::ClaimTransaction: with several servers, FOR UPDATE SKIP
  // LOCKED passes over the rows another server is claiming). A claim ends when the article is
  // dequeued, when it is queued again (an edit meanwhile: it is analysed again), or when its
  // time runs out (a stopped server's).
  static std::vector<Id> claim(soci::session& sql, int limit, UnixTime now, UnixTime claimed_until);
  static bool is_queued(soci::session& sql, Id article);
  // Whether at least `count` articles wait in the queue (reads no more than `count` rows).
  static bool queue_holds_at_least(soci::session& sql, int count);
  static void clear_queue(soci::session& sql);

  // When the article was last analysed; nullopt if never.
  static std::optional<UnixTime> analyzed_at(soci::session& sql, Id article);
  // Articles analysed whose related articles wait to be scored, lowest id first.
  static std::vector<Id> related_due(soci::session& sql, int limit);
  static void related_scored(soci::session& sql, Id article);

  // Standing people's names (not hidden, not merged): what the analyzer is told it knows.
  static std::vector<std::string> known_people(soci::session& sql);
  // The speakers editors chose in quote_corrections (standing entities only, merges followed by
  // the corrections themselves), with their kind and country: what the analyzer is told before
  // every analysis batch.
  static std::vector<KnownSpeaker> known_speakers(soci::session& sql);
};

// Writes analyses: the statements are prepared once for the writer's life (a batch's
// transaction) and run for each row. Preparing each one per row, several dozen per article,
// was a fifth of the analysis's time (issue 16).
class AnalysisWriter {
 public:
  explicit AnalysisWriter(soci::session& sql);
  ~AnalysisWriter();
  AnalysisWriter(AnalysisWriter const&) = delete;
  AnalysisWriter& operator=(AnalysisWriter const&) = delete;

  // Removes the article's previous results (mentions, quotations, figures) and moves its
  // entities' article counts with them.
  void clear_results(Id article);
  // Finds or makes the entity of (kind, slug); a merged entity answers with the one it was
  // merged into. Returns 0 for a hidden entity (an editor said it is not one).
  Id upsert_entity(EntityKind kind, std::string const& slug, std::string const& name,
                   std::string const& iso2, std::optional<std::string> const& role);
  // Finds or makes the organization row of an institution speaker (institution = 1 when it is
  // made here; an organization of that slug stays one). Hidden: 0, merges followed.
  Id upsert_institution(std::string const& slug, std::string const& name);
  // Links an institution or organization to its country's entity, unless it already has one
  // (the first country given, by an analysis or an editor, stands).
  void link_country(Id entity, Id country);
  void add_mentions(Id article, Id entity, int mentions, long long first_offset,
                    UnixTime published);
  // An editor's speaker for a quotation in this article: nullopt when there is no correction,
  // an empty optional inside when the editor said the text names no speaker.
  std::optional<std::optional<Id>> corrected_speaker(Id article, std::string const& text);
  void add_quote(Id article, int position, std::string const& text, std::optional<Id> speaker,
                 UnixTime published);
  void add_figure(Id article, int position, Figure const& figure);
  // `related_due`: its related articles are to be scored later (AnalysisStore::related_due).
  void mark_analyzed(Id article, UnixTime now, bool related_due);
  void dequeue(Id article);

 private:
  struct Statements;
  std::unique_ptr<Statements> st_;
};

}  // namespace dossier::insight
