#include "publishing/archive_pages.hpp"

#include <ctemplate/template.h>
#include <fmt/format.h>

#include "publishing/site_pages.hpp"
#include "publishing/structured_data.hpp"
#include "publishing/urls.hpp"
#include "render/template_key.hpp"

namespace dossier::publishing {

using render::operator""_key;

namespace {

using ctemplate::TemplateDictionary;
using Archive = ArchivePages::Archive;

std::string page_path(std::string const& base_path, int number) {
  return number == 1 ? base_path : fmt::format("{}/page/{}", base_path, number);
}

// An old address of a renamed category or tag, page included: moved for good (301, RFC 9110
// section 15.4.2).
http::Response renamed(std::string const& current_url, http::Params const& p) {
  auto n = p.page("n");
  return http::Response::redirect(301, current_url + (n > 1 ? fmt::format("/page/{}", n) : ""));
}

void fill_archive(TemplateDictionary& d, Archive const& archive) {
  d.SetValue("ARCHIVE_KIND"_key, archive.kind);
  d.SetValue("ARCHIVE_TITLE"_key, archive.title);
  if (!archive.image_url.empty()) {
    auto* photo = d.AddSectionDictionary("PHOTO"_key);
    photo->SetValue("PHOTO_URL"_key, archive.image_url);
    photo->SetValue("PHOTO_ALT"_key, archive.image_alt);
    photo->SetIntValue("PHOTO_W"_key, archive.image_width);
    photo->SetIntValue("PHOTO_H"_key, archive.image_height);
  }
  if (!archive.description.empty()) {
    d.ShowSection("HAS_DESCRIPTION"_key);
    d.SetValue("ARCHIVE_DESCRIPTION"_key, archive.description);
  }
}

void fill_pager(TemplateDictionary& d, std::string const& base_path, int number, int count) {
  auto* pager = d.AddIncludeDictionary("PAGINATION"_key);
  pager->SetFilename("partials/pagination.tpl");
  pager->SetIntValue("PAGE_NUMBER"_key, number);
  pager->SetIntValue("PAGE_COUNT"_key, count);
  if (number > 1)
    pager->AddSectionDictionary("PREV"_key)
        ->SetValue("PREV_URL"_key, page_path(base_path, number - 1));
  if (number < count)
    pager->AddSectionDictionary("NEXT"_key)
        ->SetValue("NEXT_URL"_key, page_path(base_path, number + 1));
}

}  // namespace

http::Response ArchivePages::render(http::Request const& req, http::Params const& p,
                                    Archive const& archive) const {
  int number = 1;
  if (!p.get("n").empty()) {
    number = p.page("n");
    if (number == 0) return frame_.not_found(req);
    // Page 1 has one URL: the archive's own.
    if (number == 1) return http::Response::redirect(301, archive.base_path);
  }
  auto page = publishing_.browse(archive.query, number, per_page_);
  if (number > page.page_count()) return frame_.not_found(req);
  auto settings = publishing_.settings();
  auto title = number == 1 ? archive.title : fmt::format("{} (page {})", archive.title, number);
  site::PageMeta meta{title, archive.description.empty() ? archive.title : archive.description,
                      page_path(archive.base_path, number), archive.nav, false};
  // Category, tag and author archives have feeds of their own; /latest is the site's.
  if (archive.query.category_id || archive.query.tag_id || archive.query.author_id)
    meta.feed_path = archive.base_path + "/feed.xml";
  meta.json_ld.push_back(
      breadcrumb_json_ld({{archive.title, archive.base_path}}, identity_of(frame_, settings)));
  auto masthead = masthead_of(settings, publishing_.categories());
  auto r = frame_.page(200, meta, masthead, "archive.tpl", [&](TemplateDictionary& d) {
    fill_archive(d, archive);
    if (page.items.empty()) d.ShowSection("EMPTY"_key);
    add_teasers(d, "ITEM", page.items);
    fill_pager(d, archive.base_path, number, page.page_count());
  });
  r.cache_keys = archive.cache_keys;
  return r;
}

http::Response ArchivePages::latest(http::Request const& req, http::Params const& p) const {
  Archive a{
      "Archive", "All articles",    "Everything we have published, newest first.", "/latest", "",
      {},        {"latest", "site"}};
  return render(req, p, a);
}

http::Response ArchivePages::category(http::Request const& req, http::Params const& p) const {
  auto c = publishing_.category(p.get("slug"));
  if (!c) {
    // A renamed category keeps its old addresses, pages included.
    if (auto current = publishing_.renamed_category(p.get("slug")))
      return renamed(category_url(*current), p);
    return frame_.not_found(req);
  }
  Archive a{"Category",
            c->name,
            c->description,
            category_url(c->slug),
            c->slug,
            {},
            {"site", cache_key("category", c->id)}};
  a.query.category_id = c->id;
  return render(req, p, a);
}

http::Response ArchivePages::tag(http::Request const& req, http::Params const& p) const {
  auto t = publishing_.tag(p.get("slug"));
  if (!t) {
    if (auto current = publishing_.renamed_tag(p.get("slug"))) return renamed(tag_url(*current), p);
    return frame_.not_found(req);
  }
  Archive a{"Tag", t->name, "", tag_url(t->slug), "", {}, {"site", cache_key("tag", t->id)}};
  a.query.tag_id = t->id;
  return render(req, p, a);
}

http::Response ArchivePages::author(http::Request const& req, http::Params const& p) const {
  auto au = publishing_.author(p.get("slug"));
  if (!au) return frame_.not_found(req);
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
  return render(req, p, a);
}

}  // namespace dossier::publishing
