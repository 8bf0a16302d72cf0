#pragma once

#include "publishing/newsroom_pages.hpp"

namespace dossier::publishing {

// An article's revisions in the newsroom: the list, one revision compared line by line with
// another or with the current text, and restoring one as a new revision.
class RevisionHandlers {
 public:
  explicit RevisionHandlers(NewsroomHandlersContext const& ctx) : ctx_(ctx) {}

  http::Response browse(admin::Visit& v);
  http::Response read(admin::Visit& v);
  http::Response restore(admin::Visit& v);

 private:
  NewsroomHandlersContext const& ctx_;
};

}  // namespace dossier::publishing
