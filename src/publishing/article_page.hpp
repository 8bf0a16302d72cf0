#pragma once

#include "http/response.hpp"
#include "publishing/article_sections.hpp"
#include "publishing/publishing_service.hpp"
#include "site/fragment_cache.hpp"
#include "site/frame.hpp"

namespace dossier::publishing {

// How an article page is shown: to readers (cached, with the registered sections), or
// through a newsroom preview link (an article in any state: not cached, not indexed).
// A restricted article (not public; publishing/access.hpp) is rendered for its one reader:
// never cached, never indexed as a whole.
enum class ArticleMode { Public, Preview, Restricted };

// A reader's article page (article.tpl): the article with its hero image, breadcrumbs, tags
// and related articles, the sections other modules registered (comments, the "In this
// article" box), its social card and structured data, and the page cache keys it depends on.
class ArticlePage {
 public:
  ArticlePage(PublishingService& publishing, site::Frame const& frame,
              ArticleSections const& sections, site::ChangeCounter const& changes)
      : publishing_(publishing), frame_(frame), sections_(sections), related_(changes) {}

  http::Response render(ArticleView const& view, ArticleMode mode) const;

 private:
  site::PageMeta meta_of(ArticleView const& view, SiteSettings const& settings,
                         ArticleMode mode) const;
  PublishingService& publishing_;
  site::Frame const& frame_;
  ArticleSections const& sections_;
  // The related box's articles by article id: four summaries that change only when some
  // article, its analysis or the site does (site/fragment_cache.hpp).
  mutable site::FragmentCache<Id, std::vector<ArticleSummary>> related_;
};

}  // namespace dossier::publishing
