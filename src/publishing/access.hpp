#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "publishing/article.hpp"

namespace dossier::publishing {

struct ArticleView;

// Who is asking. Readers sign in apart from the newsroom (clients/): a client member belongs to
// one organisation; a subscriber is a confirmed newsletter reader; the newsroom is any account.
enum class ViewerKind { Anonymous, Subscriber, Client, Newsroom };

// What a client organisation may read: one report, every report filed under a category or a
// tag, or everything that is not public, each within an optional window of reading time.
enum class GrantScope { Article, Category, Tag, All };

struct Grant {
  GrantScope scope = GrantScope::All;
  Id target = 0;                  // the article's, category's or tag's id; 0 for All
  std::optional<UnixTime> from;   // opens at (inclusive)
  std::optional<UnixTime> until;  // closes at (exclusive)
};

// One request's reader, as the clients folder resolved it from the reader's cookie. A viewer
// carries its grants as data, so the rule below needs no database and no other folder.
struct Viewer {
  ViewerKind kind = ViewerKind::Anonymous;
  Id member_id = 0;  // client members and subscribers: their record
  std::string email;
  std::string name;
  Id client_id = 0;  // client members: their organisation
  std::string client_name;
  std::optional<UnixTime> client_until;  // the organisation's contract ends (exclusive)
  std::vector<Grant> grants;
  std::string csrf_token;  // the reader session's, for its forms

  bool signed_in() const { return kind != ViewerKind::Anonymous; }
};

// What one viewer may see of one article: nothing (the page does not exist for them), the
// teaser (title, dek, the report's summary and the findings' headings when the editor allows,
// and a way in), or all of it.
enum class Access { None, Teaser, Full };

// The facts of an article the rule reads.
struct AccessFacts {
  Id id = 0;
  ArticleStatus status = ArticleStatus::Draft;
  Visibility visibility = Visibility::Public;
  std::optional<UnixTime> published_at;
  std::vector<Id> category_ids;
  std::vector<Id> tag_ids;
};

AccessFacts access_facts(ArticleView const& view);

// The access rule, the one function every surface asks (docs/CLIENTS.md):
// - an article that is not published, or whose time has not come, is no one's (None): the
//   newsroom sees drafts through preview links, and a report granted before it is published
//   opens at its time (an embargo);
// - a public article is everyone's (Full);
// - a subscribers' article is Full for subscribers, client members of an organisation whose
//   contract runs, and the newsroom; a Teaser for anyone else;
// - a clients' article is Full for the newsroom and for members of an organisation whose
//   contract runs and which holds a grant covering it now; a Teaser for anyone else.
Access access_to(Viewer const& viewer, AccessFacts const& article, UnixTime now);

// Whether one grant covers the article at `now` (scope and window).
bool grant_covers(Grant const& grant, AccessFacts const& article, UnixTime now);

// Whether the viewer's organisation is a client now (its contract has not ended).
bool client_active(Viewer const& viewer, UnixTime now);

}  // namespace dossier::publishing
