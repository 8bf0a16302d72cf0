#pragma once

#include "admin/newsroom.hpp"
#include "comments/comment_service.hpp"
#include "publishing/publishing_service.hpp"
#include "publishing/site_handlers.hpp"
#include "site/fragment_cache.hpp"

namespace ctemplate {
class TemplateDictionary;
}
namespace dossier::render {
class Theme;
}
namespace dossier::publishing {
class SiteHandlers;
}

namespace dossier::comments {

// The readers' side (the article page's section, posting, preview) and the newsroom's
// moderation pages.
class CommentHandlers {
 public:
  CommentHandlers(CommentService& comments, publishing::PublishingService& publishing,
                  publishing::SiteHandlers& site, admin::Newsroom& newsroom,
                  render::Theme const& theme, std::string site_url)
      : comments_(comments),
        publishing_(publishing),
        site_(site),
        newsroom_(newsroom),
        theme_(theme),
        site_url_(std::move(site_url)),
        sections_(site.fragments()) {}

  // The article page's comment section: approved comments in threads, and the form.
  void fill_article(ctemplate::TemplateDictionary& d, publishing::ArticleView const& view);
  http::Response post(http::Request const& req, http::Params const& p);
  // A form token for one reader (JSON {"token": ...}, never cached): the article page is
  // shared by every reader, so its form carries none and the site's JS fetches one here.
  http::Response token(http::Request const& req, http::Params const& p);
  // The form answering one first comment (?reply=ID): one level of replies.
  http::Response reply_page(http::Request const& req, http::Params const& p);

  // Atom feeds of approved comments: the site's, and one article's.
  http::Response site_feed(http::Request const& req, http::Params const& p);
  http::Response article_feed(http::Request const& req, http::Params const& p);

  // Links mailed to commenters ({token}: signed for one purpose and one comment).
  http::Response confirm_notifications(http::Request const& req, http::Params const& p);
  http::Response stop_page(http::Request const& req, http::Params const& p);
  http::Response stop(http::Request const& req, http::Params const& p);
  http::Response delete_page(http::Request const& req, http::Params const& p);
  http::Response delete_own(http::Request const& req, http::Params const& p);

  http::Response moderation(admin::Visit& v);
  http::Response moderate(admin::Visit& v);        // bulk: action + id (repeated)
  http::Response change(admin::Visit& v);          // one comment: action=edit|reply
  http::Response switch_article(admin::Visit& v);  // action=close|open for one article

 private:
  http::Response form_page(int status, publishing::ArticleView const& view, NewComment const& in,
                           std::string const& error, std::string const* preview_html = nullptr,
                           Comment const* parent = nullptr);
  // The 403 page for a form another website sent (http/cross_site.hpp), or nullopt.
  std::optional<http::Response> refuse_cross_site(http::Request const& req);
  http::Response moderation_page(admin::Visit& v, int status, std::string const& error,
                                 std::string const& notice);
  http::Response message(int status, std::string const& title, std::string const& text,
                         std::string const& action = {}, std::string const& button = {});
  http::Response feed(std::optional<publishing::ArticleView> const& article);
  CommentService& comments_;
  publishing::PublishingService& publishing_;
  publishing::SiteHandlers& site_;
  admin::Newsroom& newsroom_;
  render::Theme const& theme_;
  std::string site_url_;
  // What an article's comment section shows that only a change can alter: its approved
  // comments and the editor's switch, by article id (site/fragment_cache.hpp). Whether the
  // form is open also depends on the clock, so it is decided on each request.
  struct Section {
    std::vector<Comment> approved;
    bool closed = false;
  };
  site::FragmentCache<Id, Section> sections_;
};

ArticleForComments for_comments(publishing::Article const& a);

}  // namespace dossier::comments
