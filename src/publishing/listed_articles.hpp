#pragma once

// Publishing's named read for the Content API (api/): the published articles of one list,
// public and restricted alike, newest first, as ids, with the list's total. The caller reads
// each article's view (PublishingService::read_any) and asks publishing::access_to what its
// reader may see of it (full or teaser): every published article whose time has come is
// listed for everyone, as the access rule never hides one (access.hpp), so this read does not
// need the reader. SQL in listed_article_store.cpp.

#include <optional>
#include <vector>

#include "core/time.hpp"
#include "publishing/article.hpp"

namespace soci {
class session;
}

namespace dossier::publishing {

// Which articles: articles (news, analysis, reports) or static pages.
enum class ListedSet { Articles, Pages };

struct ListedQuery {
  ListedSet set = ListedSet::Articles;
  std::optional<ArticleKind> kind;
  std::optional<Id> category_id;
  std::optional<Id> tag_id;
  std::optional<Id> author_id;
  std::optional<UnixTime> since;  // published at or after (inclusive)
  std::optional<UnixTime> until;  // published at or before (inclusive)
  UnixTime now = 0;               // articles whose publication time is ahead are nobody's yet
  int limit = 15;
  long long offset = 0;
};

struct ListedIds {
  std::vector<Id> ids;  // newest first, then by id, descending
  long long total = 0;  // how many the whole list holds
};

// One page of a list: the ids are read from an index range (published_at, id), the rows of
// the page's articles only by the caller; the total is counted over the same range.
ListedIds listed_articles(soci::session& sql, ListedQuery const& q);

}  // namespace dossier::publishing
