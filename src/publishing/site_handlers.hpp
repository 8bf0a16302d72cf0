#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "publishing/publishing_service.hpp"

namespace ctemplate {
class TemplateDictionary;
}
namespace dossier::render {
class Theme;
}
namespace dossier::http {
class StaticAssets;
}

namespace dossier::publishing {

// Fills the article page's comment section (comments/); empty = no comments on the site.
using CommentsFiller = std::function<void(ctemplate::TemplateDictionary&, ArticleView const&)>;

struct SiteContext {
  PublishingService& publishing;
  render::Theme const& theme;
  http::StaticAssets const& assets;
  std::string site_url;  // canonical base, no trailing slash
  int per_page = 10;
  Clock clock;
  CommentsFiller comments = {};
  CommentsFiller insight = {};  // the "In this article" box (insight/); same shape
};

// What the layout (head and foot partials) needs to know about one page.
struct PageMeta {
  std::string title;        // empty = the site's title alone
  std::string description;  // empty = the tagline
  std::string path;         // canonical path
  std::string current_nav;  // slug of the category to mark as current
  bool noindex = false;
  // Social cards (OpenGraph, Twitter) and structured data.
  std::string og_type = "website";
  std::string image_url;  // absolute
  std::string image_alt;
  std::string published_iso;
  std::string modified_iso;
  std::string section;
  std::vector<std::string> json_ld;  // script-safe JSON texts (structured_data.hpp)
  std::string feed_path;             // this page's own feed, if it has one ("/tag/x/feed.xml")
};

// The public site's pages: each turns a request into a view from the service and a page
// from the theme. No SQL here, no Beast here.
class SiteHandlers {
 public:
  explicit SiteHandlers(SiteContext ctx) : ctx_(std::move(ctx)) {}

  http::Response home(http::Request const& req, http::Params const& p);
  http::Response latest(http::Request const& req, http::Params const& p);
  http::Response article(http::Request const& req, http::Params const& p);
  http::Response category(http::Request const& req, http::Params const& p);
  http::Response tag(http::Request const& req, http::Params const& p);
  http::Response author(http::Request const& req, http::Params const& p);
  http::Response page(http::Request const& req, http::Params const& p);
  // An article in any state, through a newsroom preview link: not cached, not indexed.
  http::Response preview(ArticleView const& view);

  // A page another module owns (search), rendered from `template_name` inside the site's
  // layout; `fill` adds the page's own values.
  http::Response themed(int status, PageMeta const& meta, std::string const& template_name,
                        std::function<void(ctemplate::TemplateDictionary&)> const& fill);

  // Themed error pages; `error` never touches the database, so it works when that fails.
  http::Response not_found(http::Request const& req);
  http::Response error(int status, std::string const& title, std::string const& text);

 private:
  enum class ArticleMode { Public, Preview };
  http::Response render_article(ArticleView const& view, ArticleMode mode);
  http::Response message(int status, PageMeta const& meta, std::string const& title,
                         std::string const& text);
  SiteContext ctx_;
};

// The values of one article's teaser (URL, TITLE, DEK, KIND_LABEL, AUTHOR_NAME, DATE ...),
// the same for every template that lists articles.
void fill_summary(ctemplate::TemplateDictionary& d, ArticleSummary const& a);

}  // namespace dossier::publishing
