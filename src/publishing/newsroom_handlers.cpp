#include "publishing/newsroom_handlers.hpp"

#include <ctemplate/template.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/strings.hpp"
#include "core/text_diff.hpp"
#include "publishing/urls.hpp"
#include "render/markdown.hpp"
#include "security/tokens.hpp"

namespace dossier::publishing {

using ctemplate::TemplateDictionary;

namespace msg {
constexpr char const* kNoSuchArticle = "There is no such article.";
constexpr char const* kBadKind = "Choose what kind of article this is.";
constexpr char const* kBadTime = "The publication time must look like 2026-11-29 14:30.";
constexpr char const* kBadAction = "Unknown action.";
constexpr char const* kBadNumber = "The form holds a value that is not a number ({}).";
constexpr char const* kSaved = "Saved.";
constexpr char const* kNoSuchImage = "There is no image number {} in the media library.";
constexpr char const* kImageTextTooLong =
    "The image's alt text, caption and credit may be at most {} characters each.";
}  // namespace msg

namespace {

constexpr int kListPerPage = 25;
constexpr int kMaxListPage = 100000;
constexpr std::size_t kMaxPreviewBytes = kMaxBodyBytes;
constexpr std::size_t kMaxImageText = 1000;

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

http::Response json(int status, nlohmann::json const& body) {
  http::Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = body.dump();
  return r;
}

}  // namespace

auth::Target NewsroomHandlers::target_of(Draft const& d) const {
  bool live = d.state == EditorialState::Published || d.state == EditorialState::Scheduled;
  return {d.input.author_id, live ? auth::Exposure::Live : auth::Exposure::NotLive};
}

std::optional<Draft> NewsroomHandlers::draft_of(admin::Visit& v) {
  auto id = parse_id(v.params.get("id"));
  if (!id) return std::nullopt;
  return ctx_.editorial.load(*id);
}

http::Response NewsroomHandlers::list(admin::Visit& v) {
  NewsroomQuery q;
  q.per_page = kListPerPage;
  auto param = [&](char const* name) { return v.request.query_param(name).value_or(""); };
  q.state = parse_editorial_state(param("state"));
  q.kind = parse_kind(param("kind"));
  if (auto a = parse_id(param("author"))) q.author_id = *a;
  if (auto c = parse_id(param("category"))) q.category_id = *c;
  q.title_contains = std::string(trim(param("q"))).substr(0, 200);
  if (auto p = parse_id(param("page")))
    q.page = static_cast<int>(std::min<long long>(*p, kMaxListPage));
  auto page = ctx_.editorial.browse(q);
  auto users = ctx_.auth.users();
  auto categories = ctx_.publishing.categories();
  return ctx_.newsroom.render(v, 200, "Articles", "admin/articles.tpl", [&](TemplateDictionary& d) {
    d.SetIntValue("TOTAL", static_cast<long>(page.total));
    d.SetValue("Q", q.title_contains);
    if (ctx_.newsroom.allowed(v, auth::Action::CreateArticle)) d.ShowSection("CAN_CREATE");
    for (auto s : {EditorialState::Draft, EditorialState::InReview, EditorialState::Scheduled,
                   EditorialState::Published, EditorialState::Unpublished}) {
      auto* o = d.AddSectionDictionary("STATE_OPTION");
      o->SetValue("VALUE", std::string(to_string(s)));
      o->SetValue("LABEL", std::string(state_label(s)));
      if (q.state == s) o->ShowSection("SELECTED");
    }
    for (auto k :
         {ArticleKind::News, ArticleKind::Analysis, ArticleKind::Report, ArticleKind::Page}) {
      auto* o = d.AddSectionDictionary("KIND_OPTION");
      o->SetValue("VALUE", std::string(to_string(k)));
      o->SetValue("LABEL", std::string(kind_label(k)));
      if (q.kind == k) o->ShowSection("SELECTED");
    }
    for (auto const& u : users) {
      auto* o = d.AddSectionDictionary("AUTHOR_OPTION");
      o->SetIntValue("VALUE", static_cast<long>(u.id));
      o->SetValue("LABEL", u.name);
      if (q.author_id == u.id) o->ShowSection("SELECTED");
    }
    for (auto const& c : categories) {
      auto* o = d.AddSectionDictionary("CATEGORY_OPTION");
      o->SetIntValue("VALUE", static_cast<long>(c.id));
      o->SetValue("LABEL", c.parent_id ? "— " + c.name : c.name);
      if (q.category_id == c.id) o->ShowSection("SELECTED");
    }
    if (page.items.empty()) d.ShowSection("EMPTY");
    for (auto const& row : page.items) {
      auto* r = d.AddSectionDictionary("ROW");
      r->SetIntValue("ID", static_cast<long>(row.id));
      r->SetValue("TITLE", row.title);
      r->SetValue("KIND", std::string(kind_label(row.kind)));
      r->SetValue("STATE", std::string(state_label(row.state)));
      r->SetValue("STATE_CLASS", std::string(to_string(row.state)));
      r->SetValue("AUTHOR", row.author_name);
      r->SetValue("UPDATED", format_rfc3339(row.updated_at).substr(0, 16).replace(10, 1, " "));
      if (row.state == EditorialState::Published) {
        auto* live = r->AddSectionDictionary("LIVE");
        live->SetValue("URL",
                       row.kind == ArticleKind::Page ? page_url(row.slug) : article_url(row.slug));
      }
    }
    // Pagination keeps the filters.
    auto link_for = [&](int n) {
      std::string qs = fmt::format("?page={}", n);
      for (auto name : {"state", "kind", "author", "category", "q"})
        if (auto value = param(name); !value.empty())
          qs += fmt::format("&{}={}", name, percent_encode(value));
      return "/admin/articles" + qs;
    };
    d.SetIntValue("PAGE", page.number);
    d.SetIntValue("PAGES", page.page_count());
    if (page.number > 1)
      d.SetValueAndShowSection("PREV_URL", link_for(page.number - 1), "HAS_PREV");
    if (page.number < page.page_count())
      d.SetValueAndShowSection("NEXT_URL", link_for(page.number + 1), "HAS_NEXT");
  });
}

Result<ArticleInput> NewsroomHandlers::read_form(admin::Visit& v,
                                                 std::optional<Draft> const& current,
                                                 std::string& tags_text) {
  auto const& f = v.form;
  ArticleInput in;
  in.title = std::string(trim(f.get("title")));
  in.dek = std::string(trim(f.get("dek")));
  in.slug = std::string(trim(f.get("slug")));
  // Browsers send a textarea's line breaks as CRLF (HTML, form submission): store LF, so
  // revisions compare line by line whatever sent them.
  in.body_markdown = f.get("body");
  for (auto at = in.body_markdown.find("\r\n"); at != std::string::npos;
       at = in.body_markdown.find("\r\n", at))
    in.body_markdown.erase(at, 1);
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
      if (f.get(field).size() > kMaxImageText || !is_valid_utf8(f.get(field)))
        return invalid(fmt::format(msg::kImageTextTooLong, kMaxImageText));
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

http::Response NewsroomHandlers::editor(admin::Visit& v, int status, EditorState const& s) {
  auto categories = ctx_.publishing.categories();
  auto users = ctx_.auth.users();
  auto title = s.id ? "Edit article" : "New article";
  return ctx_.newsroom.render(v, status, title, "admin/editor.tpl", [&](TemplateDictionary& d) {
    auto const& in = s.input;
    d.SetValue("FORM_ACTION", s.id ? fmt::format("/admin/articles/{}", *s.id) : "/admin/articles");
    if (s.id) {
      auto* e = d.AddSectionDictionary("EXISTING");
      e->SetIntValue("ID", static_cast<long>(*s.id));
      e->SetValue("STATE", std::string(state_label(s.state)));
      if (s.state == EditorialState::Published)
        e->SetValueAndShowSection(
            "LIVE_URL", in.kind == ArticleKind::Page ? page_url(in.slug) : article_url(in.slug),
            "IS_LIVE");
      if (s.state == EditorialState::Published &&
          ctx_.newsroom.allowed(v, auth::Action::SendNewsletter))
        e->ShowSection("CAN_SEND");
      if (!s.preview_url.empty())
        e->SetValueAndShowSection("PREVIEW_URL", s.preview_url, "HAS_PREVIEW");
    }
    d.SetIntValue("BASE_REVISION", static_cast<long>(s.base_revision));
    d.SetValue("TITLE", in.title);
    d.SetValue("DEK", in.dek);
    d.SetValue("SLUG", in.slug);
    d.SetValue("BODY", in.body_markdown);
    d.SetValue("SEO_TITLE", in.seo_title);
    d.SetValue("SEO_DESCRIPTION", in.seo_description);
    d.SetValue("TAGS", s.tags_text);
    d.SetValue("PUBLISH_AT", local_time_value(in.published_at));
    d.SetValue("HERO_MEDIA_ID", in.hero_media_id ? std::to_string(*in.hero_media_id) : "");
    if (auto hero = in.hero_media_id ? ctx_.editorial.image(*in.hero_media_id) : std::nullopt) {
      auto* h = d.AddSectionDictionary("HERO");
      h->SetValue("HERO_THUMB",
                  "/media/" + (hero->variants.empty() ? hero->file : hero->variants.front().file));
      h->SetValue("HERO_ALT", hero->alt);
      h->SetValue("HERO_CAPTION", hero->caption);
      h->SetValue("HERO_CREDIT", hero->credit);
      h->SetIntValue("HERO_W", hero->width);
      h->SetIntValue("HERO_H", hero->height);
      // Its texts belong to the image (every article showing it): changed here only by who
      // may change the image itself.
      h->ShowSection(ctx_.newsroom.allowed(v, auth::Action::DeleteMedia, {hero->uploaded_by})
                         ? "HERO_EDITABLE"
                         : "HERO_READONLY");
    }
    if (!s.error.empty()) d.SetValueAndShowSection("ERROR", s.error, "HAS_ERROR");
    if (!s.notice.empty()) d.SetValueAndShowSection("NOTICE", s.notice, "HAS_NOTICE");
    for (auto k :
         {ArticleKind::News, ArticleKind::Analysis, ArticleKind::Report, ArticleKind::Page}) {
      auto* o = d.AddSectionDictionary("KIND_OPTION");
      o->SetValue("VALUE", std::string(to_string(k)));
      o->SetValue("LABEL", std::string(kind_label(k)));
      if (in.kind == k) o->ShowSection("SELECTED");
    }
    for (auto const& c : categories) {
      auto* o = d.AddSectionDictionary("CATEGORY_OPTION");
      o->SetIntValue("VALUE", static_cast<long>(c.id));
      o->SetValue("LABEL", c.parent_id ? "— " + c.name : c.name);
      if (std::find(in.category_ids.begin(), in.category_ids.end(), c.id) != in.category_ids.end())
        o->ShowSection("CHECKED");
    }
    if (ctx_.newsroom.allowed(v, auth::Action::EditArticle, {Id{-1}})) {
      auto* choose = d.AddSectionDictionary("CHOOSE_AUTHOR");
      for (auto const& u : users) {
        if (u.status != auth::UserStatus::Active && u.id != in.author_id) continue;
        auto* o = choose->AddSectionDictionary("AUTHOR_OPTION");
        o->SetIntValue("VALUE", static_cast<long>(u.id));
        o->SetValue("LABEL", u.name);
        if (u.id == (in.author_id ? in.author_id : v.user().id)) o->ShowSection("SELECTED");
      }
    }
    // The buttons this user may press for this article.
    Draft probe;
    probe.input.author_id = in.author_id ? in.author_id : v.user().id;
    probe.state = s.state;
    auto target = target_of(probe);
    bool live = s.state == EditorialState::Published;
    if (ctx_.newsroom.allowed(v, auth::Action::EditArticle, target) || !s.id)
      d.ShowSection(live ? "CAN_UPDATE" : "CAN_SAVE");
    if (!live && s.state != EditorialState::Scheduled &&
        ctx_.newsroom.allowed(v, auth::Action::SubmitForReview, target))
      d.ShowSection("CAN_SUBMIT");
    if (ctx_.newsroom.allowed(v, auth::Action::PublishArticle, target)) {
      if (!live) d.ShowSection("CAN_PUBLISH");
      if (!live) d.ShowSection("CAN_SCHEDULE");
      if (s.id && (live || s.state == EditorialState::Scheduled)) d.ShowSection("CAN_UNPUBLISH");
    }
    if (s.id && s.state != EditorialState::Published && s.state != EditorialState::Scheduled)
      d.ShowSection("AUTOSAVE");
  });
}

std::optional<ImageText> NewsroomHandlers::hero_text(admin::Visit& v, ArticleInput const& in) {
  if (!in.hero_media_id || !v.form.has("hero_alt")) return std::nullopt;
  auto hero = ctx_.editorial.image(*in.hero_media_id);
  if (!hero || !ctx_.newsroom.allowed(v, auth::Action::DeleteMedia, {hero->uploaded_by}))
    return std::nullopt;
  // Lengths and encoding were checked with the rest of the form (read_form).
  return ImageText{*in.hero_media_id, v.form.get("hero_alt"), v.form.get("hero_caption"),
                   v.form.get("hero_credit")};
}

http::Response NewsroomHandlers::new_article(admin::Visit& v) {
  EditorState s;
  s.input.author_id = v.user().id;
  return editor(v, 200, s);
}

http::Response NewsroomHandlers::create(admin::Visit& v) {
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

http::Response NewsroomHandlers::edit(admin::Visit& v) {
  auto current = draft_of(v);
  if (!current) return ctx_.newsroom.message(v, 404, "Not found", msg::kNoSuchArticle);
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
    s.preview_url = verified_preview_url(*link, current->id);
  return editor(v, 200, s);
}

http::Response NewsroomHandlers::save(admin::Visit& v) {
  auto current = draft_of(v);
  if (!current) return ctx_.newsroom.message(v, 404, "Not found", msg::kNoSuchArticle);
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

http::Response NewsroomHandlers::autosave(admin::Visit& v) {
  auto current = draft_of(v);
  if (!current) return json(404, {{"error", msg::kNoSuchArticle}});
  // Autosave keeps drafts only: saving a live article changes what readers see, so that
  // takes a deliberate "Update".
  if (current->state == EditorialState::Published || current->state == EditorialState::Scheduled)
    return json(409, {{"error", "Live articles are not saved automatically."}});
  if (!ctx_.newsroom.allowed(v, auth::Action::EditArticle, target_of(*current)))
    return json(403, {{"error", "Your role does not allow you to edit this article."}});
  std::string tags_text;
  auto input = read_form(v, current, tags_text);
  if (!input) return json(http::status_for(input.error().kind), {{"error", input.error().message}});
  auto base = parse_id(v.form.get("base_revision")).value_or(0);
  auto saved = ctx_.editorial.save(current->id, *input, base, v.user().id, Transition::Save);
  if (!saved) return json(http::status_for(saved.error().kind), {{"error", saved.error().message}});
  return json(200, {{"revision", *saved}, {"saved_at", format_rfc3339(ctx_.clock())}});
}

http::Response NewsroomHandlers::preview_markdown(admin::Visit& v) {
  auto body = v.form.get("body");
  if (body.size() > kMaxPreviewBytes) return json(413, {{"error", "The text is too long."}});
  // The server's own renderer (safe mode): the preview shows exactly what readers will get.
  http::Response r;
  r.body = render::render_markdown(body).html;
  return r;
}

http::Response NewsroomHandlers::revisions(admin::Visit& v) {
  auto current = draft_of(v);
  if (!current) return ctx_.newsroom.message(v, 404, "Not found", msg::kNoSuchArticle);
  if (!ctx_.newsroom.allowed(v, auth::Action::EditArticle, {current->input.author_id}))
    return ctx_.newsroom.refused(v, auth::Action::EditArticle);
  auto list = ctx_.editorial.revisions(current->id);
  return ctx_.newsroom.render(
      v, 200, "Revisions", "admin/revisions.tpl", [&](TemplateDictionary& d) {
        d.SetIntValue("ID", static_cast<long>(current->id));
        d.SetValue("ARTICLE_TITLE", current->input.title);
        for (std::size_t i = 0; i < list.size(); ++i) {
          auto const& r = list[i];
          auto* row = d.AddSectionDictionary("REVISION");
          row->SetIntValue("REV", static_cast<long>(r.id));
          row->SetIntValue("ID", static_cast<long>(current->id));
          row->SetValue("WHEN", format_rfc3339(r.created_at).substr(0, 16).replace(10, 1, " "));
          row->SetValue("WHO", r.user_name.empty() ? "Dossier" : r.user_name);
          row->SetValue("NOTE", r.note);
          row->SetValue("TITLE", r.title);
          if (i + 1 < list.size())
            row->SetValueAndShowSection("AGAINST", std::to_string(list[i + 1].id), "HAS_PREVIOUS");
          if (i == 0) row->ShowSection("IS_CURRENT");
        }
      });
}

http::Response NewsroomHandlers::revision(admin::Visit& v) {
  auto current = draft_of(v);
  auto rev_id = parse_id(v.params.get("rev"));
  auto rev = rev_id ? ctx_.editorial.revision(*rev_id) : std::nullopt;
  if (!current || !rev || rev->article_id != current->id)
    return ctx_.newsroom.message(v, 404, "Not found", "There is no such revision.");
  if (!ctx_.newsroom.allowed(v, auth::Action::EditArticle, {current->input.author_id}))
    return ctx_.newsroom.refused(v, auth::Action::EditArticle);
  // Compared with ?against=REV, else with the current text.
  std::optional<Revision> other;
  if (auto against = parse_id(v.request.query_param("against").value_or("")))
    other = ctx_.editorial.revision(*against);
  if (other && other->article_id != current->id) other.reset();
  auto before_text = other ? other->input : current->input;
  auto old_label =
      other ? fmt::format("revision {}", other->summary.id) : std::string("current text");
  // The old version on the left: "against" is older in the list's links.
  auto text_of = [](ArticleInput const& in) {
    return fmt::format("# {}\n\n{}\n\n{}", in.title, in.dek, in.body_markdown);
  };
  auto left = other ? text_of(other->input) : text_of(rev->input);
  auto right = other ? text_of(rev->input) : text_of(current->input);
  auto lines = core::diff_lines(left, right);
  auto hunks = core::group_hunks(lines);
  auto stats = core::diff_stats(lines);
  return ctx_.newsroom.render(v, 200, "Revision", "admin/revision.tpl", [&](TemplateDictionary& d) {
    d.SetIntValue("ID", static_cast<long>(current->id));
    d.SetIntValue("REV", static_cast<long>(rev->summary.id));
    d.SetIntValue("BASE_REVISION", static_cast<long>(current->revision_id));
    d.SetValue("ARTICLE_TITLE", current->input.title);
    d.SetValue("WHEN", format_rfc3339(rev->summary.created_at).substr(0, 16).replace(10, 1, " "));
    d.SetValue("WHO", rev->summary.user_name.empty() ? "Dossier" : rev->summary.user_name);
    d.SetValue("LEFT_LABEL", other ? old_label : fmt::format("revision {}", rev->summary.id));
    d.SetValue("RIGHT_LABEL", other ? fmt::format("revision {}", rev->summary.id) : old_label);
    d.SetIntValue("ADDED", stats.added);
    d.SetIntValue("REMOVED", stats.removed);
    if (hunks.empty()) d.ShowSection("SAME");
    for (auto const& h : hunks) {
      auto* hd = d.AddSectionDictionary("HUNK");
      hd->SetValue("HEADER", fmt::format("Lines {}–{}", h.new_start,
                                         h.new_start + std::max(0, h.new_count - 1)));
      for (auto const& line : h.lines) {
        auto* ld = hd->AddSectionDictionary("LINE");
        ld->SetValue("TEXT", line.text);
        ld->SetValue("CLASS", line.op == core::DiffOp::Added     ? "added"
                              : line.op == core::DiffOp::Removed ? "removed"
                                                                 : "same");
        ld->SetValue("MARK", line.op == core::DiffOp::Added     ? "+"
                             : line.op == core::DiffOp::Removed ? "−"
                                                                : " ");
        ld->SetValue("SR_MARK", line.op == core::DiffOp::Added     ? "Added: "
                                : line.op == core::DiffOp::Removed ? "Removed: "
                                                                   : "");
      }
    }
    if (rev->summary.id != current->revision_id &&
        ctx_.newsroom.allowed(v, auth::Action::EditArticle, target_of(*current)))
      d.ShowSection("CAN_RESTORE");
  });
}

http::Response NewsroomHandlers::restore(admin::Visit& v) {
  auto current = draft_of(v);
  auto rev_id = parse_id(v.params.get("rev"));
  if (!current || !rev_id) return ctx_.newsroom.message(v, 404, "Not found", msg::kNoSuchArticle);
  if (!ctx_.newsroom.allowed(v, auth::Action::EditArticle, target_of(*current)))
    return ctx_.newsroom.refused(v, auth::Action::EditArticle);
  auto base = parse_id(v.form.get("base_revision")).value_or(0);
  auto restored = ctx_.editorial.restore(current->id, *rev_id, base, v.user().id);
  if (!restored)
    return ctx_.newsroom.message(v, http::status_for(restored.error().kind), "Not restored",
                                 restored.error().message);
  return admin::Newsroom::see_other(fmt::format("/admin/articles/{}?saved=1", current->id));
}

http::Response NewsroomHandlers::preview_link(admin::Visit& v) {
  auto current = draft_of(v);
  if (!current) return ctx_.newsroom.message(v, 404, "Not found", msg::kNoSuchArticle);
  if (!ctx_.newsroom.allowed(v, auth::Action::EditArticle, {current->input.author_id}))
    return ctx_.newsroom.refused(v, auth::Action::EditArticle);
  auto token = security::sign_link(ctx_.secret, std::to_string(current->id),
                                   ctx_.clock() + kPreviewLinkSeconds);
  auto url = ctx_.site_url + "/preview/" + token;
  return admin::Newsroom::see_other(
      fmt::format("/admin/articles/{}?preview={}", current->id, percent_encode(url)));
}

std::string NewsroomHandlers::verified_preview_url(std::string const& link, Id article) const {
  // The parameter only carries preview_link()'s answer across its redirect; anyone can put
  // another link there and send an editor the address. Shown under "Preview link", a foreign
  // link would look like the newsroom's own, so only a link this server signed for this
  // article is shown, rebuilt from the site's URL and the verified token.
  auto prefix = ctx_.site_url + "/preview/";
  if (!link.starts_with(prefix)) return {};
  auto token = link.substr(prefix.size());
  if (preview_target(token) != article) return {};
  return prefix + token;
}

std::optional<Id> NewsroomHandlers::preview_target(std::string const& token) const {
  auto payload = security::verify_link(ctx_.secret, token, ctx_.clock());
  if (!payload) return std::nullopt;
  return parse_id(*payload);
}

}  // namespace dossier::publishing
