#pragma once

#include "admin/newsroom.hpp"
#include "publishing/editorial_service.hpp"

namespace dossier::media {
class MediaLibrary;
}

namespace dossier::publishing {

struct NewsroomHandlersContext {
  admin::Newsroom& newsroom;
  EditorialService& editorial;
  PublishingService& publishing;
  auth::AuthService& auth;
  Clock clock;
  std::string site_url;
  std::string secret;  // signs preview links
};

constexpr long long kPreviewLinkSeconds = 7 * 24 * 3600;

// The newsroom's article pages: the list, the editor, saving and state changes, the Markdown
// preview, revisions with their diffs, and preview links.
class NewsroomHandlers {
 public:
  explicit NewsroomHandlers(NewsroomHandlersContext ctx) : ctx_(std::move(ctx)) {}

  http::Response list(admin::Visit& v);
  http::Response new_article(admin::Visit& v);
  http::Response create(admin::Visit& v);
  http::Response edit(admin::Visit& v);
  http::Response save(admin::Visit& v);
  http::Response autosave(admin::Visit& v);
  http::Response preview_markdown(admin::Visit& v);
  http::Response revisions(admin::Visit& v);
  http::Response revision(admin::Visit& v);
  http::Response restore(admin::Visit& v);
  http::Response preview_link(admin::Visit& v);

  // The article id of a signed preview link, when it is valid.
  std::optional<Id> preview_target(std::string const& token) const;

 private:
  struct EditorState {
    std::optional<Id> id;
    ArticleInput input;
    EditorialState state = EditorialState::Draft;
    Id base_revision = 0;
    std::string tags_text;
    std::string error;
    std::string notice;
    std::string preview_url;
  };
  http::Response editor(admin::Visit& v, int status, EditorState const& s);
  // The editor's form as an ArticleInput; the error names the field that is wrong.
  Result<ArticleInput> read_form(admin::Visit& v, std::optional<Draft> const& current,
                                 std::string& tags_text);
  std::optional<Draft> draft_of(admin::Visit& v);
  // The hero image's alt text, caption and credit typed in the editor, after a save.
  // The hero image's texts from the form, when the user may change that image: saved with the
  // article, in its transaction.
  std::optional<ImageText> hero_text(admin::Visit& v, ArticleInput const& in);
  auth::Target target_of(Draft const& d) const;
  // The preview link carried by the editor's ?preview= parameter when preview_link() made it
  // for this article (its signature holds), else empty.
  std::string verified_preview_url(std::string const& link, Id article) const;
  NewsroomHandlersContext ctx_;
};

}  // namespace dossier::publishing
