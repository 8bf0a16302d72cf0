#include "publishing/site_handlers.hpp"

#include <ctemplate/template.h>

#include "publishing/structured_data.hpp"
#include "publishing/urls.hpp"
#include "render/template_key.hpp"

namespace dossier::publishing {

using render::operator""_key;

using ctemplate::TemplateDictionary;

SiteHandlers::SiteHandlers(SiteContext ctx)
    : ctx_(ctx),
      article_page_(ctx.publishing, ctx.frame, sections_, ctx.publishing.changes()),
      archives_(ctx.publishing, ctx.frame, ctx.per_page) {}

http::Response SiteHandlers::home(http::Request const&, http::Params const&) {
  auto settings = ctx_.publishing.settings();
  auto view = ctx_.publishing.home();
  site::PageMeta meta{"", settings.tagline, "/", "", false};
  meta.json_ld.push_back(home_json_ld(identity_of(ctx_.frame, settings)));
  auto masthead = masthead_of(settings, ctx_.publishing.categories());
  auto r = ctx_.frame.page(200, meta, masthead, "home.tpl", [&](TemplateDictionary& d) {
    if (view.lead)
      fill_summary(*d.AddSectionDictionary("LEAD"_key), *view.lead);
    else
      d.ShowSection("NO_ARTICLES"_key);
    add_teasers(d, "LATEST", view.latest);
    for (auto const& a : view.most_commented)
      fill_summary(*d.AddSectionDictionary("MOST_COMMENTED"_key), a);
    for (auto const& s : view.sections) {
      auto* sec = d.AddSectionDictionary("SECTION"_key);
      sec->SetValue("SECTION_SLUG"_key, s.category.slug);
      sec->SetValue("SECTION_NAME"_key, s.category.name);
      sec->SetValue("SECTION_URL"_key, category_url(s.category.slug));
      add_teasers(*sec, "ITEM", s.articles);
    }
  });
  r.cache_keys = {"latest", "site"};
  return r;
}

http::Response SiteHandlers::article(http::Request const& req, http::Params const& p) {
  auto const& slug = p.get("slug");
  auto view = articles_.get_if(slug, [&] { return ctx_.publishing.read_published(slug); });
  if (!view) {
    if (auto current = ctx_.publishing.renamed(slug))
      return http::Response::redirect(301, article_url(*current));
    return not_found(req);
  }
  auto const& a = view->article;
  if (a.visibility == Visibility::Public) {
    // Pages live at /{slug}; one URL per document.
    if (a.kind == ArticleKind::Page) return http::Response::redirect(301, page_url(a.slug));
    return article_page_.render(*view, ArticleMode::Public);
  }
  // Not public: the access rule decides, for this reader, what the page shows (nothing, the
  // teaser, all of it); the page is theirs alone.
  if (a.kind == ArticleKind::Page) return not_found(req);
  auto viewer = sections_.viewer(req);
  auto access = access_to(viewer, access_facts(*view), now_utc());
  if (access == Access::None) return not_found(req);
  ArticleView theirs = *view;
  theirs.access = access;
  theirs.reader = viewer;
  if (access == Access::Full && viewer.kind != ViewerKind::Newsroom)
    sections_.restricted_read(viewer, theirs);
  return article_page_.render(theirs, ArticleMode::Restricted);
}

http::Response SiteHandlers::preview(ArticleView const& view) {
  return article_page_.render(view, ArticleMode::Preview);
}

http::Response SiteHandlers::latest(http::Request const& req, http::Params const& p) {
  return archives_.latest(req, p);
}

http::Response SiteHandlers::category(http::Request const& req, http::Params const& p) {
  return archives_.category(req, p);
}

http::Response SiteHandlers::tag(http::Request const& req, http::Params const& p) {
  return archives_.tag(req, p);
}

http::Response SiteHandlers::author(http::Request const& req, http::Params const& p) {
  return archives_.author(req, p);
}

http::Response SiteHandlers::page(http::Request const& req, http::Params const& p) {
  auto view = ctx_.publishing.read_article(p.get("slug"));
  if (!view || view->article.kind != ArticleKind::Page) return not_found(req);
  auto const& a = view->article;
  site::PageMeta meta{a.seo_title.empty() ? a.title : a.seo_title,
                      a.seo_description.empty() ? a.dek : a.seo_description, page_url(a.slug), "",
                      false};
  auto r = ctx_.frame.page(200, meta, "page.tpl", [&](TemplateDictionary& d) {
    d.SetValue("TITLE"_key, a.title);
    d.SetValue("DEK"_key, a.dek);
    if (!a.dek.empty()) d.ShowSection("HAS_DEK"_key);
    d.SetValue("BODY_HTML"_key, a.body_html);
  });
  r.cache_keys = {"site", cache_key("article", a.id)};
  return r;
}

http::Response SiteHandlers::themed(int status, PageMeta const& meta,
                                    std::string const& template_name,
                                    std::function<void(TemplateDictionary&)> const& fill) {
  return ctx_.frame.page(status, meta, template_name, fill);
}

http::Response SiteHandlers::not_found(http::Request const& req) {
  return ctx_.frame.not_found(req);
}

http::Response SiteHandlers::error(int status, std::string const& title, std::string const& text) {
  return ctx_.frame.error(status, title, text);
}

}  // namespace dossier::publishing
