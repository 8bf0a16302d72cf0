#pragma once

#include "admin/newsroom.hpp"
#include "comments/comment_service.hpp"
#include "publishing/publishing_service.hpp"

namespace ctemplate {
class TemplateDictionary;
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
                  publishing::SiteHandlers& site, admin::Newsroom& newsroom)
      : comments_(comments), publishing_(publishing), site_(site), newsroom_(newsroom) {}

  // The article page's comment section: approved comments in threads, and the form.
  void fill_article(ctemplate::TemplateDictionary& d, publishing::ArticleView const& view);
  http::Response post(http::Request const& req, http::Params const& p);

  http::Response moderation(admin::Visit& v);
  http::Response moderate(admin::Visit& v);   // bulk: action + id (repeated)
  http::Response change(admin::Visit& v);     // one comment: action=edit|reply

 private:
  http::Response form_page(int status, publishing::ArticleView const& view, NewComment const& in,
                           std::string const& error, bool preview);
  http::Response moderation_page(admin::Visit& v, int status, std::string const& error,
                                 std::string const& notice);
  CommentService& comments_;
  publishing::PublishingService& publishing_;
  publishing::SiteHandlers& site_;
  admin::Newsroom& newsroom_;
};

ArticleForComments for_comments(publishing::Article const& a);

}  // namespace dossier::comments
