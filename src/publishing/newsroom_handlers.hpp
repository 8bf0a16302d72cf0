#pragma once

#include "publishing/article_editor_handlers.hpp"
#include "publishing/newsroom_pages.hpp"
#include "publishing/preview_links.hpp"
#include "publishing/revision_handlers.hpp"

namespace dossier::media {
class MediaLibrary;
}

namespace dossier::publishing {

// The newsroom's article pages: the list (browse) here, the editor (article_editor_handlers),
// revisions with their diffs (revision_handlers) and preview links (preview_links), all built
// from one context.
class NewsroomHandlers {
 public:
  explicit NewsroomHandlers(NewsroomHandlersContext ctx);
  // The parts hold references to the context: not copied, not moved.
  NewsroomHandlers(NewsroomHandlers const&) = delete;
  NewsroomHandlers& operator=(NewsroomHandlers const&) = delete;

  http::Response browse(admin::Visit& v);  // GET /admin/articles, filtered and paginated

  ArticleEditorHandlers& editor() { return editor_; }
  RevisionHandlers& revisions() { return revisions_; }
  PreviewLinks const& preview_links() const { return links_; }

  // The article id of a signed preview link, when it is valid.
  std::optional<Id> preview_target(std::string const& token) const { return links_.target(token); }

 private:
  void fill_filters(ctemplate::TemplateDictionary& d, NewsroomQuery const& q);
  NewsroomHandlersContext ctx_;
  PreviewLinks links_;
  ArticleEditorHandlers editor_;
  RevisionHandlers revisions_;
};

}  // namespace dossier::publishing
