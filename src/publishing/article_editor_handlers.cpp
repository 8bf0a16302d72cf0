#include "publishing/article_editor_handlers.hpp"

#include <ctemplate/template.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/strings.hpp"
#include "http/json.hpp"
#include "media/media.hpp"
#include "publishing/urls.hpp"
#include "render/markdown.hpp"
#include "render/template_key.hpp"

namespace dossier::publishing {

using render::operator""_key;

using ctemplate::TemplateDictionary;

namespace msg {
constexpr char const* kBadKind = "Choose what kind of article this is.";
constexpr char const* kBadTime = "The publication time must look like 2026-11-29 14:30.";
constexpr char const* kBadAction = "Unknown action.";
constexpr char const* kBadNumber = "The form holds a value that is not a number ({}).";
constexpr char const* kSaved = "Saved.";
constexpr char const* kNoSuchImage = "There is no image number {} in the media library.";
constexpr char const* kImageTextTooLong =
    "The image's alt text, caption and credit may be at most {} characters each.";
constexpr char const* kLiveNotAutosaved = "Live articles are not saved automatically.";
constexpr char const* kMayNotEdit = "Your role does not allow you to edit this article.";
constexpr char const* kPreviewTooLong = "The text is too long.";
}  // namespace msg

namespace {

constexpr std::size_t kMaxPreviewBytes = kMaxBodyBytes;

// "2026-11-29T14:30" (an HTML datetime-local value, taken as UTC) or with seconds.
std::optional<UnixTime> parse_local_time(std::string const& text) {
  auto t = std::string(trim(text));
  if (t.empty()) return std::nullopt;
  if (t.size() == 16) t += ":00";
  if (t.size() == 19) t += "Z";
  if (t.size() > 10 && t[10] == ' ') t[10] = 'T';
  return parse_rfc3339(t);
}

std::string local_time_value(std::optional<UnixTime> t) {
  if (!t) return "";
  auto iso = format_rfc3339(*t);  // 2026-11-29T14:30:00Z
  return iso.substr(0, 16);
}

std::string join(std::vector<std::string> const& parts, std::string_view sep) {
  std::string out;
  for (auto const& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

// Browsers send a textarea's line breaks as CRLF (HTML, form submission): store LF, so
// revisions compare line by line whatever sent them.
std::string without_cr(std::string text) {
  for (auto at = text.find("\r\n"); at != std::string::npos; at = text.find("\r\n", at))
    text.erase(at, 1);
  return text;
}

std::string live_url(ArticleKind kind, std::string const& slug) {
  return kind == ArticleKind::Page ? page_url(slug) : article_url(slug);
}

}  // namespace

Result<ArticleInput> ArticleEditorHandlers::read_form(admin::Visit& v,
                                                      std::optional<Draft> const& current,
                                                      std::string& tags_text) {
  auto const& f = v.form;
  ArticleInput in;
  in.title = std::string(trim(f.get("title")));
  in.dek = std::string(trim(f.get("dek")));
  in.slug = std::string(trim(f.get("slug")));
  in.body_markdown = without_cr(f.get("body"));
  in.seo_title = std::string(trim(f.get("seo_title")));
  in.seo_description = std::string(trim(f.get("seo_description")));
  auto kind = parse_kind(f.get("kind"));
  if (!kind) return invalid(msg::kBadKind);
  in.kind = *kind;
  in.visibility = current ? current->input.visibility : Visibility::Public;
  for (auto const& c : f.all("category")) {
    auto id = parse_id(c);
    if (!id) return invalid(fmt::format(msg::kBadNumber, "category"));
    in.category_ids.push_back(*id);
  }
  if (auto hero = std::string(trim(f.get("hero_media_id"))); !hero.empty()) {
    auto id = parse_id(hero);
    if (!id) return invalid(fmt::format(msg::kBadNumber, "image"));
    if (!ctx_.editorial.image(*id)) return invalid(fmt::format(msg::kNoSuchImage, *id));
    in.hero_media_id = *id;
    for (auto const* field : {"hero_alt", "hero_caption", "hero_credit"})
      if (f.get(field).size() > media::kMaxImageText || !is_valid_utf8(f.get(field)))
        return invalid(fmt::format(msg::kImageTextTooLong, media::kMaxImageText));
  }
  if (auto when = f.get("publish_at"); !trim(when).empty()) {
    auto t = parse_local_time(when);
    if (!t) return invalid(msg::kBadTime);
    in.published_at = *t;
  }
  // Only those who may edit other people's articles choose the author.
  Id author = current ? current->input.author_id : v.user().id;
  if (auto chosen = parse_id(f.get("author_id"));
      chosen && ctx_.newsroom.allowed(v, auth::Action::EditArticle, {Id{-1}}))
    author = *chosen;
  in.author_id = author;
  tags_text = f.get("tags");
  std::vector<std::string> names;
  for (auto part : split(tags_text, ',')) names.emplace_back(trim(part));
  auto tags = ctx_.editorial.tags_for(names, ctx_.newsroom.allowed(v, auth::Action::CreateTag)
                                                 ? EditorialService::NewTags::Create
                                                 : EditorialService::NewTags::Refuse);
  if (!tags) return tags.error();
  in.tag_ids = std::move(*tags);
  return in;
}

void ArticleEditorHandlers::fill_fields(TemplateDictionary& d, admin::Visit& v,
                                        EditorState const& s) {
  auto const& in = s.input;
  d.SetValue("FORM_ACTION"_key,
             s.id ? fmt::format("/admin/articles/{}", *s.id) : "/admin/articles");
  if (s.id) {
    auto* e = d.AddSectionDictionary("EXISTING"_key);
    e->SetIntValue("ID"_key, static_cast<long>(*s.id));
    e->SetValue("STATE"_key, std::string(state_label(s.state)));
    if (s.state == EditorialState::Published)
      e->SetValueAndShowSection("LIVE_URL"_key, live_url(in.kind, in.slug), "IS_LIVE");
    if (s.state == EditorialState::Published &&
        ctx_.newsroom.allowed(v, auth::Action::SendNewsletter))
      e->ShowSection("CAN_SEND"_key);
    if (!s.preview_url.empty())
      e->SetValueAndShowSection("PREVIEW_URL"_key, s.preview_url, "HAS_PREVIEW");
  }
  d.SetIntValue("BASE_REVISION"_key, static_cast<long>(s.base_revision));
  d.SetValue("TITLE"_key, in.title);
  d.SetValue("DEK"_key, in.dek);
  d.SetValue("SLUG"_key, in.slug);
  d.SetValue("BODY"_key, in.body_markdown);
  d.SetValue("SEO_TITLE"_key, in.seo_title);
  d.SetValue("SEO_DESCRIPTION"_key, in.seo_description);
  d.SetValue("TAGS"_key, s.tags_text);
  d.SetValue("PUBLISH_AT"_key, local_time_value(in.published_at));
  d.SetValue("HERO_MEDIA_ID"_key, in.hero_media_id ? std::to_string(*in.hero_media_id) : "");
  if (auto hero = in.hero_media_id ? ctx_.editorial.image(*in.hero_media_id) : std::nullopt) {
    auto* h = d.AddSectionDictionary("HERO"_key);
    h->SetValue("HERO_THUMB"_key,
                "/media/" + (hero->variants.empty() ? hero->file : hero->variants.front().file));
    h->SetValue("HERO_ALT"_key, hero->alt);
    h->SetValue("HERO_CAPTION"_key, hero->caption);
    h->SetValue("HERO_CREDIT"_key, hero->credit);
    h->SetIntValue("HERO_W"_key, hero->width);
    h->SetIntValue("HERO_H"_key, hero->height);
    // Its texts belong to the image (every article showing it): changed here only by who
    // may change the image itself.
    h->ShowSection(ctx_.newsroom.allowed(v, auth::Action::DeleteMedia, {hero->uploaded_by})
                       ? "HERO_EDITABLE"
                       : "HERO_READONLY");
  }
  if (!s.error.empty()) d.SetValueAndShowSection("ERROR"_key, s.error, "HAS_ERROR");
  if (!s.notice.empty()) d.SetValueAndShowSection("NOTICE"_key, s.notice, "HAS_NOTICE");
}

void ArticleEditorHandlers::fill_choices(TemplateDictionary& d, admin::Visit& v,
                                         ArticleInput const& in) {
  for (auto k :
       {ArticleKind::News, ArticleKind::Analysis, ArticleKind::Report, ArticleKind::Page}) {
    auto* o = d.AddSectionDictionary("KIND_OPTION"_key);
    o->SetValue("VALUE"_key, std::string(to_string(k)));
    o->SetValue("LABEL"_key, std::string(kind_label(k)));
    if (in.kind == k) o->ShowSection("SELECTED"_key);
  }
  for (auto const& c : ctx_.publishing.categories()) {
    auto* o = d.AddSectionDictionary("CATEGORY_OPTION"_key);
    o->SetIntValue("VALUE"_key, static_cast<long>(c.id));
    o->SetValue("LABEL"_key, c.parent_id ? "— " + c.name : c.name);
    if (std::find(in.category_ids.begin(), in.category_ids.end(), c.id) != in.category_ids.end())
      o->ShowSection("CHECKED"_key);
  }
  if (!ctx_.newsroom.allowed(v, auth::Action::EditArticle, {Id{-1}})) return;
  auto* choose = d.AddSectionDictionary("CHOOSE_AUTHOR"_key);
  for (auto const& u : ctx_.auth.users()) {
    if (u.status != auth::UserStatus::Active && u.id != in.author_id) continue;
    auto* o = choose->AddSectionDictionary("AUTHOR_OPTION"_key);
    o->SetIntValue("VALUE"_key, static_cast<long>(u.id));
    o->SetValue("LABEL"_key, u.name);
    if (u.id == (in.author_id ? in.author_id : v.user().id)) o->ShowSection("SELECTED"_key);
  }
}

void ArticleEditorHandlers::fill_buttons(TemplateDictionary& d, admin::Visit& v,
                                         EditorState const& s) {
  // The buttons this user may press for this article.
  Draft probe;
  probe.input.author_id = s.input.author_id ? s.input.author_id : v.user().id;
  probe.state = s.state;
  auto target = target_of(probe);
  bool live = s.state == EditorialState::Published;
  if (ctx_.newsroom.allowed(v, auth::Action::EditArticle, target) || !s.id)
    d.ShowSection(live ? "CAN_UPDATE" : "CAN_SAVE");
  if (!live && s.state != EditorialState::Scheduled &&
      ctx_.newsroom.allowed(v, auth::Action::SubmitForReview, target))
    d.ShowSection("CAN_SUBMIT"_key);
  if (ctx_.newsroom.allowed(v, auth::Action::PublishArticle, target)) {
    if (!live) d.ShowSection("CAN_PUBLISH"_key);
    if (!live) d.ShowSection("CAN_SCHEDULE"_key);
    if (s.id && (live || s.state == EditorialState::Scheduled)) d.ShowSection("CAN_UNPUBLISH"_key);
  }
  if (s.id && s.state != EditorialState::Published && s.state != EditorialState::Scheduled)
    d.ShowSection("AUTOSAVE"_key);
}

http::Response ArticleEditorHandlers::editor(admin::Visit& v, int status, EditorState const& s) {
  auto title = s.id ? "Edit article" : "New article";
  return ctx_.newsroom.render(v, status, title, "admin/editor.tpl", [&](TemplateDictionary& d) {
    fill_fields(d, v, s);
    fill_choices(d, v, s.input);
    fill_buttons(d, v, s);
  });
}

std::optional<ImageText> ArticleEditorHandlers::hero_text(admin::Visit& v, ArticleInput const& in) {
  if (!in.hero_media_id || !v.form.has("hero_alt")) return std::nullopt;
  auto hero = ctx_.editorial.image(*in.hero_media_id);
  if (!hero || !ctx_.newsroom.allowed(v, auth::Action::DeleteMedia, {hero->uploaded_by}))
    return std::nullopt;
  // Lengths and encoding were checked with the rest of the form (read_form).
  return ImageText{*in.hero_media_id, v.form.get("hero_alt"), v.form.get("hero_caption"),
                   v.form.get("hero_credit")};
}

http::Response ArticleEditorHandlers::add_form(admin::Visit& v) {
  EditorState s;
  s.input.author_id = v.user().id;
  return editor(v, 200, s);
}

http::Response ArticleEditorHandlers::add(admin::Visit& v) {
  EditorState s;
  auto transition = parse_transition(v.form.get("action"));
  auto input = read_form(v, std::nullopt, s.tags_text);
  if (!transition) return ctx_.newsroom.message(v, 400, "Not saved", msg::kBadAction);
  if (!input) {
    s.error = input.error().message;
    return editor(v, http::status_for(input.error().kind), s);
  }
  s.input = *input;
  auth::Target target{input->author_id, auth::Exposure::NotLive};
  if ((*transition == Transition::Publish || *transition == Transition::Schedule) &&
      !ctx_.newsroom.allowed(v, auth::Action::PublishArticle, target))
    return ctx_.newsroom.refused(v, auth::Action::PublishArticle);
  // Creating for someone else is editing someone else's article.
  if (!ctx_.newsroom.allowed(v, auth::Action::EditArticle, target))
    return ctx_.newsroom.refused(v, auth::Action::EditArticle);
  auto id = ctx_.editorial.create(*input, v.user().id, *transition, hero_text(v, *input));
  if (!id) {
    s.error = id.error().message;
    return editor(v, http::status_for(id.error().kind), s);
  }
  return admin::Newsroom::see_other(fmt::format("/admin/articles/{}?saved=1", *id));
}

http::Response ArticleEditorHandlers::read(admin::Visit& v) {
  auto current = draft_of(ctx_.editorial, v);
  if (!current) return ctx_.newsroom.message(v, 404, "Not found", newsroom_msg::kNoSuchArticle);
  if (!ctx_.newsroom.allowed(v, auth::Action::EditArticle, target_of(*current)) &&
      !ctx_.newsroom.allowed(v, auth::Action::EditArticle, {current->input.author_id}))
    return ctx_.newsroom.refused(v, auth::Action::EditArticle);
  EditorState s;
  s.id = current->id;
  s.input = current->input;
  s.state = current->state;
  s.base_revision = current->revision_id;
  s.tags_text = join(ctx_.editorial.tag_names(current->input.tag_ids), ", ");
  if (v.request.query_param("saved")) s.notice = msg::kSaved;
  if (auto link = v.request.query_param("preview"))
    s.preview_url = links_.verified(*link, current->id);
  return editor(v, 200, s);
}

http::Response ArticleEditorHandlers::edit(admin::Visit& v) {
  auto current = draft_of(ctx_.editorial, v);
  if (!current) return ctx_.newsroom.message(v, 404, "Not found", newsroom_msg::kNoSuchArticle);
  auto transition = parse_transition(v.form.get("action"));
  if (!transition) return ctx_.newsroom.message(v, 400, "Not saved", msg::kBadAction);
  auto target = target_of(*current);
  auto action = auth::Action::EditArticle;
  if (*transition == Transition::Publish || *transition == Transition::Schedule ||
      *transition == Transition::Unpublish)
    action = auth::Action::PublishArticle;
  else if (*transition == Transition::SubmitForReview)
    action = auth::Action::SubmitForReview;
  if (!ctx_.newsroom.allowed(v, action, target)) return ctx_.newsroom.refused(v, action);
  if (action != auth::Action::EditArticle &&
      !ctx_.newsroom.allowed(v, auth::Action::EditArticle, {target.owner_id}))
    return ctx_.newsroom.refused(v, auth::Action::EditArticle);
  EditorState s;
  s.id = current->id;
  s.state = current->state;
  auto base = parse_id(v.form.get("base_revision")).value_or(0);
  s.base_revision = base;
  auto input = read_form(v, current, s.tags_text);
  if (!input) {
    s.input = current->input;
    s.error = input.error().message;
    return editor(v, http::status_for(input.error().kind), s);
  }
  s.input = *input;
  auto saved = ctx_.editorial.save(current->id, *input, base, v.user().id, *transition,
                                   hero_text(v, *input));
  if (!saved) {
    // Nothing is lost: the form comes back with what was typed, and the message.
    s.error = saved.error().message;
    return editor(v, http::status_for(saved.error().kind), s);
  }
  return admin::Newsroom::see_other(fmt::format("/admin/articles/{}?saved=1", current->id));
}

http::Response ArticleEditorHandlers::autosave(admin::Visit& v) {
  auto current = draft_of(ctx_.editorial, v);
  if (!current) return http::json_response(404, {{"error", newsroom_msg::kNoSuchArticle}});
  // Autosave keeps drafts only: saving a live article changes what readers see, so that
  // takes a deliberate "Update".
  if (current->state == EditorialState::Published || current->state == EditorialState::Scheduled)
    return http::json_response(409, {{"error", msg::kLiveNotAutosaved}});
  if (!ctx_.newsroom.allowed(v, auth::Action::EditArticle, target_of(*current)))
    return http::json_response(403, {{"error", msg::kMayNotEdit}});
  std::string tags_text;
  auto input = read_form(v, current, tags_text);
  if (!input)
    return http::json_response(http::status_for(input.error().kind),
                               {{"error", input.error().message}});
  auto base = parse_id(v.form.get("base_revision")).value_or(0);
  auto saved = ctx_.editorial.save(current->id, *input, base, v.user().id, Transition::Save);
  if (!saved)
    return http::json_response(http::status_for(saved.error().kind),
                               {{"error", saved.error().message}});
  return http::json_response(200,
                             {{"revision", *saved}, {"saved_at", format_rfc3339(ctx_.clock())}});
}

http::Response ArticleEditorHandlers::preview_markdown(admin::Visit& v) {
  auto body = v.form.get("body");
  if (body.size() > kMaxPreviewBytes)
    return http::json_response(413, {{"error", msg::kPreviewTooLong}});
  // The server's own renderer (safe mode): the preview shows exactly what readers will get.
  http::Response r;
  r.body = render::render_markdown(body).html;
  return r;
}

http::Response ArticleEditorHandlers::preview_link(admin::Visit& v) {
  auto current = draft_of(ctx_.editorial, v);
  if (!current) return ctx_.newsroom.message(v, 404, "Not found", newsroom_msg::kNoSuchArticle);
  if (!ctx_.newsroom.allowed(v, auth::Action::EditArticle, {current->input.author_id}))
    return ctx_.newsroom.refused(v, auth::Action::EditArticle);
  return admin::Newsroom::see_other(fmt::format("/admin/articles/{}?preview={}", current->id,
                                                percent_encode(links_.make(current->id))));
}

}  // namespace dossier::publishing
