#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "publishing/article.hpp"

namespace soci {
class session;
}

namespace dossier::publishing {

// Publishing's named read API for the analyzer (insight/): the text and the few fields it needs
// of any article, in any state. Drafts are analysed too (their results are never shown: every
// public read goes through the public_articles view), so these functions do not filter by
// status or visibility. Each takes the caller's session, so insight can read inside its own
// write transaction.

// What the analyzer reads of one article.
struct ArticleText {
  Id id = 0;
  ArticleKind kind = ArticleKind::News;
  std::string title;
  std::string dek;
  std::string body_markdown;
  std::optional<UnixTime> published_at;
};

std::optional<ArticleText> article_text(soci::session& sql, Id id);

// What related-article scoring reads of one article: its title, date and links, no body (it
// runs for the analysed article and each of its related articles, in the analysis's
// transaction).
struct ArticleLinks {
  Id id = 0;
  std::string title;
  std::optional<UnixTime> published_at;
  std::vector<Id> category_ids;
  std::vector<Id> tag_ids;
};

std::optional<ArticleLinks> article_links(soci::session& sql, Id id);

// Every article's id, ascending (a full re-analysis, or finding the ones never analysed).
std::vector<Id> all_article_ids(soci::session& sql);

// The highest article id (at least 1): the size of the archive, cheaply, for weighting how
// rare an entity is.
Id newest_article_id(soci::session& sql);

// The newest `limit` articles (any state) filed under one tag or category, `except` left out:
// the link table's index head, so the cost does not grow with the archive.
enum class ArticleLink { Tag, Category };
std::vector<Id> newest_linked(soci::session& sql, ArticleLink link, Id link_id, Id except,
                              int limit);

// Teasers (title, author, category, hero image ...) of the given articles, newest first.
// Callers choose the ids, so they choose what is public.
std::vector<ArticleSummary> article_summaries(soci::session& sql, std::vector<Id> const& ids);

}  // namespace dossier::publishing
