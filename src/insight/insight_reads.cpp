// InsightService's public read models: the article's box, entity pages, /quotes, the entity
// search and related articles. All of it is stored analysis; nothing is analysed here.
#include <algorithm>

#include <soci/soci.h>

#include "core/strings.hpp"
#include "insight/analysis_store.hpp"
#include "insight/insight_read_store.hpp"
#include "insight/insight_service.hpp"
#include "insight/related_store.hpp"
#include "publishing/article_texts.hpp"
#include "store/database.hpp"

namespace dossier::insight {

namespace {

constexpr int kArticleQuotes = 200;
constexpr int kLatestArticles = 10;
constexpr int kEntityQuotes = 20;
constexpr int kMentionedWith = 12;
// The co-mention count looks at an entity's newest articles only, so an entity page costs the
// same for a name in 50 articles and one in 50,000.
constexpr int kCoMentionWindow = 500;
constexpr int kMaxQuotesPerPage = 100;
constexpr int kMaxEntities = 100;

// A LIKE pattern matching the words anywhere; the pattern's own characters are escaped
// (the statements say ESCAPE '\').
std::string like_pattern(std::string const& words) {
  std::string out = "%";
  for (char c : std::string(trim(words))) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

}  // namespace

std::optional<ArticleInsight> InsightService::for_article(Id article_id) {
  soci::session sql(db_.pool());
  soci::transaction snapshot(sql);
  if (!AnalysisStore::analyzed_at(sql, article_id)) return std::nullopt;
  ArticleInsight out;
  for (auto& e : InsightReadStore::article_entities(sql, article_id))
    (e.kind == EntityKind::Person    ? out.people
     : e.kind == EntityKind::Country ? out.countries
                                     : out.organizations)
        .push_back(std::move(e));
  out.figures = InsightReadStore::article_figures(sql, article_id);
  out.quotes = InsightReadStore::quotes_of_article(sql, article_id, kArticleQuotes);
  return out;
}

std::optional<EntityRef> InsightService::find_entity(std::optional<EntityKind> kind,
                                                     std::string const& slug) {
  soci::session sql(db_.pool());
  return InsightReadStore::find_entity(sql, kind, slug);
}

std::optional<Id> InsightService::public_article_id(std::string const& slug) {
  soci::session sql(db_.pool());
  return InsightReadStore::public_article_id(sql, slug);
}

std::optional<EntityPage> InsightService::entity_page(EntityKind kind, std::string const& slug) {
  auto entity = find_entity(kind, slug);
  if (!entity) return std::nullopt;
  soci::session sql(db_.pool());
  soci::transaction snapshot(sql);
  // A merged name's page is the entity's own (its slug answers with a redirect upstream).
  EntityPage page;
  page.entity = *entity;
  if (auto merged = InsightReadStore::merged_into(sql, entity->id)) page.entity.id = *merged;
  auto id = page.entity.id;
  page.article_count = InsightReadStore::public_article_count(sql, id);
  page.months = InsightReadStore::months(sql, id);
  page.latest = InsightReadStore::latest_articles(sql, id, kLatestArticles);
  page.quotes = InsightReadStore::quotes_of_speaker(sql, id, kEntityQuotes);
  page.about = InsightReadStore::quotes_about(sql, id, kCoMentionWindow, kEntityQuotes);
  page.mentioned_with = InsightReadStore::mentioned_with(sql, id, kCoMentionWindow, kMentionedWith);
  page.country = InsightReadStore::country_of(sql, id);
  return page;
}

std::vector<StoredQuote> InsightService::quotes(QuoteQuery const& q, long long& total) {
  soci::session sql(db_.pool());
  InsightReadStore::QuoteSearch search;
  if (!trim(q.speaker).empty()) search.speaker_pattern = like_pattern(q.speaker);
  if (!trim(q.words).empty()) search.words_pattern = like_pattern(q.words);
  search.country = to_lower(q.country);
  search.kind = q.kind;
  total = InsightReadStore::count_quotes(sql, search);
  auto per_page = std::clamp(q.per_page, 1, kMaxQuotesPerPage);
  auto page = std::max(q.page, 1);
  return InsightReadStore::search_quotes(sql, search, per_page, (page - 1) * per_page);
}

std::vector<EntityRef> InsightService::search_entities(std::optional<EntityKind> kind,
                                                       std::string const& words, int limit) {
  soci::session sql(db_.pool());
  return InsightReadStore::search_entities(sql, kind, like_pattern(words),
                                           std::clamp(limit, 1, kMaxEntities));
}

std::vector<publishing::ArticleSummary> InsightService::related_articles(Id article_id, int limit) {
  soci::session sql(db_.pool());
  soci::transaction snapshot(sql);
  auto ranked = RelatedStore::ranked(sql, article_id, limit);
  // Summaries come back newest first; the box keeps the scored order.
  auto found = publishing::article_summaries(sql, ranked);
  std::vector<publishing::ArticleSummary> out;
  for (auto id : ranked)
    for (auto& s : found)
      if (s.id == id) out.push_back(std::move(s));
  return out;
}

}  // namespace dossier::insight
