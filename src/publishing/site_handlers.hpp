#pragma once

#include <functional>
#include <string>

#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "publishing/archive_pages.hpp"
#include "publishing/article_page.hpp"
#include "publishing/article_sections.hpp"
#include "publishing/publishing_service.hpp"
#include "publishing/site_pages.hpp"
#include "site/fragment_cache.hpp"
#include "site/frame.hpp"

namespace dossier::publishing {

// Kept while the comments, insight, newsletter and search pages still name it here; the
// layout's page description is site::PageMeta (site/frame.hpp).
using PageMeta = site::PageMeta;

struct SiteContext {
  PublishingService& publishing;
  site::Frame const& frame;  // the layout, themed pages and error pages
  int per_page = 10;
};

// The public site's pages that publishing owns: the home page, articles (with the sections
// other modules register), the archives and static pages. Each turns a request into a view
// from the service and a page inside the site's frame. No SQL here, no Beast here.
class SiteHandlers {
 public:
  explicit SiteHandlers(SiteContext ctx);
  SiteHandlers(SiteHandlers const&) = delete;
  SiteHandlers& operator=(SiteHandlers const&) = delete;

  http::Response home(http::Request const& req, http::Params const& p);
  http::Response latest(http::Request const& req, http::Params const& p);
  http::Response article(http::Request const& req, http::Params const& p);
  http::Response category(http::Request const& req, http::Params const& p);
  http::Response tag(http::Request const& req, http::Params const& p);
  http::Response author(http::Request const& req, http::Params const& p);
  http::Response page(http::Request const& req, http::Params const& p);
  // An article in any state, through a newsroom preview link: not cached, not indexed.
  http::Response preview(ArticleView const& view);

  // Who may see a media file, kept until the next commit (most files are public, and the
  // answer takes three reads).
  std::shared_ptr<ImageAccess const> image_access(std::string const& file) {
    return images_.get(file, [&] { return ctx_.publishing.image_access(file); });
  }

  // The article page's sections from other modules, registered while wiring.
  ArticleSections& sections() { return sections_; }

  // The database's commit counter: the article page's cached parts (here and in the sections
  // other modules fill) are kept while it stays the same.
  site::ChangeCounter const& fragments() const { return ctx_.publishing.changes(); }

  site::Frame const& frame() const { return ctx_.frame; }

  // Forwarding to the site's frame (site::Frame::page, not_found, error), kept while other
  // modules' pages still reach the frame through SiteHandlers.
  http::Response themed(int status, PageMeta const& meta, std::string const& template_name,
                        std::function<void(ctemplate::TemplateDictionary&)> const& fill);
  http::Response not_found(http::Request const& req);
  http::Response error(int status, std::string const& title, std::string const& text);

 private:
  SiteContext ctx_;
  ArticleSections sections_;
  // Published articles by slug: the five reads of an article's view, once per change.
  site::FragmentCache<std::string, ArticleView> articles_{ctx_.publishing.changes()};
  site::FragmentCache<std::string, ImageAccess> images_{ctx_.publishing.changes()};
  ArticlePage article_page_;
  ArchivePages archives_;
};

}  // namespace dossier::publishing
