#pragma once

#include "comments/comment.hpp"
#include "publishing/events.hpp"

namespace dossier::comments {

// Published after a committed change to what an article's comment section or comment counter
// shows: a comment approved, unapproved, edited or deleted, comments closed or opened. The
// article's own text did not change, so only the page cache listens: nothing re-analyses or
// re-indexes the article for a comment (issue 15).
struct ArticleCommentsChanged {
  Id article_id = 0;
  // Where the article is listed: the pages that show its comment counter.
  publishing::ArticlePlacement placement;
};

}  // namespace dossier::comments
