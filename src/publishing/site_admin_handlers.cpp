#include "publishing/site_admin_handlers.hpp"

#include <charconv>

#include <ctemplate/template.h>

#include "core/strings.hpp"
#include "render/template_key.hpp"

namespace dossier::publishing {

using render::operator""_key;

using ctemplate::TemplateDictionary;

http::Response SiteAdminHandlers::settings_page(admin::Visit& v, int status, SiteSettings const& s,
                                                std::string const& menu, std::string const& social,
                                                std::string const& error,
                                                std::string const& notice) {
  return newsroom_.render(v, status, "Settings", "admin/settings.tpl", [&](TemplateDictionary& d) {
    d.SetValue("TITLE"_key, s.title);
    d.SetValue("TAGLINE"_key, s.tagline);
    d.SetValue("ABOUT"_key, s.about);
    d.SetValue("CONTACT_EMAIL"_key, s.contact_email);
    d.SetValue("COPYRIGHT_START"_key,
               s.copyright_start_year ? std::to_string(s.copyright_start_year) : "");
    d.SetValue("MENU_LINKS"_key, menu);
    d.SetValue("SOCIAL_LINKS"_key, social);
    if (!error.empty()) d.SetValueAndShowSection("ERROR"_key, error, "HAS_ERROR");
    if (!notice.empty()) d.SetValueAndShowSection("NOTICE"_key, notice, "HAS_NOTICE");
  });
}

http::Response SiteAdminHandlers::read_settings(admin::Visit& v) {
  auto s = site_.settings();
  return settings_page(v, 200, s, format_links(s.menu_links), format_links(s.social_links), "",
                       v.request.query_param("saved") ? "Saved." : "");
}

http::Response SiteAdminHandlers::edit_settings(admin::Visit& v) {
  auto const& f = v.form;
  auto s = site_.settings();
  s.title = f.get("title");
  s.tagline = f.get("tagline");
  s.about = f.get("about");
  s.contact_email = f.get("contact_email");
  auto menu_text = f.get("menu_links");
  auto social_text = f.get("social_links");
  auto fail = [&](int status, std::string const& error) {
    return settings_page(v, status, s, menu_text, social_text, error, "");
  };
  auto year = std::string(trim(f.get("copyright_start")));
  s.copyright_start_year = 0;
  if (!year.empty()) {
    auto [end, ec] =
        std::from_chars(year.data(), year.data() + year.size(), s.copyright_start_year);
    if (ec != std::errc() || end != year.data() + year.size())
      return fail(400, "The copyright start year must be a year such as 2011.");
  }
  auto menu = parse_links(menu_text);
  if (!menu) return fail(400, menu.error().message);
  auto social = parse_links(social_text);
  if (!social) return fail(400, social.error().message);
  s.menu_links = *menu;
  s.social_links = *social;
  auto saved = site_.save_settings(s);
  if (!saved) return fail(http::status_for(saved.error().kind), saved.error().message);
  return admin::Newsroom::see_other("/admin/settings?saved=1");
}

http::Response SiteAdminHandlers::taxonomy_page(admin::Visit& v, int status,
                                                std::string const& error,
                                                std::string const& notice) {
  auto q = std::string(trim(v.request.query_param("tag_q").value_or(""))).substr(0, 80);
  auto categories = site_.categories();
  auto tags = site_.tags(q);
  return newsroom_.render(v, status, "Categories and tags", "admin/taxonomy.tpl",
                          [&](TemplateDictionary& d) {
                            if (!error.empty())
                              d.SetValueAndShowSection("ERROR"_key, error, "HAS_ERROR");
                            if (!notice.empty())
                              d.SetValueAndShowSection("NOTICE"_key, notice, "HAS_NOTICE");
                            d.SetValue("TAG_Q"_key, q);
                            for (auto const& c : categories) {
                              auto* row = d.AddSectionDictionary("CATEGORY"_key);
                              row->SetIntValue("ID"_key, static_cast<long>(c.id));
                              row->SetValue("NAME"_key, c.name);
                              row->SetValue("SLUG"_key, c.slug);
                              row->SetValue("DESCRIPTION"_key, c.description);
                              row->SetIntValue("POSITION"_key, c.position);
                              row->SetIntValue("ARTICLES"_key, static_cast<long>(c.articles));
                              if (c.parent_id) row->ShowSection("IS_CHILD"_key);
                              for (auto const& p : categories) {
                                if (p.parent_id || p.id == c.id) continue;
                                auto* o = row->AddSectionDictionary("PARENT_OPTION"_key);
                                o->SetIntValue("VALUE"_key, static_cast<long>(p.id));
                                o->SetValue("LABEL"_key, p.name);
                                if (c.parent_id == p.id) o->ShowSection("SELECTED"_key);
                              }
                            }
                            for (auto const& p : categories) {
                              if (p.parent_id) continue;
                              auto* o = d.AddSectionDictionary("NEW_PARENT_OPTION"_key);
                              o->SetIntValue("VALUE"_key, static_cast<long>(p.id));
                              o->SetValue("LABEL"_key, p.name);
                            }
                            if (tags.empty()) d.ShowSection("NO_TAGS"_key);
                            for (auto const& t : tags) {
                              auto* row = d.AddSectionDictionary("TAG"_key);
                              row->SetIntValue("ID"_key, static_cast<long>(t.id));
                              row->SetValue("NAME"_key, t.name);
                              row->SetValue("SLUG"_key, t.slug);
                              row->SetIntValue("ARTICLES"_key, static_cast<long>(t.articles));
                            }
                          });
}

http::Response SiteAdminHandlers::browse_taxonomy(admin::Visit& v) {
  return taxonomy_page(v, 200, "", v.request.query_param("saved") ? "Saved." : "");
}

namespace {

Category category_from(http::Form const& f) {
  Category c;
  c.name = f.get("name");
  c.slug = f.get("slug");
  c.description = f.get("description");
  if (auto parent = parse_id(f.get("parent_id"))) c.parent_id = *parent;
  auto pos = std::string(trim(f.get("position")));
  std::from_chars(pos.data(), pos.data() + pos.size(), c.position);
  return c;
}

}  // namespace

http::Response SiteAdminHandlers::add_category(admin::Visit& v) {
  auto added = site_.add_category(category_from(v.form));
  if (!added)
    return taxonomy_page(v, http::status_for(added.error().kind), added.error().message, "");
  return admin::Newsroom::see_other("/admin/taxonomy?saved=1");
}

http::Response SiteAdminHandlers::edit_category(admin::Visit& v) {
  auto id = parse_id(v.params.get("id"));
  if (!id) return taxonomy_page(v, 404, "There is no such category.", "");
  Result<Unit> done = Unit{};
  if (v.form.get("action") == "delete") {
    done = site_.delete_category(*id);
  } else {
    auto c = category_from(v.form);
    c.id = *id;
    done = site_.edit_category(c);
  }
  if (!done) return taxonomy_page(v, http::status_for(done.error().kind), done.error().message, "");
  return admin::Newsroom::see_other("/admin/taxonomy?saved=1");
}

http::Response SiteAdminHandlers::edit_tag(admin::Visit& v) {
  auto id = parse_id(v.params.get("id"));
  if (!id) return taxonomy_page(v, 404, "There is no such tag.", "");
  Result<Unit> done = Unit{};
  if (v.form.get("action") == "delete") {
    done = site_.delete_tag(*id);
  } else {
    Tag t;
    t.id = *id;
    t.name = v.form.get("name");
    t.slug = v.form.get("slug");
    done = site_.edit_tag(t);
  }
  if (!done) return taxonomy_page(v, http::status_for(done.error().kind), done.error().message, "");
  return admin::Newsroom::see_other("/admin/taxonomy?saved=1");
}

}  // namespace dossier::publishing
