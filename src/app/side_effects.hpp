#pragma once

#include <functional>
#include <string>
#include <vector>

#include "auth/events.hpp"
#include "comments/events.hpp"
#include "media/events.hpp"

namespace dossier {
class EventBus;
}
namespace dossier::render {
class PageCache;
}
namespace dossier::insight {
class InsightService;
}

// The one path of side effects (issue 15): services publish typed events on the bus after
// their change commits; here, and only here, the page cache and the analysis queue subscribe.
// Listeners run on the publishing thread (a request worker or the jobs thread): the cache locks
// itself and the queue goes through the database, so they are safe from any thread.
namespace dossier::app {

// The page cache drops the pages each event touches (publishing::ArticleChanged and
// SiteChanged, comments::ArticleCommentsChanged, media::MediaChanged, auth::AuthorChanged).
void subscribe_page_cache(EventBus& events, render::PageCache& cache);
// The same events' cache keys handed to `drop`: the page cache's list, and on PostgreSQL the
// change notices that carry them to the other servers (store/pg_notify.hpp). One list, so a
// new event reaches both.
void subscribe_cache_keys(EventBus& events,
                          std::function<void(std::vector<std::string> const&)> drop);
// An article whose content changed is queued for analysis; a comment never queues one.
void subscribe_analysis(EventBus& events, insight::InsightService& insight);

// The cache keys each event drops (publishing::ArticleChanged's are in app/cached_site.hpp).
std::vector<std::string> cache_keys_for(comments::ArticleCommentsChanged const& change);
std::vector<std::string> cache_keys_for(media::MediaChanged const& change);
std::vector<std::string> cache_keys_for(auth::AuthorChanged const& change);

}  // namespace dossier::app
