#include "publishing/access.hpp"

#include <algorithm>

#include "publishing/publishing_service.hpp"

namespace dossier::publishing {

AccessFacts access_facts(ArticleView const& view) {
  AccessFacts f;
  f.id = view.article.id;
  f.status = view.article.status;
  f.visibility = view.article.visibility;
  f.published_at = view.article.published_at;
  for (auto const& c : view.categories) f.category_ids.push_back(c.id);
  for (auto const& t : view.tags) f.tag_ids.push_back(t.id);
  return f;
}

bool client_active(Viewer const& viewer, UnixTime now) {
  return viewer.kind == ViewerKind::Client && viewer.client_id != 0 &&
         (!viewer.client_until || now < *viewer.client_until);
}

bool grant_covers(Grant const& grant, AccessFacts const& article, UnixTime now) {
  if (grant.from && now < *grant.from) return false;
  if (grant.until && now >= *grant.until) return false;
  auto has = [](std::vector<Id> const& ids, Id id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  switch (grant.scope) {
    case GrantScope::All: return true;
    case GrantScope::Article: return grant.target == article.id;
    case GrantScope::Category: return has(article.category_ids, grant.target);
    case GrantScope::Tag: return has(article.tag_ids, grant.target);
  }
  return false;
}

Access access_to(Viewer const& viewer, AccessFacts const& article, UnixTime now) {
  bool live = article.status == ArticleStatus::Published && article.published_at &&
              *article.published_at <= now;
  if (!live) return Access::None;
  if (article.visibility == Visibility::Public) return Access::Full;
  if (viewer.kind == ViewerKind::Newsroom) return Access::Full;
  bool client = client_active(viewer, now);
  if (article.visibility == Visibility::Subscribers)
    return viewer.kind == ViewerKind::Subscriber || client ? Access::Full : Access::Teaser;
  // Visibility::Clients
  if (!client) return Access::Teaser;
  bool granted = std::any_of(viewer.grants.begin(), viewer.grants.end(),
                             [&](Grant const& g) { return grant_covers(g, article, now); });
  return granted ? Access::Full : Access::Teaser;
}

}  // namespace dossier::publishing
