#include "comments/comment_handlers.hpp"

#include <algorithm>
#include <set>

#include <ctemplate/template.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "comments/reader_markdown.hpp"
#include "core/strings.hpp"
#include "http/cross_site.hpp"
#include "http/form.hpp"
#include "http/json.hpp"
#include "publishing/site_handlers.hpp"
#include "publishing/urls.hpp"
#include "render/template_key.hpp"
#include "render/theme.hpp"

namespace dossier::comments {

using render::operator""_key;

using ctemplate::TemplateDictionary;

namespace {

constexpr int kModerationPerPage = 50;
constexpr int kFeedEntries = 30;
constexpr char const* kAtomType = "application/atom+xml; charset=utf-8";
// A refused comment comes back with its text, up to what a browser can send: the form's
// maxlength is kMaxBodyLength characters, at most 4 bytes each in UTF-8. A longer body comes
// from a program, and is not worth echoing.
constexpr std::size_t kMaxEchoedBody = 4 * kMaxBodyLength;

std::string cut_utf8(std::string const& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  auto cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

// The form is a partial (partials/comment_form.tpl): an included template sees only its own
// dictionary, so the values go there.
// token: empty in the article page's form (shared, cached), where the site's JS fetches one from
// TOKEN_URL once the reader starts writing.
void fill_form(TemplateDictionary* section, std::string const& slug, std::string const& token,
               NewComment const& in) {
  auto* f = section->AddIncludeDictionary("COMMENT_FORM"_key);
  f->SetFilename("partials/comment_form.tpl");
  f->SetValue("ACTION"_key, publishing::article_url(slug) + "/comments");
  f->SetValue("TOKEN_URL"_key, publishing::article_url(slug) + "/comments/token");
  f->SetValue("TOKEN"_key, token);
  f->SetValue("NAME"_key, in.name);
  f->SetValue("EMAIL"_key, in.email);
  f->SetValue("URL"_key, in.url);
  f->SetValue("BODY"_key, cut_utf8(in.body, kMaxEchoedBody));
  if (in.parent_id) f->SetIntValue("PARENT"_key, static_cast<long>(*in.parent_id));
  if (in.notify_replies) f->ShowSection("NOTIFY_CHECKED"_key);
}

// The values a comment shows, for the reader's partial and the moderation list alike.
void fill_fields(TemplateDictionary* c, Comment const& comment) {
  c->SetIntValue("ID"_key, static_cast<long>(comment.id));
  c->SetValue("AUTHOR"_key, comment.author_name);
  if (!comment.author_url.empty())
    c->SetValueAndShowSection("AUTHOR_URL"_key, comment.author_url, "HAS_URL");
  else
    c->ShowSection("NO_URL"_key);
  if (comment.user_id) c->ShowSection("STAFF"_key);
  c->SetValue("DATE_ISO"_key, format_rfc3339(comment.created_at));
  c->SetValue("DATE"_key, format_long_date(comment.created_at));
  // Rendered at save time by the reader Markdown subset: HTML the server made itself.
  c->SetValue("BODY_HTML"_key, comment.body_html);
}

// reply_url: where a reader answers this comment; empty when replies are not possible.
void fill_comment(TemplateDictionary* section, Comment const& comment,
                  std::string const& reply_url = {}) {
  section->SetIntValue("ID"_key, static_cast<long>(comment.id));
  auto* c = section->AddIncludeDictionary("COMMENT"_key);
  c->SetFilename("partials/comment.tpl");
  fill_fields(c, comment);
  if (!reply_url.empty()) c->SetValueAndShowSection("REPLY_URL"_key, reply_url, "CAN_REPLY");
}

}  // namespace

ArticleForComments for_comments(publishing::Article const& a) {
  return {a.id, std::string(publishing::to_string(a.kind)), a.published_at.value_or(0), false};
}

void CommentHandlers::fill_article(TemplateDictionary& d, publishing::ArticleView const& view) {
  auto kept = sections_.get(view.article.id, [&] {
    return Section{comments_.approved(view.article.id),
                   comments_.closed_by_editor(view.article.id)};
  });
  auto const& all = kept->approved;
  auto* section = d.AddSectionDictionary("COMMENTS_ON"_key);
  section->SetIntValue("COUNT"_key, static_cast<long>(all.size()));
  section->SetValue("FEED_URL"_key,
                    publishing::article_url(view.article.slug) + "/comments/atom.xml");
  if (all.empty()) section->ShowSection("NO_COMMENTS"_key);
  std::set<Id> shown;
  for (auto const& c : all)
    if (!c.parent_id) shown.insert(c.id);
  // Replies whose first comment was removed keep their place under a note, so the page shows
  // every comment the counter counts.
  std::vector<Id> threads;
  for (auto const& c : all) {
    if (!c.parent_id)
      threads.push_back(c.id);
    else if (!shown.contains(*c.parent_id) && shown.insert(*c.parent_id).second)
      threads.push_back(*c.parent_id);
  }
  std::sort(threads.begin(), threads.end());
  auto article = for_comments(view.article);
  article.closed = kept->closed;
  bool open = comments_.open_for(article);
  for (auto id : threads) {
    auto* thread = section->AddSectionDictionary("THREAD"_key);
    auto top = std::find_if(all.begin(), all.end(), [id](Comment const& c) { return c.id == id; });
    if (top != all.end()) {
      // One level of replies: only first comments offer "Reply".
      fill_comment(thread, *top,
                   open ? fmt::format("{}/comments?reply={}#comment-form",
                                      publishing::article_url(view.article.slug), id)
                        : std::string());
    } else {
      thread->SetIntValue("ID"_key, static_cast<long>(id));
      thread->ShowSection("REMOVED"_key);
    }
    for (auto const& r : all)
      if (r.parent_id == id) fill_comment(thread->AddSectionDictionary("REPLY"_key), r);
  }
  if (open) {
    // No token here: this page is cached and the same for every reader, and a token in it
    // would be as old as the page (anyone could post at once). See token().
    fill_form(section->AddSectionDictionary("FORM"_key), view.article.slug, "", {});
  } else {
    section->ShowSection("CLOSED"_key);
  }
}

http::Response CommentHandlers::reply_page(http::Request const& req, http::Params const& p) {
  auto view = publishing_.read_article(p.get("slug"));
  if (!view || view->article.kind == publishing::ArticleKind::Page) return site_.not_found(req);
  NewComment in;
  in.article_id = view->article.id;
  auto id = parse_id(req.query_param("reply").value_or(""));
  auto all = comments_.approved(view->article.id);
  auto parent = std::find_if(all.begin(), all.end(),
                             [&](Comment const& c) { return id && c.id == *id && !c.parent_id; });
  if (parent == all.end()) return site_.not_found(req);
  in.parent_id = parent->id;
  return form_page(200, *view, in, "", nullptr, &*parent);
}

http::Response CommentHandlers::form_page(int status, publishing::ArticleView const& view,
                                          NewComment const& in, std::string const& error,
                                          std::string const* preview_html, Comment const* parent) {
  publishing::PageMeta meta{"Your comment on " + view.article.title, "",
                            publishing::article_url(view.article.slug), "", true};
  auto r = site_.themed(status, meta, "comments/form.tpl", [&](TemplateDictionary& d) {
    d.SetValue("ARTICLE_TITLE"_key, view.article.title);
    d.SetValue("ARTICLE_URL"_key, publishing::article_url(view.article.slug));
    if (!error.empty()) d.SetValueAndShowSection("ERROR"_key, error, "HAS_ERROR");
    if (parent) {
      auto* replying = d.AddSectionDictionary("REPLYING"_key);
      replying->SetValue("PARENT_AUTHOR"_key, parent->author_name);
      replying->SetValue("PARENT_HTML"_key, parent->body_html);
    }
    if (preview_html) d.SetValueAndShowSection("PREVIEW_HTML"_key, *preview_html, "HAS_PREVIEW");
    // This page is the reader's own (never cached), so it carries a token: the one the reader
    // sent while it is usable, so the fill-time rule counts from the form's first fetch (a reader
    // sent back for being quick is not sent back again); else a fresh one, so a refused or
    // previewed comment can be sent again as it is.
    auto token = comments_.token_usable(view.article.id, in.form_token)
                     ? in.form_token
                     : comments_.form_token(view.article.id);
    fill_form(d.AddSectionDictionary("FORM"_key), view.article.slug, token, in);
  });
  r.cache_keys.clear();
  r.set_header("Cache-Control", "no-store");
  return r;
}

std::optional<http::Response> CommentHandlers::refuse_cross_site(http::Request const& req) {
  if (http::provenance(req, site_url_) == http::Provenance::ThisSite) return std::nullopt;
  return site_.error(403, http::kCrossSiteTitle, http::kCrossSiteText);
}

http::Response CommentHandlers::token(http::Request const& req, http::Params const& p) {
  auto view = publishing_.read_article(p.get("slug"));
  if (!view || view->article.kind == publishing::ArticleKind::Page) return site_.not_found(req);
  auto r = http::json_response(200, {{"token", comments_.form_token(view->article.id)}});
  r.set_header("Cache-Control", "no-store");
  r.set_header("X-Robots-Tag", "noindex");
  return r;
}

http::Response CommentHandlers::post(http::Request const& req, http::Params const& p) {
  if (auto refused = refuse_cross_site(req)) return *refused;
  auto view = publishing_.read_article(p.get("slug"));
  if (!view || view->article.kind == publishing::ArticleKind::Page) return site_.not_found(req);
  auto form = http::Form::parse(req);
  NewComment in;
  in.article_id = view->article.id;
  in.remote_address = req.remote_address;
  if (!form) return form_page(http::status_for(form.error().kind), *view, in, form.error().message);
  in.name = form->get("name").substr(0, 4 * kMaxNameLength);
  in.email = form->get("email").substr(0, 400);
  in.url = form->get("url").substr(0, 4 * kMaxUrlLength);
  in.body = form->get("body");
  in.honeypot = form->get("website_confirm");
  in.form_token = form->get("token");
  if (auto parent = parse_id(form->get("parent"))) in.parent_id = *parent;
  in.notify_replies = form->get("notify") == "1";
  auto target = for_comments(view->article);
  target.closed = comments_.closed_by_editor(target.id);
  if (form->get("action") == "preview") {
    // Bounded by every rule of a post (CommentService::preview): a preview of any size or rate
    // is refused as a post would be, before the Markdown is parsed.
    auto shown = comments_.preview(in, target);
    if (!shown)
      return form_page(http::status_for(shown.error().kind), *view, in, shown.error().message);
    return form_page(200, *view, in, "", &shown->html);
  }
  auto posted = comments_.post(in, target);
  if (!posted)
    return form_page(http::status_for(posted.error().kind), *view, in, posted.error().message);
  if (posted->posted == Posted::Published)
    return http::Response::redirect(
        303, fmt::format("{}#comment-{}", publishing::article_url(view->article.slug), posted->id));
  publishing::PageMeta meta{"Thank you", "", publishing::article_url(view->article.slug), "", true};
  auto r = site_.themed(200, meta, "message.tpl", [&](TemplateDictionary& d) {
    d.SetValue("MESSAGE_TITLE"_key, "Thank you: your comment is awaiting moderation");
    d.SetValue("MESSAGE_TEXT"_key,
               "An editor will read it soon. Once it is approved it appears under the article.");
  });
  r.cache_keys.clear();
  r.set_header("Cache-Control", "no-store");
  return r;
}

http::Response CommentHandlers::message(int status, std::string const& title,
                                        std::string const& text, std::string const& action,
                                        std::string const& button) {
  publishing::PageMeta meta{title, "", "", "", true};
  auto r = site_.themed(status, meta, "comments/link.tpl", [&](TemplateDictionary& d) {
    d.SetValue("MESSAGE_TITLE"_key, title);
    d.SetValue("MESSAGE_TEXT"_key, text);
    if (!action.empty()) {
      auto* form = d.AddSectionDictionary("CONFIRM"_key);
      form->SetValue("ACTION"_key, action);
      form->SetValue("BUTTON"_key, button);
    }
  });
  // A link's page is the reader's own: never cached, never indexed, its address (the token)
  // never sent as a referrer. strict-origin rather than no-referrer: under no-referrer a
  // browser sends "Origin: null" with the page's own form (Fetch standard, "append a request
  // Origin header"), which the cross-site check must refuse when Sec-Fetch-Site is missing.
  r.cache_keys.clear();
  r.set_header("Cache-Control", "no-store");
  r.set_header("Referrer-Policy", "strict-origin");
  return r;
}

http::Response CommentHandlers::confirm_notifications(http::Request const& req,
                                                      http::Params const& p) {
  auto done = comments_.confirm_notifications(p.get("token"));
  if (!done)
    return message(http::status_for(done.error().kind), "This link does not work",
                   done.error().message);
  (void)req;
  return message(200, "You will hear of replies",
                 "We will mail you when someone replies to your comment on \"" +
                     done->article_title + "\". Every such mail has a link to stop them.");
}

http::Response CommentHandlers::stop_page(http::Request const& req, http::Params const& p) {
  (void)req;
  // A GET only asks: mail scanners open links, and must not change anything.
  auto path = "/comments/stop/" + p.get("token");
  return message(200, "Stop mail about replies?",
                 "You will no longer get mail when someone replies to your comment.", path,
                 "Stop these mails");
}

http::Response CommentHandlers::stop(http::Request const& req, http::Params const& p) {
  if (auto refused = refuse_cross_site(req)) return *refused;
  auto done = comments_.stop_notifications(p.get("token"));
  if (!done)
    return message(http::status_for(done.error().kind), "This link does not work",
                   done.error().message);
  return message(200, "No more mail about replies",
                 "You will not get mail about replies to your comment on \"" + done->article_title +
                     "\" any more.");
}

http::Response CommentHandlers::delete_page(http::Request const& req, http::Params const& p) {
  (void)req;
  auto found = comments_.check_delete(p.get("token"));
  if (!found)
    return message(http::status_for(found.error().kind), "This link does not work",
                   found.error().message);
  return message(
      200, "Delete your comment?",
      "Your comment on \"" + found->article_title + "\" will be removed from the site for good.",
      "/comments/delete/" + p.get("token"), "Delete my comment");
}

http::Response CommentHandlers::delete_own(http::Request const& req, http::Params const& p) {
  if (auto refused = refuse_cross_site(req)) return *refused;
  auto done = comments_.delete_own(p.get("token"));
  if (!done)
    return message(http::status_for(done.error().kind), "This link does not work",
                   done.error().message);
  return message(200, "Your comment was deleted",
                 "It no longer appears under \"" + done->article_title + "\".");
}

http::Response CommentHandlers::feed(std::optional<publishing::ArticleView> const& article) {
  auto entries =
      comments_.feed(article ? std::optional<Id>(article->article.id) : std::nullopt, kFeedEntries);
  auto settings = publishing_.settings();
  TemplateDictionary d("comments_atom");
  auto self = article ? publishing::article_url(article->article.slug) + "/comments/atom.xml"
                      : std::string("/comments/atom.xml");
  d.SetValue("SELF_URL"_key, site_url_ + self);
  d.SetValue("LINK"_key,
             site_url_ + (article ? publishing::article_url(article->article.slug) + "#comments"
                                  : std::string("/")));
  d.SetValue("TITLE"_key,
             article ? "Comments on " + article->article.title : "Comments on " + settings.title);
  d.SetValue("LANG"_key, settings.language);
  d.SetValue("UPDATED"_key, format_rfc3339(entries.empty() ? 0 : entries.front().created_at));
  for (auto const& c : entries) {
    auto* e = d.AddSectionDictionary("ENTRY"_key);
    auto url =
        fmt::format("{}{}#comment-{}", site_url_, publishing::article_url(c.article_slug), c.id);
    e->SetValue("URL"_key, url);
    e->SetValue("TITLE"_key, c.author_name + " on " + c.article_title);
    e->SetValue("AUTHOR_NAME"_key, c.author_name);
    e->SetValue("PUBLISHED"_key, format_rfc3339(c.created_at));
    e->SetValue("CONTENT_HTML"_key, c.body_html);
  }
  auto r = http::Response::text(200, theme_.render("feeds/comments_atom.tpl", d));
  r.content_type = kAtomType;
  // The article's key is dropped whenever one of its comments changes state; "latest" with any
  // change on the site.
  r.cache_keys = {article ? fmt::format("article:{}", article->article.id) : std::string("latest")};
  return r;
}

http::Response CommentHandlers::site_feed(http::Request const& req, http::Params const& p) {
  (void)req;
  (void)p;
  return feed(std::nullopt);
}

http::Response CommentHandlers::article_feed(http::Request const& req, http::Params const& p) {
  auto view = publishing_.read_article(p.get("slug"));
  if (!view || view->article.kind == publishing::ArticleKind::Page) return site_.not_found(req);
  return feed(view);
}

http::Response CommentHandlers::moderation_page(admin::Visit& v, int status,
                                                std::string const& error,
                                                std::string const& notice) {
  auto state_text = v.request.query_param("status").value_or("pending");
  auto state = parse_comment_status(state_text);
  int page = static_cast<int>(
      std::min(parse_id(v.request.query_param("page").value_or("")).value_or(1), 100000LL));
  long long total = 0;
  auto article = parse_id(v.request.query_param("article").value_or(""));
  auto list = comments_.browse(state, article, page, kModerationPerPage, total);
  auto counts = comments_.counts();
  return newsroom_.render(v, status, "Comments", "admin/comments.tpl", [&](TemplateDictionary& d) {
    if (!error.empty()) d.SetValueAndShowSection("ERROR"_key, error, "HAS_ERROR");
    if (!notice.empty()) d.SetValueAndShowSection("NOTICE"_key, notice, "HAS_NOTICE");
    for (auto [s, n] : {std::pair{CommentStatus::Pending, counts.pending},
                        {CommentStatus::Approved, counts.approved},
                        {CommentStatus::Spam, counts.spam},
                        {CommentStatus::Deleted, counts.deleted}}) {
      auto* tab = d.AddSectionDictionary("TAB"_key);
      tab->SetValue("STATE"_key, std::string(to_string(s)));
      tab->SetIntValue("COUNT"_key, static_cast<long>(n));
      if (state == s) tab->ShowSection("CURRENT"_key);
    }
    d.SetValue("STATE"_key, state ? std::string(to_string(*state)) : "all");
    if (article) {
      if (auto a = publishing_.read_any(*article)) {
        auto* one = d.AddSectionDictionary("ARTICLE"_key);
        one->SetIntValue("ARTICLE_ID"_key, static_cast<long>(*article));
        one->SetValue("ARTICLE_TITLE"_key, a->article.title);
        one->SetValue("ARTICLE_URL"_key, publishing::article_url(a->article.slug));
        bool closed = comments_.closed_by_editor(*article);
        one->SetValue("SWITCH"_key, closed ? "open" : "close");
        one->SetValue("SWITCH_LABEL"_key, closed ? "Open comments again" : "Close comments");
        one->SetValue("SWITCH_STATE"_key, closed ? "closed" : "open");
      }
    }
    d.SetIntValue("TOTAL"_key, static_cast<long>(total));
    if (list.empty()) d.ShowSection("EMPTY"_key);
    for (auto const& c : list) {
      auto* row = d.AddSectionDictionary("COMMENT"_key);
      fill_fields(row, c);
      row->SetValue("EMAIL"_key, c.author_email);
      row->SetValue("STATUS"_key, std::string(to_string(c.status)));
      row->SetValue("BODY_MARKDOWN"_key, c.body_markdown);
      row->SetValue("ARTICLE_TITLE"_key, c.article_title);
      row->SetValue("ARTICLE_URL"_key, publishing::article_url(c.article_slug));
      row->SetIntValue("ARTICLE_ID"_key, static_cast<long>(c.article_id));
    }
    int pages =
        total == 0 ? 1 : static_cast<int>((total + kModerationPerPage - 1) / kModerationPerPage);
    d.SetIntValue("PAGE"_key, page);
    d.SetIntValue("PAGES"_key, pages);
    auto link = [&](int n) {
      return fmt::format("/admin/comments?status={}&page={}{}", state_text, n,
                         article ? fmt::format("&article={}", *article) : std::string());
    };
    if (page > 1) d.SetValueAndShowSection("PREV_URL"_key, link(page - 1), "HAS_PREV");
    if (page < pages) d.SetValueAndShowSection("NEXT_URL"_key, link(page + 1), "HAS_NEXT");
  });
}

http::Response CommentHandlers::moderation(admin::Visit& v) {
  return moderation_page(v, 200, "", v.request.query_param("done") ? "Done." : "");
}

http::Response CommentHandlers::moderate(admin::Visit& v) {
  auto action = v.form.get("action");
  std::optional<Moderation> decision;
  if (action == "approve")
    decision = Moderation::Approve;
  else if (action == "spam")
    decision = Moderation::Spam;
  else if (action == "delete")
    decision = Moderation::Delete;
  else if (action == "unapprove")
    decision = Moderation::Unapprove;
  if (!decision) return moderation_page(v, 400, "Choose what to do with the comments.", "");
  std::vector<Id> ids;
  for (auto const& text : v.form.all("id"))
    if (auto id = parse_id(text)) ids.push_back(*id);
  if (ids.empty()) return moderation_page(v, 400, "Tick the comments to act on.", "");
  auto done = comments_.moderate(ids, *decision);
  if (!done)
    return moderation_page(v, http::status_for(done.error().kind), done.error().message, "");
  auto back = v.form.get("status");
  return admin::Newsroom::see_other(fmt::format("/admin/comments?status={}&done=1",
                                                parse_comment_status(back) ? back : "pending"));
}

http::Response CommentHandlers::change(admin::Visit& v) {
  auto id = parse_id(v.params.get("id"));
  if (!id) return moderation_page(v, 404, "There is no such comment.", "");
  Result<Unit> done = Unit{};
  if (v.form.get("action") == "reply") {
    auto replied =
        comments_.reply(*id, v.form.get("body"), v.user().id, v.user().name, v.user().email);
    if (!replied) done = replied.error();
  } else {
    done = comments_.edit(*id, v.form.get("body"));
  }
  if (!done)
    return moderation_page(v, http::status_for(done.error().kind), done.error().message, "");
  return admin::Newsroom::see_other(
      "/admin/comments?status=" +
      (v.form.get("action") == "reply" ? std::string("approved") : std::string("pending")) +
      "&done=1");
}

http::Response CommentHandlers::switch_article(admin::Visit& v) {
  auto id = parse_id(v.params.get("id"));
  auto action = v.form.get("action");
  if (!id || (action != "close" && action != "open"))
    return moderation_page(v, 400, "Choose whether to close or open the comments.", "");
  auto done = comments_.set_closed(*id, action == "close");
  if (!done)
    return moderation_page(v, http::status_for(done.error().kind), done.error().message, "");
  return admin::Newsroom::see_other(fmt::format("/admin/comments?article={}&done=1", *id));
}

}  // namespace dossier::comments
