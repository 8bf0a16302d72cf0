#include "publishing/site_handlers.hpp"

#include <ctemplate/template.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "http/static_files.hpp"
#include "publishing/structured_data.hpp"
#include "publishing/urls.hpp"
#include "render/theme.hpp"

namespace dossier::publishing {

namespace {

using ctemplate::TemplateDictionary;

constexpr std::size_t kMetaDescriptionLength = 160;

SiteIdentity identity(SiteContext const& ctx, SiteSettings const& s) {
  return {ctx.site_url,    s.title,   s.about, ctx.site_url + ctx.assets.url_for("icon.svg"),
          s.contact_email, s.language};
}

std::string cache_key(char const* kind, Id id) {
  return fmt::format("{}:{}", kind, id);
}

std::string comments_text(int n) {
  if (n == 0) return "No comments";
  if (n == 1) return "1 comment";
  return fmt::format("{} comments", n);
}

// A description cut at a word boundary, for <meta name="description">.
std::string shorten(std::string const& text, std::size_t limit) {
  if (text.size() <= limit) return text;
  auto cut = text.rfind(' ', limit);
  return text.substr(0, cut == std::string::npos ? limit : cut) + "…";
}

class Layout {
 public:
  Layout(SiteContext const& ctx, SiteSettings const& s, std::vector<Category> const& nav)
      : ctx_(ctx), settings_(s), nav_(nav) {}

  // ctemplate's include dictionaries do not inherit plain values, so what the head and
  // foot partials share with the page is set as template-global values.
  void fill(TemplateDictionary& d, PageMeta const& meta) const {
    auto global = [&d](char const* name, std::string const& value) {
      d.SetTemplateGlobalValue(name, value);
    };
    global("LANG", settings_.language);
    global("SITE_TITLE", settings_.title);
    global("SITE_TAGLINE", settings_.tagline);
    global("SITE_ABOUT", settings_.about);
    global("SITE_URL", ctx_.site_url);
    global("PAGE_TITLE",
           meta.title.empty() ? settings_.title : meta.title + " | " + settings_.title);
    global("META_DESCRIPTION",
           shorten(meta.description.empty() ? settings_.tagline : meta.description,
                   kMetaDescriptionLength));
    global("CANONICAL_URL", ctx_.site_url + meta.path);
    global("STYLE_URL", ctx_.assets.url_for("style.css"));
    global("ICON_URL", ctx_.assets.url_for("icon.svg"));
    global("SEARCH_JS_URL", ctx_.assets.url_for("search.js"));
    if (meta.noindex) d.ShowTemplateGlobalSection("ROBOTS_NOINDEX");
    if (!settings_.contact_email.empty()) {
      d.ShowTemplateGlobalSection("HAS_CONTACT");
      global("CONTACT_EMAIL", settings_.contact_email);
    }
    int year = year_of(ctx_.clock());
    int start = settings_.copyright_start_year;
    global("COPYRIGHT_YEARS",
           start > 0 && start < year ? fmt::format("{}–{}", start, year) : std::to_string(year));
    auto* head = d.AddIncludeDictionary("HEAD");
    head->SetFilename("partials/head.tpl");
    head->SetValue("OG_TYPE", meta.og_type);
    head->SetValue("OG_TITLE", meta.title.empty() ? settings_.title : meta.title);
    head->SetValue("TWITTER_CARD", meta.image_url.empty() ? "summary" : "summary_large_image");
    if (!meta.image_url.empty()) {
      auto* image = head->AddSectionDictionary("OG_IMAGE");
      image->SetValue("OG_IMAGE_URL", meta.image_url);
      image->SetValue("OG_IMAGE_ALT", meta.image_alt);
    }
    if (meta.og_type == "article") {
      auto* article = head->AddSectionDictionary("OG_ARTICLE");
      article->SetValue("PUBLISHED_ISO", meta.published_iso);
      article->SetValue("MODIFIED_ISO", meta.modified_iso);
      if (!meta.section.empty()) {
        article->ShowSection("HAS_SECTION");
        article->SetValue("SECTION", meta.section);
      }
    }
    if (!meta.feed_path.empty()) {
      auto* feed = head->AddSectionDictionary("PAGE_FEED");
      feed->SetValue("PAGE_FEED_URL", meta.feed_path);
      feed->SetValue("PAGE_FEED_TITLE",
                     (meta.title.empty() ? settings_.title : meta.title) + " (RSS)");
    }
    // Built by the server with nlohmann::json and made script-safe (structured_data.hpp):
    // ctemplate's JavaScript escaping would turn its quotes into \x22, which is not JSON.
    for (auto const& text : meta.json_ld)
      head->AddSectionDictionary("JSON_LD")->SetValue("JSON_LD_TEXT", text);
    for (auto const& c : nav_) {
      auto* item = head->AddSectionDictionary("NAV_ITEM");
      item->SetValue("NAV_URL", category_url(c.slug));
      item->SetValue("NAV_NAME", c.name);
      item->SetValue("NAV_CLASS", c.parent_id ? "nav-child" : "nav-top");
      if (c.slug == meta.current_nav) item->ShowSection("NAV_CURRENT");
    }
    for (auto const& link : settings_.menu_links) {
      auto* item = head->AddSectionDictionary("MENU_LINK");
      item->SetValue("LINK_URL", link.url);
      item->SetValue("LINK_LABEL", link.label);
    }
    auto* foot = d.AddIncludeDictionary("FOOT");
    foot->SetFilename("partials/foot.tpl");
    for (auto const& link : settings_.social_links) {
      auto* item = foot->AddSectionDictionary("SOCIAL_LINK");
      item->SetValue("LINK_URL", link.url);
      item->SetValue("LINK_LABEL", link.label);
    }
  }

 private:
  SiteContext const& ctx_;
  SiteSettings const& settings_;
  std::vector<Category> const& nav_;
};

void add_teasers(TemplateDictionary& d, char const* section,
                 std::vector<ArticleSummary> const& items) {
  for (auto const& a : items) {
    auto* teaser = d.AddSectionDictionary(section)->AddIncludeDictionary("TEASER");
    teaser->SetFilename("partials/teaser.tpl");
    fill_summary(*teaser, a);
  }
}

http::Response html(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

}  // namespace

void fill_summary(TemplateDictionary& d, ArticleSummary const& a) {
  d.SetValue("URL", article_url(a.slug));
  d.SetValue("TITLE", a.title);
  d.SetValue("DEK", a.dek);
  if (!a.dek.empty()) d.ShowSection("HAS_DEK");
  d.SetValue("KIND_LABEL", std::string(kind_label(a.kind)));
  // A badge for analyses and reports, unless the category already says the same.
  if ((a.kind == ArticleKind::Report || a.kind == ArticleKind::Analysis) &&
      a.category_name != kind_label(a.kind))
    d.ShowSection("IS_SPECIAL");
  d.SetValue("AUTHOR_NAME", a.author_name);
  d.SetValue("AUTHOR_URL", author_url(a.author_slug));
  d.SetValue("DATE_ISO", format_rfc3339(a.published_at));
  d.SetValue("DATE", format_long_date(a.published_at));
  d.SetValue("COMMENTS", comments_text(a.comment_count));
  if (!a.category_slug.empty()) {
    d.ShowSection("HAS_CATEGORY");
    d.SetValue("CATEGORY_NAME", a.category_name);
    d.SetValue("CATEGORY_URL", category_url(a.category_slug));
  }
  if (!a.hero_file.empty()) {
    d.ShowSection("HAS_IMAGE");
    d.SetValue("IMG_URL", "/media/" + a.hero_file);
    d.SetValue("IMG_ALT", a.hero_alt);
    d.SetIntValue("IMG_W", a.hero_width);
    d.SetIntValue("IMG_H", a.hero_height);
  }
}

http::Response SiteHandlers::themed(int status, PageMeta const& meta,
                                    std::string const& template_name,
                                    std::function<void(TemplateDictionary&)> const& fill) {
  auto settings = ctx_.publishing.settings();
  auto nav = ctx_.publishing.categories();
  TemplateDictionary d(template_name);
  Layout(ctx_, settings, nav).fill(d, meta);
  fill(d);
  return html(status, ctx_.theme.render(template_name, d));
}

http::Response SiteHandlers::home(http::Request const&, http::Params const&) {
  auto settings = ctx_.publishing.settings();
  auto nav = ctx_.publishing.categories();
  auto view = ctx_.publishing.home();
  TemplateDictionary d("home");
  PageMeta meta{"", settings.tagline, "/", "", false};
  meta.json_ld.push_back(home_json_ld(identity(ctx_, settings)));
  Layout(ctx_, settings, nav).fill(d, meta);
  if (view.lead) {
    auto* lead = d.AddSectionDictionary("LEAD");
    fill_summary(*lead, *view.lead);
  } else {
    d.ShowSection("NO_ARTICLES");
  }
  add_teasers(d, "LATEST", view.latest);
  for (auto const& a : view.most_commented) {
    auto* item = d.AddSectionDictionary("MOST_COMMENTED");
    fill_summary(*item, a);
  }
  for (auto const& s : view.sections) {
    auto* sec = d.AddSectionDictionary("SECTION");
    sec->SetValue("SECTION_SLUG", s.category.slug);
    sec->SetValue("SECTION_NAME", s.category.name);
    sec->SetValue("SECTION_URL", category_url(s.category.slug));
    add_teasers(*sec, "ITEM", s.articles);
  }
  auto r = html(200, ctx_.theme.render("home.tpl", d));
  r.cache_keys = {"latest", "site"};
  return r;
}

http::Response SiteHandlers::article(http::Request const& req, http::Params const& p) {
  auto const& slug = p.get("slug");
  auto view = ctx_.publishing.read_article(slug);
  if (!view) {
    if (auto current = ctx_.publishing.renamed(slug))
      return http::Response::redirect(301, article_url(*current));
    return not_found(req);
  }
  auto const& a = view->article;
  // Pages live at /{slug}; one URL per document.
  if (a.kind == ArticleKind::Page) return http::Response::redirect(301, page_url(a.slug));
  return render_article(*view, ArticleMode::Public);
}

http::Response SiteHandlers::preview(ArticleView const& view) {
  return render_article(view, ArticleMode::Preview);
}

http::Response SiteHandlers::render_article(ArticleView const& article_view, ArticleMode mode) {
  auto const* view = &article_view;
  auto const& a = view->article;
  bool preview = mode == ArticleMode::Preview;
  auto settings = ctx_.publishing.settings();
  auto nav = ctx_.publishing.categories();
  TemplateDictionary d("article");
  PageMeta meta{a.seo_title.empty() ? a.title : a.seo_title,
                a.seo_description.empty() ? a.dek : a.seo_description, article_url(a.slug),
                view->categories.empty() ? "" : view->categories.front().slug, false};
  meta.og_type = "article";
  meta.noindex = preview;
  meta.published_iso = format_rfc3339(a.published_at.value_or(a.created_at));
  meta.modified_iso = format_rfc3339(std::max(a.updated_at, a.published_at.value_or(0)));
  if (!view->categories.empty()) meta.section = view->categories.front().name;
  if (view->hero) {
    meta.image_url = ctx_.site_url + "/media/" + view->hero->file;
    meta.image_alt = view->hero->alt;
  }
  auto site_id = identity(ctx_, settings);
  meta.json_ld.push_back(article_json_ld(*view, site_id));
  std::vector<std::pair<std::string, std::string>> crumbs;
  for (auto const& c : view->categories) crumbs.emplace_back(c.name, category_url(c.slug));
  crumbs.emplace_back(a.title, article_url(a.slug));
  meta.json_ld.push_back(breadcrumb_json_ld(crumbs, site_id));
  Layout(ctx_, settings, nav).fill(d, meta);
  d.SetValue("TITLE", a.title);
  d.SetValue("DEK", a.dek);
  if (!a.dek.empty()) d.ShowSection("HAS_DEK");
  d.SetValue("KIND_LABEL", std::string(kind_label(a.kind)));
  d.SetValue("AUTHOR_NAME", view->author.name);
  d.SetValue("AUTHOR_URL", author_url(view->author.slug));
  auto published = a.published_at.value_or(a.created_at);
  d.SetValue("DATE_ISO", format_rfc3339(published));
  d.SetValue("DATE", format_long_date(published));
  d.SetIntValue("READING_MINUTES", reading_minutes(a.word_count));
  d.SetValue("COMMENTS", comments_text(a.comment_count));
  d.SetValue("COMMENTS_EMPTY_TEXT",
             a.comment_count == 0 ? "No comments yet." : "Comments will be shown here.");
  // Rendered by cmark-gfm in safe mode at save time: HTML the server produced itself.
  d.SetValue("BODY_HTML", a.body_html);
  for (auto const& c : view->categories) {
    auto* crumb = d.AddSectionDictionary("CRUMB");
    crumb->SetValue("CRUMB_URL", category_url(c.slug));
    crumb->SetValue("CRUMB_NAME", c.name);
  }
  if (view->hero) {
    auto* hero = d.AddSectionDictionary("HERO");
    hero->SetValue("HERO_URL", "/media/" + view->hero->file);
    hero->SetValue("HERO_ALT", view->hero->alt);
    hero->SetIntValue("HERO_W", view->hero->width);
    hero->SetIntValue("HERO_H", view->hero->height);
    // Resized copies made at upload: browsers pick the smallest that fills the column, WebP
    // when they read it. Width and height above keep the layout from shifting meanwhile.
    std::string webp, same;
    for (auto const& v : view->hero->variants) {
      auto entry = fmt::format("/media/{} {}w", v.file, v.width);
      auto& list = v.mime == "image/webp" ? webp : same;
      if (v.mime == "image/webp" || v.mime == view->hero->mime)
        list += (list.empty() ? "" : ", ") + entry;
    }
    if (!view->hero->variants.empty()) {
      auto full = fmt::format("/media/{} {}w", view->hero->file, view->hero->width);
      hero->SetValue("HERO_SIZES", "(max-width: 52rem) 100vw, 52rem");
      if (!webp.empty())
        hero->AddSectionDictionary("HERO_WEBP")
            ->SetValue("WEBP_SRCSET", view->hero->mime == "image/webp" ? webp + ", " + full : webp);
      hero->AddSectionDictionary("HERO_SRCSET")
          ->SetValue("SRCSET", same.empty() ? full : same + ", " + full);
    }
    hero->SetValue("HERO_CAPTION", view->hero->caption);
    if (!view->hero->credit.empty()) {
      hero->ShowSection("HAS_CREDIT");
      hero->SetValue("HERO_CREDIT", view->hero->credit);
    }
  }
  if (!view->tags.empty()) d.ShowSection("HAS_TAGS");
  for (auto const& t : view->tags) {
    auto* tag = d.AddSectionDictionary("TAG");
    tag->SetValue("TAG_URL", tag_url(t.slug));
    tag->SetValue("TAG_NAME", t.name);
  }
  if (!view->related.empty()) d.ShowSection("HAS_RELATED");
  add_teasers(d, "RELATED", view->related);
  if (preview) d.ShowSection("PREVIEW");
  if (ctx_.comments && !preview && a.kind != ArticleKind::Page) ctx_.comments(d, *view);
  if (ctx_.insight && !preview && a.kind != ArticleKind::Page) ctx_.insight(d, *view);
  auto r = html(200, ctx_.theme.render("article.tpl", d));
  if (preview) {
    // A preview is of unpublished work: never cached, never indexed.
    r.set_header("Cache-Control", "no-store");
    r.set_header("X-Robots-Tag", "noindex");
    return r;
  }
  // The page shows its related articles, the newest sharing a category or tag: any change
  // in those archives may change it.
  r.cache_keys = {"site", cache_key("article", a.id), cache_key("author", a.author_id)};
  for (auto const& c : view->categories) r.cache_keys.push_back(cache_key("category", c.id));
  for (auto const& t : view->tags) r.cache_keys.push_back(cache_key("tag", t.id));
  for (auto const& rel : view->related) r.cache_keys.push_back(cache_key("article", rel.id));
  r.set_header("Last-Modified", format_http_date(a.updated_at));
  return r;
}

namespace {

// Shared by the category, tag, author and latest archives.
struct Archive {
  std::string kind;  // "Category", "Tag" ...
  std::string title;
  std::string description;
  std::string base_path;  // "/category/news"
  std::string nav;
  ListQuery query;
  std::vector<std::string> cache_keys;
  std::string image_url;  // an author's photo
  std::string image_alt;
  int image_width = 0;
  int image_height = 0;
};

}  // namespace

static http::Response render_archive(SiteHandlers& self, SiteContext const& ctx,
                                     http::Request const& req, http::Params const& p,
                                     Archive const& archive) {
  int number = 1;
  if (!p.get("n").empty()) {
    number = p.page("n");
    if (number == 0) return self.not_found(req);
    // Page 1 has one URL: the archive's own.
    if (number == 1) return http::Response::redirect(301, archive.base_path);
  }
  auto page = ctx.publishing.browse(archive.query, number, ctx.per_page);
  if (number > page.page_count()) return self.not_found(req);
  auto settings = ctx.publishing.settings();
  auto nav = ctx.publishing.categories();
  TemplateDictionary d("archive");
  auto path =
      number == 1 ? archive.base_path : fmt::format("{}/page/{}", archive.base_path, number);
  auto title = number == 1 ? archive.title : fmt::format("{} (page {})", archive.title, number);
  PageMeta meta{title, archive.description.empty() ? archive.title : archive.description, path,
                archive.nav, false};
  // Category, tag and author archives have feeds of their own; /latest is the site's.
  if (archive.query.category_id || archive.query.tag_id || archive.query.author_id)
    meta.feed_path = archive.base_path + "/feed.xml";
  meta.json_ld.push_back(
      breadcrumb_json_ld({{archive.title, archive.base_path}}, identity(ctx, settings)));
  Layout(ctx, settings, nav).fill(d, meta);
  d.SetValue("ARCHIVE_KIND", archive.kind);
  d.SetValue("ARCHIVE_TITLE", archive.title);
  if (!archive.image_url.empty()) {
    auto* photo = d.AddSectionDictionary("PHOTO");
    photo->SetValue("PHOTO_URL", archive.image_url);
    photo->SetValue("PHOTO_ALT", archive.image_alt);
    photo->SetIntValue("PHOTO_W", archive.image_width);
    photo->SetIntValue("PHOTO_H", archive.image_height);
  }
  if (!archive.description.empty()) {
    d.ShowSection("HAS_DESCRIPTION");
    d.SetValue("ARCHIVE_DESCRIPTION", archive.description);
  }
  if (page.items.empty()) d.ShowSection("EMPTY");
  add_teasers(d, "ITEM", page.items);
  auto* pager = d.AddIncludeDictionary("PAGINATION");
  pager->SetFilename("partials/pagination.tpl");
  pager->SetIntValue("PAGE_NUMBER", number);
  pager->SetIntValue("PAGE_COUNT", page.page_count());
  if (number > 1) {
    auto* prev = pager->AddSectionDictionary("PREV");
    prev->SetValue("PREV_URL", number == 2
                                   ? archive.base_path
                                   : fmt::format("{}/page/{}", archive.base_path, number - 1));
  }
  if (number < page.page_count()) {
    auto* next = pager->AddSectionDictionary("NEXT");
    next->SetValue("NEXT_URL", fmt::format("{}/page/{}", archive.base_path, number + 1));
  }
  auto r = html(200, ctx.theme.render("archive.tpl", d));
  r.cache_keys = archive.cache_keys;
  return r;
}

http::Response SiteHandlers::latest(http::Request const& req, http::Params const& p) {
  Archive a{
      "Archive", "All articles",    "Everything we have published, newest first.", "/latest", "",
      {},        {"latest", "site"}};
  return render_archive(*this, ctx_, req, p, a);
}

http::Response SiteHandlers::category(http::Request const& req, http::Params const& p) {
  auto c = ctx_.publishing.category(p.get("slug"));
  if (!c) {
    // A renamed category keeps its old addresses, pages included (301, RFC 9110 15.4.2).
    if (auto current = ctx_.publishing.renamed_category(p.get("slug"))) {
      auto n = p.page("n");
      return http::Response::redirect(
          301, category_url(*current) + (n > 1 ? fmt::format("/page/{}", n) : ""));
    }
    return not_found(req);
  }
  Archive a{"Category",
            c->name,
            c->description,
            category_url(c->slug),
            c->slug,
            {},
            {"site", cache_key("category", c->id)}};
  a.query.category_id = c->id;
  return render_archive(*this, ctx_, req, p, a);
}

http::Response SiteHandlers::tag(http::Request const& req, http::Params const& p) {
  auto t = ctx_.publishing.tag(p.get("slug"));
  if (!t) {
    if (auto current = ctx_.publishing.renamed_tag(p.get("slug"))) {
      auto n = p.page("n");
      return http::Response::redirect(
          301, tag_url(*current) + (n > 1 ? fmt::format("/page/{}", n) : ""));
    }
    return not_found(req);
  }
  Archive a{"Tag", t->name, "", tag_url(t->slug), "", {}, {"site", cache_key("tag", t->id)}};
  a.query.tag_id = t->id;
  return render_archive(*this, ctx_, req, p, a);
}

http::Response SiteHandlers::author(http::Request const& req, http::Params const& p) {
  auto au = ctx_.publishing.author(p.get("slug"));
  if (!au) return not_found(req);
  Archive a{"Author",
            au->name,
            au->bio,
            author_url(au->slug),
            "",
            {},
            {"site", cache_key("author", au->id)}};
  a.query.author_id = au->id;
  if (!au->photo_file.empty()) {
    a.image_url = "/media/" + au->photo_file;
    a.image_alt = au->photo_alt.empty() ? au->name : au->photo_alt;
    a.image_width = au->photo_width;
    a.image_height = au->photo_height;
  }
  return render_archive(*this, ctx_, req, p, a);
}

http::Response SiteHandlers::page(http::Request const& req, http::Params const& p) {
  auto view = ctx_.publishing.read_article(p.get("slug"));
  if (!view || view->article.kind != ArticleKind::Page) return not_found(req);
  auto const& a = view->article;
  auto settings = ctx_.publishing.settings();
  auto nav = ctx_.publishing.categories();
  TemplateDictionary d("page");
  Layout(ctx_, settings, nav)
      .fill(d,
            {a.seo_title.empty() ? a.title : a.seo_title,
             a.seo_description.empty() ? a.dek : a.seo_description, page_url(a.slug), "", false});
  d.SetValue("TITLE", a.title);
  d.SetValue("DEK", a.dek);
  if (!a.dek.empty()) d.ShowSection("HAS_DEK");
  d.SetValue("BODY_HTML", a.body_html);
  auto r = html(200, ctx_.theme.render("page.tpl", d));
  r.cache_keys = {"site", cache_key("article", a.id)};
  return r;
}

http::Response SiteHandlers::message(int status, PageMeta const& meta, std::string const& title,
                                     std::string const& text) {
  auto settings = ctx_.publishing.settings();
  auto nav = ctx_.publishing.categories();
  TemplateDictionary d("message");
  Layout(ctx_, settings, nav).fill(d, meta);
  d.SetValue("MESSAGE_TITLE", title);
  d.SetValue("MESSAGE_TEXT", text);
  return html(status, ctx_.theme.render("message.tpl", d));
}

http::Response SiteHandlers::not_found(http::Request const&) {
  return error(404, "Page not found",
               "We could not find that page. It may have moved, or the address may be mistyped.");
}

http::Response SiteHandlers::error(int status, std::string const& title, std::string const& text) {
  // Defaults when the database is the thing that failed.
  SiteSettings settings;
  std::vector<Category> nav;
  try {
    settings = ctx_.publishing.settings();
    nav = ctx_.publishing.categories();
  } catch (std::exception const& e) {
    spdlog::warn("error page without site settings: {}", e.what());
  }
  TemplateDictionary d("error");
  Layout(ctx_, settings, nav).fill(d, {title, text, "/", "", true});
  d.SetIntValue("STATUS", status);
  d.SetValue("MESSAGE_TITLE", title);
  d.SetValue("MESSAGE_TEXT", text);
  auto r = html(status, ctx_.theme.render("error.tpl", d));
  r.set_header("Cache-Control", "no-store");
  return r;
}

}  // namespace dossier::publishing
