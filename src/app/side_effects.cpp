#include "app/side_effects.hpp"

#include <fmt/format.h>

#include "app/cached_site.hpp"
#include "core/event_bus.hpp"
#include "insight/insight_service.hpp"
#include "publishing/events.hpp"
#include "render/page_cache.hpp"

namespace dossier::app {

std::vector<std::string> cache_keys_for(comments::ArticleCommentsChanged const& change) {
  // The comment counter shows wherever the article is listed, and its section on its page:
  // the same pages as a change that leaves the article where it was.
  return cache_keys_for(
      publishing::ArticleChanged{change.article_id, change.placement, change.placement});
}

std::vector<std::string> cache_keys_for(media::MediaChanged const& change) {
  // Only the pages that show the image's texts: those that declare it, the articles showing it
  // as their hero and the authors showing it as their photo. Listing teasers show the file
  // alone, which an edit never changes.
  std::vector<std::string> keys{fmt::format("media:{}", change.media_id)};
  for (auto id : change.article_ids) keys.push_back(fmt::format("article:{}", id));
  for (auto id : change.profile_ids) keys.push_back(fmt::format("author:{}", id));
  return keys;
}

std::vector<std::string> cache_keys_for(auth::AuthorChanged const& change) {
  // The author's page, and every article page showing the author's name.
  return {fmt::format("author:{}", change.user_id)};
}

void subscribe_cache_keys(EventBus& events,
                          std::function<void(std::vector<std::string> const&)> drop) {
  auto shared =
      std::make_shared<std::function<void(std::vector<std::string> const&)>>(std::move(drop));
  events.subscribe<publishing::ArticleChanged>([shared](publishing::ArticleChanged const& c) {
    if (auto keys = cache_keys_for(c); !keys.empty()) (*shared)(keys);
  });
  events.subscribe<publishing::SiteChanged>(
      [shared](publishing::SiteChanged const& c) { (*shared)(c.cache_keys); });
  events.subscribe<comments::ArticleCommentsChanged>(
      [shared](comments::ArticleCommentsChanged const& c) {
        if (auto keys = cache_keys_for(c); !keys.empty()) (*shared)(keys);
      });
  events.subscribe<media::MediaChanged>(
      [shared](media::MediaChanged const& c) { (*shared)(cache_keys_for(c)); });
  events.subscribe<auth::AuthorChanged>(
      [shared](auth::AuthorChanged const& c) { (*shared)(cache_keys_for(c)); });
}

void subscribe_page_cache(EventBus& events, render::PageCache& cache) {
  subscribe_cache_keys(events,
                       [&cache](std::vector<std::string> const& keys) { cache.invalidate(keys); });
}

void subscribe_analysis(EventBus& events, insight::InsightService& insight) {
  events.subscribe<publishing::ArticleChanged>([&insight](publishing::ArticleChanged const& c) {
    if (c.after) insight.queue(c.id);
  });
}

}  // namespace dossier::app
