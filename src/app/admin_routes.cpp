#include "app/admin_routes.hpp"

#include "admin/account_handlers.hpp"
#include "admin/newsroom.hpp"
#include "api/key_handlers.hpp"
#include "comments/comment_handlers.hpp"
#include "insight/insight_admin_handlers.hpp"
#include "media/media_handlers.hpp"
#include "newsletter/newsletter_admin_handlers.hpp"
#include "publishing/newsroom_handlers.hpp"
#include "publishing/site_admin_handlers.hpp"
#include "publishing/site_handlers.hpp"

namespace dossier::app {

namespace {

using auth::Action;
using http::Params;
using http::Request;

// Accounts: signing in and out, password links, the profile and the users page.
void add_account_routes(http::Router& r, AdminSurface const& s) {
  auto& gate = s.newsroom;
  // Open routes: their own checks (login CSRF cookie, the link's secret) stand in for a session.
  auto open = [s](auto method) {
    return [s, method](Request const& q, Params const& p) { return (s.auth.*method)(q, p); };
  };
  // Guarded routes: signed in, allowed to do the named action, CSRF on every POST.
  auto account = [s](auto method) {
    return [s, method](admin::Visit& v) { return (s.auth.*method)(v); };
  };
  using A = admin::AccountHandlers;
  r.get("/admin", gate.guard(Action::UseNewsroom, [](admin::Visit&) {
    return admin::Newsroom::see_other("/admin/articles");
  }));
  r.get("/admin/login", open(&A::login_page));
  r.post("/admin/login", open(&A::login));
  r.get("/admin/forgot", open(&A::forgot_page));
  r.post("/admin/forgot", open(&A::forgot));
  r.get("/admin/password/{token}", open(&A::password_page));
  r.post("/admin/password/{token}", open(&A::password));
  r.post("/admin/logout", gate.guard(Action::UseNewsroom, account(&A::logout)));
  r.post("/admin/logout-everywhere",
         gate.guard(Action::UseNewsroom, account(&A::logout_everywhere)));
  r.get("/admin/profile", gate.guard(Action::EditOwnProfile, account(&A::profile)));
  r.post("/admin/profile", gate.guard(Action::EditOwnProfile, account(&A::save_profile)));
  r.get("/admin/users", gate.guard(Action::ManageUsers, account(&A::users)));
  r.post("/admin/users", gate.guard(Action::ManageUsers, account(&A::add_user)));
  r.post("/admin/users/{id}", gate.guard(Action::ManageUsers, account(&A::change_user)));
}

// Articles: the list, the editor, revisions and preview links.
void add_article_routes(http::Router& r, AdminSurface const& s) {
  auto& gate = s.newsroom;
  auto articles = [s](auto method) {
    return [s, method](admin::Visit& v) { return (s.articles.*method)(v); };
  };
  auto editor = [s](auto method) {
    return [s, method](admin::Visit& v) { return (s.articles.editor().*method)(v); };
  };
  auto revisions = [s](auto method) {
    return [s, method](admin::Visit& v) { return (s.articles.revisions().*method)(v); };
  };
  using N = publishing::NewsroomHandlers;
  using E = publishing::ArticleEditorHandlers;
  using R = publishing::RevisionHandlers;
  r.get("/admin/articles", gate.guard(Action::UseNewsroom, articles(&N::browse)));
  r.get("/admin/articles/new", gate.guard(Action::CreateArticle, editor(&E::add_form)));
  r.post("/admin/articles", gate.guard(Action::CreateArticle, editor(&E::add)));
  r.post("/admin/preview", gate.guard(Action::UseNewsroom, editor(&E::preview_markdown)));
  // Per-article checks (own or any, live or not) are made by the handlers with the article.
  r.get("/admin/articles/{id}", gate.guard(Action::UseNewsroom, editor(&E::read)));
  r.post("/admin/articles/{id}", gate.guard(Action::UseNewsroom, editor(&E::edit)));
  r.post("/admin/articles/{id}/autosave", gate.guard(Action::UseNewsroom, editor(&E::autosave)));
  r.post("/admin/articles/{id}/preview-link",
         gate.guard(Action::UseNewsroom, editor(&E::preview_link)));
  r.get("/admin/articles/{id}/revisions", gate.guard(Action::UseNewsroom, revisions(&R::browse)));
  r.get("/admin/articles/{id}/revisions/{rev}",
        gate.guard(Action::UseNewsroom, revisions(&R::read)));
  r.post("/admin/articles/{id}/revisions/{rev}/restore",
         gate.guard(Action::UseNewsroom, revisions(&R::restore)));
}

// The site's settings and taxonomy, and the newsletter.
void add_site_admin_routes(http::Router& r, AdminSurface const& s) {
  auto& gate = s.newsroom;
  auto site_admin = [s](auto method) {
    return [s, method](admin::Visit& v) { return (s.site_admin.*method)(v); };
  };
  using SA = publishing::SiteAdminHandlers;
  r.get("/admin/settings", gate.guard(Action::ManageSettings, site_admin(&SA::read_settings)));
  r.post("/admin/settings", gate.guard(Action::ManageSettings, site_admin(&SA::edit_settings)));
  r.get("/admin/taxonomy", gate.guard(Action::ManageTaxonomy, site_admin(&SA::browse_taxonomy)));
  r.post("/admin/categories", gate.guard(Action::ManageTaxonomy, site_admin(&SA::add_category)));
  r.post("/admin/categories/{id}",
         gate.guard(Action::ManageTaxonomy, site_admin(&SA::edit_category)));
  r.post("/admin/tags/{id}", gate.guard(Action::ManageTaxonomy, site_admin(&SA::edit_tag)));

  auto letters = [s](auto method) {
    return [s, method](admin::Visit& v) { return (s.newsletter.*method)(v); };
  };
  using NL = newsletter::NewsletterAdminHandlers;
  r.get("/admin/newsletter", gate.guard(Action::SendNewsletter, letters(&NL::overview)));
  r.get("/admin/newsletter/export.csv",
        gate.guard(Action::SendNewsletter, letters(&NL::export_csv)));
  r.post("/admin/newsletter/import", gate.guard(Action::SendNewsletter, letters(&NL::import)));
  r.get("/admin/newsletter/sends/{id}",
        gate.guard(Action::SendNewsletter, letters(&NL::send_page)));
  r.get("/admin/newsletter/drafts/{id}/preview",
        gate.guard(Action::SendNewsletter, letters(&NL::draft_preview)));
  r.post("/admin/newsletter/drafts/{id}/send",
         gate.guard(Action::SendNewsletter, letters(&NL::send_draft)));
  r.get("/admin/newsletter/article/{id}",
        gate.guard(Action::SendNewsletter, letters(&NL::article_page)));
  r.post("/admin/newsletter/article/{id}",
         gate.guard(Action::SendNewsletter, letters(&NL::send_article)));
}

// What only some tools wire: moderation, curation, the media library.
void add_optional_routes(http::Router& r, AdminSurface const& s) {
  auto& gate = s.newsroom;
  if (s.comments) {
    auto moderation = [s](auto method) {
      return [s, method](admin::Visit& v) { return (s.comments->*method)(v); };
    };
    using C = comments::CommentHandlers;
    r.get("/admin/comments", gate.guard(Action::ModerateComments, moderation(&C::moderation)));
    r.post("/admin/comments", gate.guard(Action::ModerateComments, moderation(&C::moderate)));
    r.post("/admin/comments/{id}", gate.guard(Action::ModerateComments, moderation(&C::change)));
    r.post("/admin/comments/article/{id}",
           gate.guard(Action::ModerateComments, moderation(&C::switch_article)));
  }

  if (s.insight) {
    auto curation = [s](auto method) {
      return [s, method](admin::Visit& v) { return (s.insight->*method)(v); };
    };
    using I = insight::InsightAdminHandlers;
    r.get("/admin/entities", gate.guard(Action::CurateInsight, curation(&I::entities)));
    r.post("/admin/entities/{id}", gate.guard(Action::CurateInsight, curation(&I::change)));
    r.get("/admin/quotes", gate.guard(Action::CurateInsight, curation(&I::quotes)));
    r.post("/admin/quotes/{id}", gate.guard(Action::CurateInsight, curation(&I::speaker)));
  }

  if (s.media) {
    auto media = [s](auto method) {
      return [s, method](admin::Visit& v) { return (s.media->*method)(v); };
    };
    using M = media::MediaHandlers;
    // Uploads may exceed the server's usual body limit: http::ServerOptions::upload_path_prefix.
    r.get("/admin/media", gate.guard(Action::UploadMedia, media(&M::library)));
    r.post("/admin/media", gate.guard(Action::UploadMedia, media(&M::upload)));
    r.post("/admin/media/{id}", gate.guard(Action::UploadMedia, media(&M::edit)));
    r.post("/admin/media/{id}/delete", gate.guard(Action::UploadMedia, media(&M::destroy)));
  }
}

}  // namespace

void add_admin_routes(http::Router& r, AdminSurface const& s) {
  add_account_routes(r, s);
  add_article_routes(r, s);
  add_site_admin_routes(r, s);
  add_optional_routes(r, s);
  // Preview links: the signed, expiring token is the permission (no session needed, so an
  // editor can send it to someone outside the newsroom).
  r.get("/preview/{token}", [s](Request const&, Params const& p) {
    auto id = s.articles.preview_target(p.get("token"));
    auto view = id ? s.publishing.read_any(*id) : std::nullopt;
    if (!view)
      return s.site.error(404, "This preview link is not valid",
                          "The link has expired or was copied incompletely. Ask for a new one.");
    return s.site.preview(*view);
  });
}

void add_integration_routes(http::Router& r, admin::Newsroom& gate, api::KeyHandlers& keys) {
  auto page = [&keys](auto method) {
    return [&keys, method](admin::Visit& v) { return (keys.*method)(v); };
  };
  using K = api::KeyHandlers;
  r.get("/admin/integrations", gate.guard(Action::ManageIntegrations, page(&K::browse)));
  r.post("/admin/integrations", gate.guard(Action::ManageIntegrations, page(&K::add)));
  r.post("/admin/integrations/{id}/revoke",
         gate.guard(Action::ManageIntegrations, page(&K::revoke)));
}

}  // namespace dossier::app
