#pragma once

#include "publishing/newsroom_pages.hpp"
#include "publishing/preview_links.hpp"

namespace dossier::publishing {

// The newsroom's article editor: the form for a new article and for an existing one, adding
// and saving (with the editorial state change the pressed button asks for), autosave of
// drafts, the Markdown preview and preview links.
class ArticleEditorHandlers {
 public:
  ArticleEditorHandlers(NewsroomHandlersContext const& ctx, PreviewLinks const& links)
      : ctx_(ctx), links_(links) {}

  http::Response add_form(admin::Visit& v);  // GET /admin/articles/new
  http::Response add(admin::Visit& v);       // POST /admin/articles
  http::Response read(admin::Visit& v);      // GET /admin/articles/{id}: the editor
  http::Response edit(admin::Visit& v);      // POST /admin/articles/{id}
  http::Response autosave(admin::Visit& v);
  http::Response preview_markdown(admin::Visit& v);
  http::Response preview_link(admin::Visit& v);

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
  void fill_fields(ctemplate::TemplateDictionary& d, admin::Visit& v, EditorState const& s);
  void fill_choices(ctemplate::TemplateDictionary& d, admin::Visit& v, ArticleInput const& in);
  void fill_buttons(ctemplate::TemplateDictionary& d, admin::Visit& v, EditorState const& s);
  // The editor's form as an ArticleInput; the error names the field that is wrong.
  Result<ArticleInput> read_form(admin::Visit& v, std::optional<Draft> const& current,
                                 std::string& tags_text);
  // The hero image's texts from the form, when the user may change that image: saved with the
  // article, in its transaction.
  std::optional<ImageText> hero_text(admin::Visit& v, ArticleInput const& in);
  NewsroomHandlersContext const& ctx_;
  PreviewLinks const& links_;
};

}  // namespace dossier::publishing
