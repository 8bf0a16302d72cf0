#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "publishing/article.hpp"
#include "publishing/events.hpp"

namespace soci {
class session;
}

// Publishing's named functions for the columns other folders keep up to date on its articles
// (comments: the approved-comment counter and the per-article switch) and for the little they
// read of any article, public or not. Each takes the caller's session, so it runs inside the
// caller's transaction: the counter moves with the comment's state or not at all. Other
// folders call these and never name the articles table in their SQL (issue 15, rule 1).
namespace dossier::publishing {

// What another folder shows of an article it refers to (a comment's article in moderation).
struct ArticleRef {
  std::string title;
  std::string slug;
  Id author_id = 0;
};

// Adds `delta` to the article's approved-comment counter (articles.comment_count).
void add_to_comment_count(soci::session& sql, Id article_id, int delta);
// Whether an editor closed the article's comments; nullopt when there is no such article.
std::optional<bool> comments_closed(soci::session& sql, Id article_id);
// Sets the switch; false when there is no such article (nothing changed).
bool set_comments_closed(soci::session& sql, Id article_id, bool closed);
// Where the article is listed (for the page cache); nullopt when there is no such article.
std::optional<ArticlePlacement> placement(soci::session& sql, Id article_id);
// Title, slug and author of each of the given articles that exists, in any state.
std::map<Id, ArticleRef> article_refs(soci::session& sql, std::vector<Id> const& ids);

}  // namespace dossier::publishing
