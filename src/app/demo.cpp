#include "app/demo.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <soci/soci.h>
#include <toml++/toml.h>

#include "comments/comment_store.hpp"
#include "comments/reader_markdown.hpp"
#include "core/slug.hpp"
#include "core/strings.hpp"
#include "media/media_store.hpp"
#include "media/placeholder_image.hpp"
#include "publishing/site_settings.hpp"
#include "publishing/taxonomy_store.hpp"
#include "reports/report_service.hpp"
#include "store/database.hpp"

namespace dossier::app {

namespace {

using publishing::Id;
constexpr char const* kDemoMarker = "demo.loaded";

struct ParsedArticle {
  std::filesystem::path file;
  toml::table front;
  std::string body;
};

std::optional<std::string> read_file(std::filesystem::path const& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<ParsedArticle> parse_article_file(std::filesystem::path const& file) {
  auto text = read_file(file);
  if (!text) return invalid(fmt::format("{}: cannot read", file.string()));
  constexpr std::string_view kFence = "+++\n";
  if (!text->starts_with(kFence))
    return invalid(fmt::format("{}: must start with a +++ front matter line", file.string()));
  auto end = text->find("\n+++\n", kFence.size() - 1);
  if (end == std::string::npos)
    return invalid(fmt::format("{}: the front matter has no closing +++ line", file.string()));
  ParsedArticle out;
  out.file = file;
  try {
    out.front = toml::parse(std::string_view(*text).substr(kFence.size(), end - kFence.size() + 1));
  } catch (toml::parse_error const& e) {
    return invalid(
        fmt::format("{}:{}: {}", file.string(), e.source().begin.line + 1, e.description()));
  }
  out.body = text->substr(end + 5);
  return out;
}

std::vector<std::string> string_list(toml::table const& t, std::string_view key) {
  std::vector<std::string> out;
  if (auto const* arr = t[key].as_array())
    for (auto const& v : *arr)
      if (auto s = v.value<std::string>()) out.push_back(*s);
  return out;
}

// The marker is a value in the site's settings (publishing's table, asked by name).
bool demo_present(soci::session& sql) {
  return publishing::setting(sql, kDemoMarker).has_value();
}

}  // namespace

namespace {

// demo/comments.toml: approved readers' comments, with the articles' counters kept right.
// issue 15: asks comments. CommentService has no way to add an approved comment with a given
// time (wanted: an import function taking Comment values); until then CommentStore is used.
Result<int> load_demo_comments(store::Database& db, publishing::PublishingService& publishing,
                               std::filesystem::path const& file) {
  toml::table doc;
  try {
    doc = toml::parse_file(file.string());
  } catch (toml::parse_error const& e) {
    return invalid(fmt::format("{}: {}", file.string(), e.description()));
  }
  auto const* list = doc["comments"].as_array();
  if (!list) return invalid("comments.toml: [[comments]] entries are missing");
  // Articles are looked up before the transaction: publishing reads on a session of its own,
  // and the demo's pool may hold only one.
  std::map<std::string, publishing::Article> articles;
  for (auto const& node : *list) {
    auto slug = (*node.as_table())["article"].value_or(std::string());
    if (articles.count(slug)) continue;
    auto view = publishing.read_article(slug);
    if (!view) return invalid(fmt::format("comments.toml: unknown article '{}'", slug));
    articles.emplace(slug, view->article);
  }
  std::vector<comments::Id> ids;
  soci::session sql(db.pool());
  store::WriteTransaction tx(sql);
  for (auto const& node : *list) {
    auto const& t = *node.as_table();
    comments::Comment c;
    auto slug = t["article"].value_or(std::string());
    auto const& article = articles.at(slug);
    c.article_id = article.id;
    c.author_name = t["name"].value_or(std::string());
    c.author_email = t["email"].value_or(std::string());
    c.body_markdown = t["body"].value_or(std::string());
    if (c.author_name.empty() || c.author_email.empty() || c.body_markdown.empty())
      return invalid(
          fmt::format("comments.toml: comment {} needs name, email and body", ids.size() + 1));
    c.body_html = comments::render_reader_markdown(c.body_markdown).html;
    c.created_at = article.published_at.value_or(0) + 60 * t["minutes_after"].value_or(30);
    if (auto reply_to = t["reply_to"].value<int>()) {
      if (*reply_to < 1 || static_cast<std::size_t>(*reply_to) > ids.size())
        return invalid(
            fmt::format("comments.toml: comment {} replies to an unknown comment", ids.size() + 1));
      c.parent_id = ids[static_cast<std::size_t>(*reply_to - 1)];
    }
    auto id = comments::CommentStore::insert(sql, c, "");
    comments::CommentStore::set_status(sql, id, comments::CommentStatus::Approved, c.created_at);
    ids.push_back(id);
  }
  tx.commit();
  return static_cast<int>(ids.size());
}

}  // namespace

Result<DemoReport> load_demo(store::Database& db, publishing::PublishingService& publishing,
                             std::filesystem::path const& demo_dir,
                             std::filesystem::path const& media_dir, DemoServices const* services) {
  DemoReport report;
  {
    soci::session sql(db.pool());
    if (demo_present(sql)) {
      report.already_present = true;
      return report;
    }
  }
  toml::table site;
  try {
    site = toml::parse_file((demo_dir / "site.toml").string());
  } catch (toml::parse_error const& e) {
    return invalid(fmt::format("{}: {}", (demo_dir / "site.toml").string(), e.description()));
  }
  for (auto const* key : {"authors", "categories", "media"})
    if (!site[key].as_array())
      return invalid(fmt::format("site.toml: [[{}]] entries are missing", key));
  std::vector<std::filesystem::path> files;
  // The client-only reports live apart from the articles: the corpus generator
  // (app/corpus.hpp) draws its sentences from demo/articles, which must stay public text.
  for (auto const* folder : {"articles", "reports"}) {
    std::vector<std::filesystem::path> in_folder;
    if (!std::filesystem::is_directory(demo_dir / folder)) continue;
    if (std::string_view(folder) == "reports" && !services) continue;
    for (auto const& entry : std::filesystem::directory_iterator(demo_dir / folder))
      if (entry.path().extension() == ".md") in_folder.push_back(entry.path());
    std::sort(in_folder.begin(), in_folder.end());
    files.insert(files.end(), in_folder.begin(), in_folder.end());
  }
  std::vector<ParsedArticle> articles;
  for (auto const& f : files) {
    auto parsed = parse_article_file(f);
    if (!parsed) return parsed.error();
    articles.push_back(std::move(*parsed));
  }

  // Every reference is checked before anything is written, so a broken demo file is
  // reported without leaving a half-loaded site behind.
  std::map<std::string, reports::ReportInput> report_parts;  // by article slug
  DemoClients demo_clients;
  {
    std::set<std::string> known_authors, known_categories, known_tags, known_media;
    for (auto const& node : *site["authors"].as_array())
      known_authors.insert(node.as_table()->get("slug")->value_or(std::string()));
    for (auto const& node : *site["categories"].as_array())
      known_categories.insert(node.as_table()->get("slug")->value_or(std::string()));
    if (auto const* t = site["tags"].as_table())
      for (auto const& [k, v] : *t) known_tags.insert(std::string(k.str()));
    for (auto const& node : *site["media"].as_array())
      known_media.insert(node.as_table()->get("key")->value_or(std::string()));
    for (auto const& a : articles) {
      auto where = a.file.filename().string();
      auto const& f = a.front;
      if (!publishing::parse_kind(f["kind"].value_or(std::string())))
        return invalid(fmt::format("{}: unknown kind", where));
      if (!f["published"].as_date_time())
        return invalid(fmt::format("{}: 'published' must be a UTC date-time", where));
      if (!known_authors.count(f["author"].value_or(std::string())))
        return invalid(fmt::format("{}: unknown author", where));
      auto hero = f["hero_image"].value_or(std::string());
      if (!hero.empty() && !known_media.count(hero))
        return invalid(fmt::format("{}: unknown image '{}'", where, hero));
      for (auto const& c : string_list(f, "categories"))
        if (!known_categories.count(c))
          return invalid(fmt::format("{}: unknown category '{}'", where, c));
      for (auto const& t : string_list(f, "tags"))
        if (!known_tags.count(t)) return invalid(fmt::format("{}: unknown tag '{}'", where, t));
      if (!publishing::parse_visibility(f["visibility"].value_or(std::string("public"))))
        return invalid(fmt::format("{}: visibility must be public, subscribers or clients", where));
      if (auto const* parts = f["report"].as_table()) {
        auto input = demo_report_input(*parts, where);
        if (!input) return input.error();
        report_parts[f["slug"].value_or(std::string())] = std::move(*input);
      }
    }
    if (services && std::filesystem::exists(demo_dir / "clients.toml")) {
      std::map<std::string, std::string> restricted;  // slug -> title
      for (auto const& a : articles)
        if (a.front["visibility"].value_or(std::string("public")) != "public")
          restricted[a.front["slug"].value_or(std::string())] =
              a.front["title"].value_or(std::string());
      auto parsed =
          parse_demo_clients(demo_dir / "clients.toml", known_categories, known_tags, restricted);
      if (!parsed) return parsed.error();
      demo_clients = std::move(*parsed);
    }
  }

  std::map<std::string, media::Media> images;
  if (auto const* arr = site["media"].as_array()) {
    for (auto const& node : *arr) {
      auto const& m = *node.as_table();
      auto key = m["key"].value_or(std::string());
      auto colors = string_list(m, "colors");
      if (colors.size() != 2) return invalid(fmt::format("media '{}' needs two colours", key));
      auto made =
          media::make_placeholder_image(media_dir, fmt::format("demo/{}.jpg", key),
                                        {m["label"].value_or(std::string()), colors[0], colors[1]});
      if (!made) return made.error();
      made->alt = m["alt"].value_or(std::string());
      made->caption = m["caption"].value_or(std::string());
      made->credit = m["credit"].value_or(std::string());
      images[key] = *made;
    }
  }

  // issue 15: asks publishing and media. The demo writes settings, images, authors,
  // categories and tags in one transaction through their stores; their services have no
  // functions taking a caller's transaction (wanted: SiteAdmin/EditorialService functions for
  // an author and a tag with a given slug, and a media function to add a drawn image).
  std::map<std::string, Id> author_ids, category_ids, tag_ids, media_ids;
  {
    soci::session sql(db.pool());
    store::WriteTransaction tx(sql);
    auto now = now_utc();
    publishing::SiteSettings settings;
    settings.title = site["site"]["title"].value_or(settings.title);
    settings.tagline = site["site"]["tagline"].value_or(settings.tagline);
    settings.about = site["site"]["about"].value_or(settings.about);
    settings.contact_email = site["site"]["contact_email"].value_or(std::string());
    settings.copyright_start_year = site["site"]["copyright_start_year"].value_or(2014);
    publishing::SiteSettingsStore::save(sql, settings);
    for (auto const& [key, m] : images) media_ids[key] = media::MediaStore::insert(sql, m, now);
    report.images = static_cast<int>(images.size());
    if (auto const* arr = site["authors"].as_array()) {
      for (auto const& node : *arr) {
        auto const& a = *node.as_table();
        publishing::Author author{
            0, a["slug"].value_or(std::string()), a["name"].value_or(std::string()),
            a["bio"].value_or(std::string()), a["role"].value_or(std::string("author"))};
        author_ids[author.slug] = publishing::TaxonomyStore::insert_author(
            sql, author, author.slug + "@demo.invalid", now);
        ++report.authors;
      }
    }
    if (auto const* arr = site["categories"].as_array()) {
      // Parents are listed before their children in site.toml.
      for (auto const& node : *arr) {
        auto const& c = *node.as_table();
        publishing::Category cat;
        cat.slug = c["slug"].value_or(std::string());
        cat.name = c["name"].value_or(std::string());
        cat.description = c["description"].value_or(std::string());
        cat.position = c["position"].value_or(0);
        auto parent = c["parent"].value_or(std::string());
        if (!parent.empty()) {
          if (!category_ids.count(parent))
            return invalid(fmt::format("category '{}': unknown parent '{}'", cat.slug, parent));
          cat.parent_id = category_ids[parent];
        }
        category_ids[cat.slug] = publishing::TaxonomyStore::insert_category(sql, cat);
        ++report.categories;
      }
    }
    if (auto const* tags = site["tags"].as_table()) {
      for (auto const& [slug, name] : *tags) {
        tag_ids[std::string(slug.str())] = publishing::TaxonomyStore::insert_tag(
            sql, {0, std::string(slug.str()), name.value_or(std::string(slug.str()))});
        ++report.tags;
      }
    }
    tx.commit();
  }

  std::map<std::string, Id> slug_ids;  // "article:SLUG", "category:SLUG", "tag:SLUG"
  for (auto const& a : articles) {
    auto const& f = a.front;
    auto where = a.file.filename().string();
    publishing::ArticleInput in;
    in.slug = f["slug"].value_or(std::string());
    auto kind = publishing::parse_kind(f["kind"].value_or(std::string()));
    if (!kind) return invalid(fmt::format("{}: unknown kind", where));
    in.kind = *kind;
    in.title = f["title"].value_or(std::string());
    in.dek = f["dek"].value_or(std::string());
    in.body_markdown = a.body;
    in.seo_description = f["seo_description"].value_or(std::string());
    in.status = publishing::ArticleStatus::Published;
    in.visibility = publishing::parse_visibility(f["visibility"].value_or(std::string("public")))
                        .value_or(publishing::Visibility::Public);
    auto author = f["author"].value_or(std::string());
    if (!author_ids.count(author))
      return invalid(fmt::format("{}: unknown author '{}'", where, author));
    in.author_id = author_ids[author];
    if (auto const* dt = f["published"].as_date_time()) {
      auto const& v = dt->get();
      auto text = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", v.date.year, v.date.month,
                              v.date.day, v.time.hour, v.time.minute, v.time.second);
      in.published_at = parse_rfc3339(text);
    }
    if (!in.published_at)
      return invalid(fmt::format("{}: 'published' must be a UTC date-time", where));
    auto hero = f["hero_image"].value_or(std::string());
    if (!hero.empty()) {
      if (!media_ids.count(hero))
        return invalid(fmt::format("{}: unknown image '{}'", where, hero));
      in.hero_media_id = media_ids[hero];
    }
    for (auto const& c : string_list(f, "categories")) {
      if (!category_ids.count(c))
        return invalid(fmt::format("{}: unknown category '{}'", where, c));
      in.category_ids.push_back(category_ids[c]);
    }
    for (auto const& t : string_list(f, "tags")) {
      if (!tag_ids.count(t)) return invalid(fmt::format("{}: unknown tag '{}'", where, t));
      in.tag_ids.push_back(tag_ids[t]);
    }
    auto added = publishing.add_article(in);
    if (!added) return Error{added.error().kind, where + ": " + added.error().message};
    ++report.articles;
    slug_ids["article:" + in.slug] = *added;
    if (auto parts = report_parts.find(in.slug); parts != report_parts.end()) {
      // Actor 0: the demo loader, not a newsroom user.
      auto saved = services->reports.save(*added, parts->second, 0);
      if (!saved) return Error{saved.error().kind, where + ": " + saved.error().message};
      ++report.client_side.reports;
      report.client_side.risks += static_cast<int>(saved->risks.size());
    }
  }
  if (std::filesystem::exists(demo_dir / "comments.toml")) {
    auto loaded = load_demo_comments(db, publishing, demo_dir / "comments.toml");
    if (!loaded) return loaded.error();
    report.comments = *loaded;
  }
  for (auto const& [slug, id] : category_ids) slug_ids["category:" + slug] = id;
  for (auto const& [slug, id] : tag_ids) slug_ids["tag:" + slug] = id;
  if (services) {
    auto loaded = load_demo_clients(*services, demo_clients, slug_ids);
    if (!loaded) return Error{loaded.error().kind, "clients.toml: " + loaded.error().message};
    report.client_side.clients = loaded->clients;
    report.client_side.members = loaded->members;
    report.client_side.grants = loaded->grants;
    report.client_side.requests = loaded->requests;
  }
  soci::session sql(db.pool());
  publishing::set_setting(sql, kDemoMarker, "1");
  return report;
}

}  // namespace dossier::app
