#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace ctemplate {
class TemplateDictionary;
}
namespace dossier::render {
class Theme;
}
namespace dossier::http {
class StaticAssets;
}

namespace dossier::site {

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
  std::vector<std::string> json_ld;  // script-safe JSON texts (publishing/structured_data.hpp)
  std::string feed_path;             // this page's own feed, if it has one ("/tag/x/feed.xml")
};

// A link in the menu or the footer.
struct Link {
  std::string label;
  std::string url;
};

// One entry of the main navigation (a category, in navigation order).
struct NavItem {
  std::string slug;  // compared with PageMeta::current_nav
  std::string name;
  std::string url;
  bool child = false;  // a sub-category: indented
};

// What the frame shows that the newsroom edits (the site's settings and its categories).
// The frame sits below the domains, so it knows none of their types: whoever owns these
// values (publishing) turns them into a Masthead when the site is wired.
struct Masthead {
  std::string language;
  std::string title;
  std::string tagline;
  std::string about;
  std::string contact_email;
  int copyright_start_year = 0;  // 0 = the current year only
  std::vector<Link> menu_links;
  std::vector<Link> social_links;
  std::vector<NavItem> nav;
};

using Clock = std::function<UnixTime()>;
using Fill = std::function<void(ctemplate::TemplateDictionary&)>;

struct FrameContext {
  render::Theme const& theme;
  http::StaticAssets const& assets;
  std::string site_url;  // canonical base, no trailing slash
  Clock clock;
  // The current masthead; may throw when the database fails (error pages then use `fallback`).
  std::function<Masthead()> masthead;
  Masthead fallback;
};

// The public site's frame: the layout every public page is drawn in (head, navigation,
// footer, social cards), pages rendered inside it, and the themed error pages. Shared by
// every module that has public pages, the way admin::Newsroom frames the newsroom's.
// Everything here is const and the masthead source is thread-safe, so one Frame serves all
// request threads.
class Frame {
 public:
  explicit Frame(FrameContext ctx) : ctx_(std::move(ctx)) {}

  Masthead masthead() const { return ctx_.masthead(); }

  // Sets the layout's values on a page's dictionary.
  void fill(ctemplate::TemplateDictionary& d, PageMeta const& meta, Masthead const& m) const;

  // A page rendered from `template_name` inside the layout; `fill` adds the page's own values.
  http::Response page(int status, PageMeta const& meta, std::string const& template_name,
                      Fill const& fill) const;
  // The same with a masthead the caller already holds (it read the settings for the page).
  http::Response page(int status, PageMeta const& meta, Masthead const& m,
                      std::string const& template_name, Fill const& fill) const;
  // A short message page (message.tpl).
  http::Response message(int status, PageMeta const& meta, std::string const& title,
                         std::string const& text) const;

  // Themed error pages; `error` works when the database fails (it falls back to defaults).
  http::Response not_found(http::Request const& req) const;
  http::Response error(int status, std::string const& title, std::string const& text) const;

  std::string const& site_url() const { return ctx_.site_url; }
  std::string asset_url(std::string const& name) const;

 private:
  FrameContext ctx_;
};

}  // namespace dossier::site
