// The analysis queue and writing one article's results (reads are in insight_reads.cpp,
// editors' corrections in insight_curation.cpp, related-article scoring in related.cpp).
#include "insight/insight_service.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <set>

#include <soci/soci.h>

#include "core/slug.hpp"
#include "core/strings.hpp"
#include "insight/analysis_store.hpp"
#include "insight/related.hpp"
#include "publishing/article_texts.hpp"
#include "publishing/messages.hpp"
#include "render/markdown.hpp"
#include "store/database.hpp"

namespace dossier::insight {

namespace {

namespace msg {
constexpr char const* kNoArticle = publishing::msg::kNoSuchArticle;
}  // namespace msg

// Analyses a full re-analysis writes per transaction: one commit per article was a tenth of
// its time, and a batch holds the write lock for well under a tenth of a second (about 5 ms of
// writes and scoring per article), so the site's own writes wait little if it runs alongside.
constexpr int kReindexBatch = 16;

// How long a server's analysis holds the articles it claimed from the queue (issue 18: two
// servers never analyse one article at once). A batch takes well under a second; a claim a
// stopped server left is taken by another after this.
constexpr std::chrono::seconds kClaimLease{600};

// The article as the analyzer reads it: title, dek, then the body's paragraphs as plain text.
Document document_of(std::string const& title, std::string const& dek, std::string const& body) {
  auto plain = render::render_markdown(body).plain_text;
  std::vector<std::string> paragraphs;
  if (!trim(dek).empty()) paragraphs.emplace_back(dek);
  std::string current;
  for (auto line : split(plain, '\n')) {
    if (trim(line).empty()) {
      if (!current.empty()) paragraphs.push_back(std::move(current));
      current.clear();
      continue;
    }
    if (!current.empty()) current += ' ';
    current += std::string(trim(line));
  }
  if (!current.empty()) paragraphs.push_back(std::move(current));
  return make_document(title, paragraphs);
}

std::string slug_for(EntityKind kind, std::string const& name, std::string const& iso2) {
  if (kind == EntityKind::Country) return to_lower(iso2);
  auto s = make_slug(name);
  return s.empty() ? "entity" : s;
}

std::string to_upper_ascii(std::string text) {
  for (auto& c : text)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return text;
}

// An entity's mentions in one article: how many, and where the first one is.
struct Mentions {
  int count = 0;
  std::size_t first_offset = 0;
};

// An institution speaker gets an entity (a page, a place under its country) when it names its
// country ("Chadian authorities") or is a proper name ("Transitional Military Council"). A
// generic one ("joint statement", "state television") would gather every article's statements
// under one meaningless page, so the site shows such a quotation without a speaker; the
// analysis (and `dossier insight extract`) still names it.
bool institution_has_a_page(Quote const& q) {
  if (q.speaker_country) return true;
  auto const& name = *q.speaker;
  return !name.empty() && std::isupper(static_cast<unsigned char>(name.front())) != 0;
}

}  // namespace

InsightService::InsightService(store::Database& db, std::function<UnixTime()> clock,
                               Lexicon const& lexicon, AnalyzerOptions options, Reading reading)
    : db_(db),
      clock_(std::move(clock)),
      lexicon_(lexicon),
      options_(options),
      analyzer_(lexicon, options),
      reading_(std::move(reading)) {}

void InsightService::queue(Id article_id) {
  soci::session sql(db_.pool());
  AnalysisStore::enqueue(sql, article_id, clock_());
}

long long InsightService::queue_unanalysed() {
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  auto added = AnalysisStore::enqueue_unanalysed(sql, publishing::all_article_ids(sql), clock_());
  tx.commit();
  return added;
}

std::vector<Id> InsightService::process_queue(int limit) {
  std::vector<Id> ids;
  {
    soci::session sql(db_.pool());
    auto now = clock_();
    ids = AnalysisStore::claim(sql, limit, now, now + kClaimLease.count());
  }
  // With the queue empty, the related articles a backlog left to score (a batch at a time).
  if (ids.empty()) return score_due_related(limit);
  load_known_speakers();
  bool backlog = false;
  {
    soci::session sql(db_.pool());
    backlog = AnalysisStore::queue_holds_at_least(sql, kBacklog);
  }
  // The analyses run first, holding no lock; the batch's writes then share one transaction
  // (one commit instead of two per article: the results and the dequeue).
  std::vector<Analysed> batch;
  std::vector<Id> done;
  for (auto id : ids)
    if (auto a = analyse(id)) {
      done.push_back(id);
      batch.push_back(std::move(*a));
    }
  store_batch(batch, ids, backlog ? Related::Later : Related::Now);
  return done;
}

void InsightService::load_known_people() {
  // People the site knows, loaded once and grown with every analysis (not read per article:
  // a large archive knows many thousands).
  if (known_loaded_) return;
  soci::session sql(db_.pool());
  for (auto& n : AnalysisStore::known_people(sql)) known_people_.insert(std::move(n));
  known_loaded_ = true;
  analyzer_.set_known_people({known_people_.begin(), known_people_.end()});
}

void InsightService::load_known_speakers() {
  // A few rows (one per speaker editors chose), read per batch rather than kept: a correction
  // saved by another server sharing the database is seen by the next batch here too.
  soci::session sql(db_.pool());
  known_speakers_ = AnalysisStore::known_speakers(sql);
  if (!reading_) analyzer_.set_known_speakers(known_speakers_);
}

std::optional<InsightService::Analysed> InsightService::analyse(Id article_id) {
  std::optional<publishing::ArticleText> text;
  {
    soci::session sql(db_.pool());
    text = publishing::article_text(sql, article_id);
  }
  if (!text) return std::nullopt;
  // Static pages ("About us") are not news: nothing in them is analysed.
  if (text->kind == publishing::ArticleKind::Page)
    text->body_markdown.clear(), text->dek.clear(), text->title.clear();
  load_known_people();
  auto doc = document_of(text->title, text->dek, text->body_markdown);
  Analysed out{article_id, reading_ ? reading_(doc, known_speakers_) : analyzer_.analyze(doc),
               text->published_at.value_or(0)};
  for (auto const& p : out.analysis.people)
    if (p.name.find(' ') != std::string::npos && known_people_.insert(p.name).second)
      analyzer_.add_known_person(p.name);
  return out;
}

Result<Unit> InsightService::analyze_article(Id article_id) {
  load_known_speakers();
  auto analysed = analyse(article_id);
  if (!analysed) return not_found(msg::kNoArticle);
  std::vector<Analysed> batch;
  batch.push_back(std::move(*analysed));
  store_batch(batch, {}, Related::Now);
  return Unit{};
}

void InsightService::store_batch(std::vector<Analysed> const& batch,
                                 std::vector<Id> const& dequeued, Related related) {
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  {
    AnalysisWriter writer(sql);
    for (auto const& a : batch) store_analysis(writer, a, related == Related::Later);
    for (auto id : dequeued) writer.dequeue(id);
  }
  if (related == Related::Later) return tx.commit();
  // Each article's related articles, once all of the batch's entities are stored.
  std::set<Id> chosen;
  for (auto const& a : batch)
    for (auto id : score_related(sql, a.article)) chosen.insert(id);
  // Then the articles they chose, which may now list them in turn: a bounded amount of work,
  // the same whatever the size of the archive. Each is rescored once per batch, and not at
  // all while it waits in the queue (its own analysis will score it).
  for (auto const& a : batch) chosen.erase(a.article);
  for (auto id : chosen)
    if (!AnalysisStore::is_queued(sql, id)) score_related(sql, id);
  tx.commit();
}

std::vector<Id> InsightService::score_due_related(int limit) {
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  auto ids = AnalysisStore::related_due(sql, limit);
  // Every article of the backlog is scored here, so their choices need no rescoring.
  for (auto id : ids) {
    score_related(sql, id);
    AnalysisStore::related_scored(sql, id);
  }
  tx.commit();
  return ids;
}

void InsightService::store_analysis(AnalysisWriter& writer, Analysed const& analysed,
                                    bool related_due) {
  auto const& analysis = analysed.analysis;
  auto article_id = analysed.article;
  auto published = analysed.published;
  writer.clear_results(article_id);
  std::map<std::string, Id> by_name;     // canonical name -> entity, for quotation speakers
  std::map<std::string, Id> by_country;  // ISO 3166-1 alpha-2 -> country entity
  std::map<Id, Mentions> counts;
  auto record = [&](EntityKind kind, std::string const& name, std::string const& iso2,
                    std::optional<std::string> const& role, std::vector<Span> const& spans) {
    auto id = writer.upsert_entity(kind, slug_for(kind, name, iso2), name, iso2, role);
    if (id == 0) return;
    by_name.emplace(name, id);
    if (kind == EntityKind::Country) by_country.emplace(to_upper_ascii(iso2), id);
    auto& c = counts[id];
    if (c.count == 0) c.first_offset = spans.empty() ? 0 : spans.front().begin;
    c.count += static_cast<int>(spans.size());
  };
  for (auto const& p : analysis.people) record(EntityKind::Person, p.name, "", p.role, p.spans);
  for (auto const& c : analysis.countries) record(EntityKind::Country, c.name, c.iso2, {}, c.spans);
  for (auto const& o : analysis.organizations)
    record(EntityKind::Organization, o.name, "", {}, o.spans);
  // A speaker's country the article never names as a country still gets its entity (by the
  // lexicon's name), so the speaker can be listed under it.
  auto country_entity = [&](std::string const& iso2) -> Id {
    auto code = to_upper_ascii(iso2);
    if (auto it = by_country.find(code); it != by_country.end()) return it->second;
    auto entry = lexicon_.country(code);
    if (!entry) return 0;
    auto const& name = lexicon_.countries[static_cast<std::size_t>(*entry)].name;
    auto id = writer.upsert_entity(EntityKind::Country, slug_for(EntityKind::Country, name, code),
                                   name, code, {});
    by_country.emplace(code, id);
    return id;
  };
  // Each quotation's speaker. One the article does not otherwise mention (an institution, or an
  // editor's choice) is counted as mentioned by its quotations, so its page lists the article.
  std::vector<std::optional<Id>> speakers;
  std::set<Id> spoken_only;
  for (auto const& q : analysis.quotes) {
    std::optional<Id> speaker;
    if (q.speaker) {
      if (q.speaker_kind == SpeakerKind::Institution) {
        auto slug = institution_has_a_page(q) ? make_slug(*q.speaker) : std::string();
        if (!slug.empty())
          if (auto id = writer.upsert_institution(slug, *q.speaker)) speaker = id;
      } else if (auto it = by_name.find(*q.speaker); it != by_name.end()) {
        speaker = it->second;
      }
      bool speaks_for_country =
          q.speaker_kind == SpeakerKind::Institution || q.speaker_kind == SpeakerKind::Organization;
      if (speaker && speaks_for_country && q.speaker_country)
        if (auto country = country_entity(*q.speaker_country))
          writer.link_country(*speaker, country);
    }
    // An editor's correction wins over the analyzer's reading.
    if (auto corrected = writer.corrected_speaker(article_id, q.text)) speaker = *corrected;
    if (speaker && (!counts.contains(*speaker) || spoken_only.contains(*speaker))) {
      auto& c = counts[*speaker];
      if (c.count == 0) {
        c.first_offset = q.spans.empty() ? 0 : q.spans.front().begin;
        spoken_only.insert(*speaker);
      }
      ++c.count;
    }
    speakers.push_back(speaker);
  }
  for (auto const& [entity, c] : counts)
    writer.add_mentions(article_id, entity, c.count, static_cast<long long>(c.first_offset),
                        published);
  int position = 0;
  for (std::size_t i = 0; i < analysis.quotes.size(); ++i)
    writer.add_quote(article_id, position++, analysis.quotes[i].text, speakers[i], published);
  position = 0;
  for (auto const& f : analysis.numbers) writer.add_figure(article_id, position++, f);
  writer.mark_analyzed(article_id, clock_(), related_due);
}

long long InsightService::reindex_all(Progress const& progress) {
  std::vector<Id> ids;
  {
    soci::session sql(db_.pool());
    ids = publishing::all_article_ids(sql);
  }
  // Two passes: every analysis, then every article's related articles, compared with an
  // archive whose entities are all known. The progress counts both.
  load_known_speakers();
  auto total = 2 * static_cast<long long>(ids.size());
  long long done = 0;
  std::vector<Analysed> batch;
  for (auto id : ids) {
    if (auto a = analyse(id)) batch.push_back(std::move(*a));
    ++done;
    if (static_cast<int>(batch.size()) == kReindexBatch) {
      store_batch(batch, {}, Related::Later);
      batch.clear();
    }
    if (progress) progress(done, total);
  }
  store_batch(batch, {}, Related::Later);
  {
    soci::session sql(db_.pool());
    AnalysisStore::clear_queue(sql);
  }
  while (true) {
    auto scored = score_due_related(kReindexBatch);
    if (scored.empty()) break;
    done += static_cast<long long>(scored.size());
    if (progress) progress(std::min(done, total), total);
  }
  return static_cast<long long>(ids.size());
}

}  // namespace dossier::insight
