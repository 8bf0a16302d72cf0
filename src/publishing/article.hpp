#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace dossier::publishing {

using Id = long long;

enum class ArticleKind { News, Analysis, Report, Page };
enum class ArticleStatus { Draft, Scheduled, Published };
enum class Visibility { Public, Subscribers, Clients };

std::string_view to_string(ArticleKind kind);
std::string_view to_string(ArticleStatus status);
std::string_view to_string(Visibility visibility);
std::optional<ArticleKind> parse_kind(std::string_view text);
std::optional<ArticleStatus> parse_status(std::string_view text);
std::optional<Visibility> parse_visibility(std::string_view text);
// "Analysis", "Special report" ... for readers.
std::string_view kind_label(ArticleKind kind);

struct Article {
  Id id = 0;
  std::string slug;
  ArticleKind kind = ArticleKind::News;
  std::string title;
  std::string dek;
  std::string body_markdown;
  std::string body_html;  // rendered once at save time (DESIGN.md: cmark-gfm pitfall)
  int word_count = 0;
  ArticleStatus status = ArticleStatus::Draft;
  Visibility visibility = Visibility::Public;
  Id author_id = 0;
  std::optional<Id> hero_media_id;
  std::optional<UnixTime> published_at;
  UnixTime created_at = 0;
  UnixTime updated_at = 0;
  std::string seo_title;
  std::string seo_description;
  int comment_count = 0;
};

// What a listing shows of an article: enough for a teaser, no body.
struct ArticleSummary {
  Id id = 0;
  std::string slug;
  ArticleKind kind = ArticleKind::News;
  std::string title;
  std::string dek;
  UnixTime published_at = 0;
  int comment_count = 0;
  int word_count = 0;
  std::string author_name;
  std::string author_slug;
  std::string category_name;  // primary category, may be empty
  std::string category_slug;
  std::string hero_file;  // may be empty
  std::string hero_alt;
  int hero_width = 0;
  int hero_height = 0;
};

// What the newsroom (or the demo) submits to create or change an article.
struct ArticleInput {
  std::string slug;  // empty = derived from the title
  ArticleKind kind = ArticleKind::News;
  std::string title;
  std::string dek;
  std::string body_markdown;
  ArticleStatus status = ArticleStatus::Draft;
  Visibility visibility = Visibility::Public;
  Id author_id = 0;
  std::optional<Id> hero_media_id;
  std::optional<UnixTime> published_at;
  std::string seo_title;
  std::string seo_description;
  std::vector<Id> category_ids;  // first is the primary category
  std::vector<Id> tag_ids;
};

template <typename T>
struct Page {
  std::vector<T> items;
  long long total = 0;
  int number = 1;  // 1-based
  int per_page = 10;
  int page_count() const {
    return total == 0 ? 1 : static_cast<int>((total + per_page - 1) / per_page);
  }
};

// Reading time at 230 words a minute, never less than one minute.
int reading_minutes(int word_count);

// Which published, public articles (pages excepted) a listing shows. At most one of the
// filters is set.
struct ListQuery {
  std::optional<Id> category_id;
  std::optional<Id> tag_id;
  std::optional<Id> author_id;
  int limit = 10;
  int offset = 0;
};

}  // namespace dossier::publishing
