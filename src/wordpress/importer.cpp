#include "wordpress/importer.hpp"

#include <algorithm>
#include <regex>
#include <set>
#include <unordered_map>

#include <fmt/format.h>
#include <soci/soci.h>

#include "auth/authors.hpp"
#include "comments/comment_service.hpp"
#include "core/slug.hpp"
#include "core/strings.hpp"
#include "media/media_library.hpp"
#include "publishing/editorial_service.hpp"
#include "publishing/site_admin.hpp"
#include "publishing/urls.hpp"
#include "store/database.hpp"
#include "wordpress/html_to_markdown.hpp"
#include "wordpress/import_store.hpp"
#include "wordpress/wxr_reader.hpp"

namespace dossier::wordpress {

namespace {

// A slug taken by something else gets "-2", "-3" ...; past this many the item fails.
constexpr int kMaxSlugSuffix = 1000;
// WordPress's uploads folder in every attachment and image URL.
constexpr std::string_view kUploads = "/wp-content/uploads/";

// What the first pass found: counted for the progress line.
struct ImportPlan {
  int authors = 0, categories = 0, tags = 0, posts = 0, pages = 0, attachments = 0, comments = 0;
};

// What the first pass keeps of each item: little, so a large export is not held in memory.
struct Attachment {
  WpId id = 0;
  std::string attached_file;  // under uploads/
  std::string url;
  std::string alt;
  UnixTime date = 0;
};

struct Checked {
  ImportPlan plan;
  WxrSite site;
  std::vector<WxrAuthor> authors;
  std::vector<WxrTerm> categories;
  std::vector<WxrTerm> tags;
  std::vector<Attachment> attachments;
  // The old permalink's path (and "p=ID") of each post and page, to the path it will have.
  std::unordered_map<std::string, std::string> new_paths;
};

// Cuts text to at most `limit` bytes without splitting a UTF-8 character.
std::string cut(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return std::string(text);
  auto end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end));
}

// The path of an absolute URL ("https://old.example/2019/03/x/" -> "/2019/03/x/"), with its
// query when it has one; empty when the URL has none.
std::string path_of(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return url.starts_with('/') ? std::string(url) : "";
  auto slash = url.find('/', scheme + 3);
  if (slash == std::string_view::npos) return "/";
  auto path = url.substr(slash);
  if (auto hash = path.find('#'); hash != std::string_view::npos) path = path.substr(0, hash);
  return std::string(path);
}

// The key an old address is looked up by while converting links: its path without the
// trailing slash, lower case.
std::string link_key(std::string_view url) {
  auto path = to_lower(path_of(url));
  while (path.size() > 1 && path.ends_with('/')) path.pop_back();
  return path;
}

std::string text_of_html(std::string_view html) {
  std::string out;
  bool in_tag = false;
  for (char c : html) {
    if (c == '<')
      in_tag = true;
    else if (c == '>')
      in_tag = false;
    else if (!in_tag)
      out += c;
  }
  // The few entities WordPress writes in excerpts.
  static const std::pair<std::string_view, std::string_view> kEntities[] = {
      {"&amp;", "&"},        {"&lt;", "<"},         {"&gt;", ">"},
      {"&quot;", "\""},      {"&#039;", "'"},       {"&#8217;", "\u2019"},
      {"&#8220;", "\u201c"}, {"&#8221;", "\u201d"}, {"&nbsp;", " "}};
  for (auto const& [entity, text] : kEntities)
    for (auto at = out.find(entity); at != std::string::npos; at = out.find(entity, at))
      out.replace(at, entity.size(), text), at += text.size();
  std::string collapsed;
  bool space = false;
  for (char c : out) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !collapsed.empty();
      continue;
    }
    if (space) collapsed += ' ';
    space = false;
    collapsed += c;
  }
  return collapsed;
}

// An uploads path without WordPress's size suffix ("2019/03/a-300x200.jpg" -> "2019/03/a.jpg"),
// so a resized copy in the content finds the original's import.
std::string without_size_suffix(std::string const& path) {
  static const std::regex kSized(R"(-\d+x\d+(\.[A-Za-z0-9]+)$)");
  return std::regex_replace(path, kSized, "$1");
}

std::optional<std::string> uploads_path(std::string_view url) {
  auto at = url.find(kUploads);
  if (at == std::string_view::npos) return std::nullopt;
  auto rest = url.substr(at + kUploads.size());
  if (auto q = rest.find_first_of("?#"); q != std::string_view::npos) rest = rest.substr(0, q);
  return without_size_suffix(std::string(rest));
}

bool is_comment(WxrComment const& c) {
  return c.type.empty() || c.type == "comment";
}

// The slug an item will have: WordPress's own when Dossier takes it, else one made from it or
// from the title ("" lets the service derive it).
std::string planned_slug(WxrItem const& item) {
  auto slug = to_lower(item.slug);
  if (auto decoded = percent_decode(slug)) slug = *decoded;
  if (is_valid_slug(slug)) return slug;
  auto made = make_slug(slug.empty() ? item.title : slug);
  return made;
}

Result<Checked> first_pass(std::string const& file,
                           std::function<void(ImportProgress const&)> const& progress) {
  Checked c;
  std::set<std::string> logins;
  std::set<std::string> creators;  // of WXR 1.0 files, which list no authors
  std::set<std::string> category_slugs, tag_slugs;
  WxrVisitor visit;
  visit.site = [&](WxrSite const& site) { c.site = site; };
  visit.author = [&](WxrAuthor&& a) {
    logins.insert(a.login);
    c.authors.push_back(std::move(a));
  };
  visit.category = [&](WxrTerm&& t) {
    category_slugs.insert(t.slug);
    c.categories.push_back(std::move(t));
  };
  visit.tag = [&](WxrTerm&& t) {
    tag_slugs.insert(t.slug);
    c.tags.push_back(std::move(t));
  };
  visit.item = [&](WxrItem&& item) -> Result<Unit> {
    if (item.post_type == "attachment") {
      c.plan.attachments++;
      c.attachments.push_back(
          {item.id, item.attached_file, item.attachment_url, item.image_alt, item.date_gmt});
      return Unit{};
    }
    if (item.post_type != "post" && item.post_type != "page") return Unit{};
    if (item.status == WxrStatus::Trash) return Unit{};
    if (!c.authors.empty() && !item.creator.empty() && !logins.contains(item.creator))
      return invalid(fmt::format("post {} (\"{}\") names the author \"{}\", who is not in the file",
                                 item.id, item.title, item.creator));
    if (c.authors.empty() && !item.creator.empty()) creators.insert(item.creator);
    (item.post_type == "post" ? c.plan.posts : c.plan.pages)++;
    for (auto const& comment : item.comments)
      if (is_comment(comment) && comment.state != WxrCommentState::Trash) c.plan.comments++;
    auto slug = planned_slug(item);
    auto target =
        item.post_type == "page" ? publishing::page_url(slug) : publishing::article_url(slug);
    if (!slug.empty()) {
      if (!item.link.empty()) c.new_paths[link_key(item.link)] = target;
      c.new_paths[fmt::format("/?p={}", item.id)] = target;
      if (item.post_type == "page") c.new_paths[fmt::format("/?page_id={}", item.id)] = target;
    }
    return Unit{};
  };
  visit.progress = [&](std::uint64_t done, std::uint64_t total) {
    if (progress)
      progress({done, total, 1, c.plan.posts, c.plan.pages, c.plan.attachments, c.plan.comments});
  };
  if (auto read = read_wxr(file, visit); !read) return read.error();
  for (auto const& login : creators) c.authors.push_back({0, login, "", login, "", ""});
  // Every category's parent chain must end at the top; a chain that loops is malformed.
  std::unordered_map<std::string, std::string> parent;
  for (auto const& t : c.categories) parent[t.slug] = t.parent_slug;
  for (auto const& t : c.categories) {
    auto at = t.slug;
    for (int depth = 0; !parent[at].empty() && parent.contains(parent[at]); ++depth) {
      if (depth > kMaxCategoryDepth)
        return invalid(fmt::format("the parents of category \"{}\" go round in a loop", t.slug));
      at = parent[at];
    }
  }
  c.plan.authors = static_cast<int>(c.authors.size());
  c.plan.categories = static_cast<int>(c.categories.size());
  c.plan.tags = static_cast<int>(c.tags.size());
  return c;
}

// The writing pass: one importer per run, holding what it has mapped so far.
class Importer {
 public:
  Importer(ImportServices const& s, ImportOptions const& o, Checked& checked)
      : s_(s), o_(o), c_(checked) {
    summary_.dry_run = o.dry_run;
  }

  Result<ImportSummary> run() {
    import_authors();
    import_categories();
    import_tags();
    import_media();
    if (s_.remember_urls) remember(site_urls());
    WxrVisitor visit;
    visit.item = [&](WxrItem&& item) -> Result<Unit> {
      import_item(item);
      return Unit{};
    };
    visit.progress = [&](std::uint64_t done, std::uint64_t total) {
      bytes_done_ = done;
      bytes_total_ = total;
      report();
    };
    // The file was checked in full by the first pass; a second read failing means it changed
    // meanwhile, which is an error even though part of it was written (a re-run finishes it).
    if (auto read = read_wxr(o_.file, visit); !read) return read.error();
    return summary_;
  }

 private:
  UnixTime now() const { return s_.clock(); }

  std::optional<long long> known(WpKind kind, WpId wp_id) {
    soci::session sql(s_.db.pool());
    return ImportStore::find(sql, kind, wp_id);
  }

  // A write's hook that remembers the WordPress id in the write's own transaction.
  auto remembering(WpKind kind, WpId wp_id) {
    return [this, kind, wp_id](soci::session& sql, long long id) -> Result<Unit> {
      ImportStore::remember(sql, kind, wp_id, id, now());
      return Unit{};
    };
  }

  void fail(Tally& tally, std::string what, Error const& e) {
    tally.failed++;
    summary_.problems.push_back(fmt::format("{}: {}", what, e.message));
  }

  // The old addresses of what this run found or made. Those of things an earlier run made are
  // given again (remember() replaces them with the same), so a run interrupted between an
  // item and its addresses is finished by the next.
  void remember(std::vector<LegacyUrl> const& urls) {
    if (urls.empty() || !s_.remember_urls || o_.dry_run) return;
    if (auto done = s_.remember_urls(urls); !done)
      summary_.problems.push_back("old addresses: " + done.error().message);
  }

  void report() {
    if (!o_.progress) return;
    o_.progress({bytes_done_, bytes_total_, 2, summary_.posts.imported + summary_.posts.unchanged,
                 summary_.pages.imported + summary_.pages.unchanged,
                 summary_.media.imported + summary_.media.unchanged,
                 summary_.comments.imported + summary_.comments.unchanged});
  }

  std::vector<LegacyUrl> site_urls() {
    return {{"/feed/", LegacyTarget::SiteFeed, 0}, {"feed=rss2", LegacyTarget::SiteFeed, 0}};
  }

  // --- authors ---------------------------------------------------------------------------
  void import_authors() {
    std::vector<LegacyUrl> urls;
    WpId synthetic = 0;
    for (auto const& a : c_.authors) {
      // WXR 1.0 gives authors no id: they are remembered by a negative id of their own, in
      // the order of the file, which is stable for the same file.
      WpId wp_id = a.id > 0 ? a.id : --synthetic;
      auto id = import_author(a, wp_id);
      if (id) {
        user_by_login_[a.login] = *id;
        auto slug = to_lower(a.login);
        urls.push_back({"/author/" + slug + "/", LegacyTarget::Author, *id});
        urls.push_back({"/author/" + slug + "/feed/", LegacyTarget::AuthorFeed, *id});
      }
    }
    remember(urls);
  }

  std::optional<long long> import_author(WxrAuthor const& a, WpId wp_id) {
    auto& tally = summary_.authors;
    if (auto id = known(WpKind::Author, wp_id)) return tally.unchanged++, *id;
    if (o_.dry_run) return tally.imported++, 0;
    soci::session sql(s_.db.pool());
    store::WriteTransaction tx(sql);
    // An author who already has an account (the same address, without case) is that user.
    auto id = auth::user_id_by_email(sql, a.email);
    if (!id) {
      auth::Byline b;
      auto name = std::string(trim(a.display_name));
      if (name.empty()) name = std::string(trim(a.first_name + " " + a.last_name));
      if (name.empty()) name = a.login;
      b.name = cut(name, publishing::kMaxTaxonomyName);
      b.email = a.email;
      b.role = "author";
      auto base = make_slug(a.login.empty() ? name : a.login);
      if (base.empty()) base = "author";
      b.slug = base;
      for (int n = 2; auth::user_slug_taken(sql, b.slug) && n < kMaxSlugSuffix; ++n)
        b.slug = fmt::format("{}-{}", base, n);
      id = auth::add_byline(sql, b, now());
    }
    ImportStore::remember(sql, WpKind::Author, wp_id, *id, now());
    tx.commit();
    tally.imported++;
    return id;
  }

  // --- categories and tags -----------------------------------------------------------------
  void import_categories() {
    std::unordered_map<std::string, WxrTerm const*> by_slug;
    for (auto const& t : c_.categories) by_slug[t.slug] = &t;
    auto chain = [&](WxrTerm const& t) {
      std::vector<std::string> slugs{t.slug};
      for (auto at = by_slug.find(t.parent_slug);
           at != by_slug.end() && slugs.size() <= kMaxCategoryDepth;
           at = by_slug.find(at->second->parent_slug))
        slugs.insert(slugs.begin(), at->second->slug);
      return slugs;  // top first
    };
    // Top-level categories first, so every child finds its parent imported.
    std::vector<std::pair<std::vector<std::string>, WxrTerm const*>> ordered;
    for (auto const& t : c_.categories) ordered.push_back({chain(t), &t});
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](auto const& a, auto const& b) { return a.first.size() < b.first.size(); });
    std::vector<LegacyUrl> urls;
    for (auto const& [slugs, term] : ordered) {
      if (slugs.size() > 2) summary_.flattened_categories++;
      std::optional<publishing::Id> parent;
      if (slugs.size() > 1) {
        auto top = category_ids_.find(slugs.front());
        if (top != category_ids_.end()) parent = top->second;
      }
      auto id = import_term(*term, WpKind::Category, parent);
      if (!id) continue;
      category_ids_[term->slug] = *id;
      std::string path = "/category";
      for (auto const& s : slugs) path += "/" + s;
      urls.push_back({path + "/", LegacyTarget::Category, *id});
      urls.push_back({path + "/feed/", LegacyTarget::CategoryFeed, *id});
      if (term->id > 0)
        urls.push_back({fmt::format("cat={}", term->id), LegacyTarget::Category, *id});
    }
    remember(urls);
  }

  void import_tags() {
    std::vector<LegacyUrl> urls;
    for (auto const& t : c_.tags) {
      auto id = import_term(t, WpKind::Tag, std::nullopt);
      if (!id) continue;
      tag_ids_[t.slug] = *id;
      urls.push_back({"/tag/" + t.slug + "/", LegacyTarget::Tag, *id});
      urls.push_back({"/tag/" + t.slug + "/feed/", LegacyTarget::TagFeed, *id});
    }
    remember(urls);
  }

  // A category or tag: remembered, or one with the same slug already in Dossier (the
  // newsroom made it, or an interrupted run did), or a new one.
  std::optional<publishing::Id> import_term(WxrTerm const& t, WpKind kind,
                                            std::optional<publishing::Id> parent) {
    auto& tally = kind == WpKind::Category ? summary_.categories : summary_.tags;
    // Terms without an id (rare) are remembered by slug alone.
    if (t.id > 0)
      if (auto id = known(kind, t.id)) return tally.unchanged++, *id;
    auto slug = to_lower(t.slug);
    if (auto decoded = percent_decode(slug)) slug = *decoded;
    if (!is_valid_slug(slug)) slug = make_slug(t.name);
    std::optional<publishing::Id> existing;
    if (kind == WpKind::Category) {
      if (auto found = s_.publishing.category(slug)) existing = found->id;
    } else if (auto found = s_.publishing.tag(slug)) {
      existing = found->id;
    }
    if (existing) {
      tally.unchanged++;
      if (!o_.dry_run && t.id > 0) {
        soci::session sql(s_.db.pool());
        store::WriteTransaction tx(sql);
        ImportStore::remember(sql, kind, t.id, *existing, now());
        tx.commit();
      }
      return existing;
    }
    if (o_.dry_run) return tally.imported++, 0;
    auto name = cut(trim(t.name).empty() ? t.slug : std::string(trim(t.name)),
                    publishing::kMaxTaxonomyName);
    auto within = [&](soci::session& sql, publishing::Id id) -> Result<Unit> {
      if (t.id > 0) ImportStore::remember(sql, kind, t.id, id, now());
      return Unit{};
    };
    Result<publishing::Id> id = Error{ErrorKind::Internal, ""};
    if (kind == WpKind::Category) {
      publishing::Category c;
      c.slug = slug;
      c.name = name;
      c.description = text_of_html(t.description);
      c.parent_id = parent;
      id = s_.site_admin.add_category(c, within);
    } else {
      id = s_.site_admin.add_tag(publishing::Tag{0, slug, name}, within);
    }
    if (!id)
      return fail(tally, fmt::format("{} \"{}\"", to_string(kind), t.slug), id.error()),
             std::nullopt;
    tally.imported++;
    return *id;
  }

  // --- media -----------------------------------------------------------------------------
  void import_media() {
    for (auto const& a : c_.attachments) {
      auto& tally = summary_.media;
      if (auto id = known(WpKind::Media, a.id)) {
        tally.unchanged++;
        map_media(a, *id);
        continue;
      }
      if (!o_.media_dir || a.attached_file.empty()) {
        tally.skipped++;
        continue;
      }
      auto path = *o_.media_dir / a.attached_file;
      std::error_code ec;
      if (!std::filesystem::is_regular_file(path, ec)) {
        tally.failed++;
        summary_.missing_media.push_back(a.attached_file);
        continue;
      }
      if (o_.dry_run) {
        tally.imported++;
        continue;
      }
      auto id = s_.media.add_file(path, o_.library_dir, a.alt, a.date > 0 ? a.date : now(),
                                  remembering(WpKind::Media, a.id));
      if (!id) {
        fail(tally, fmt::format("attachment {} ({})", a.id, a.attached_file), id.error());
        continue;
      }
      tally.imported++;
      map_media(a, *id);
      report();
    }
  }

  void map_media(Attachment const& a, long long id) {
    media_ids_[a.id] = id;
    auto found = s_.media.find(id);
    if (!found) return;
    auto url = "/media/" + found->file;
    if (auto key = uploads_path(a.url)) media_urls_[*key] = url;
    if (!a.attached_file.empty()) media_urls_[without_size_suffix(a.attached_file)] = url;
  }

  // --- posts, pages and their comments -----------------------------------------------------
  void import_item(WxrItem const& item) {
    bool page = item.post_type == "page";
    if (item.post_type == "attachment") return;
    if (!page && item.post_type != "post") {
      summary_.other_post_types[item.post_type]++;
      return;
    }
    auto& tally = page ? summary_.pages : summary_.posts;
    if (item.status == WxrStatus::Trash || item.status == WxrStatus::Other) {
      tally.skipped++;
      if (item.status == WxrStatus::Trash) summary_.trashed_posts++;
      return;
    }
    if (item.sticky) summary_.sticky++;
    auto article = known(WpKind::Article, item.id);
    if (article) {
      tally.unchanged++;
    } else if (o_.dry_run) {
      tally.imported++;
    } else {
      article = add_article(item, tally);
      if (!article) return;
      tally.imported++;
    }
    if (article) {
      std::vector<LegacyUrl> urls{{fmt::format("p={}", item.id), LegacyTarget::Article, *article}};
      if (page)
        urls.push_back({fmt::format("page_id={}", item.id), LegacyTarget::Article, *article});
      if (auto path = path_of(item.link); !path.empty() && path != "/")
        urls.push_back({path, LegacyTarget::Article, *article});
      remember(urls);
    }
    import_comments(item, article.value_or(0));
    report();
  }

  std::optional<long long> add_article(WxrItem const& item, Tally& tally) {
    publishing::ArticleInput in;
    in.kind =
        item.post_type == "page" ? publishing::ArticleKind::Page : publishing::ArticleKind::News;
    in.title = cut(trim(item.title).empty() ? "Untitled" : std::string(trim(item.title)),
                   publishing::kMaxTitleLength);
    in.dek = text_of_html(item.excerpt_html);
    MarkdownOptions md;
    md.image_url = [&](std::string_view url) -> std::string {
      if (auto key = uploads_path(url))
        if (auto at = media_urls_.find(*key); at != media_urls_.end()) return at->second;
      return "";
    };
    md.link_url = [&](std::string_view url) -> std::string {
      if (!is_old_site(url)) return "";
      if (auto key = uploads_path(url))
        if (auto at = media_urls_.find(*key); at != media_urls_.end()) return at->second;
      auto at = c_.new_paths.find(link_key(url));
      return at == c_.new_paths.end() ? "" : at->second;
    };
    in.body_markdown = html_to_markdown(item.content_html, md);
    in.seo_title = item.seo_title;
    in.seo_description = item.seo_description;
    auto author = user_by_login_.find(item.creator);
    if (author == user_by_login_.end() && !user_by_login_.empty())
      author = user_by_login_.begin();  // only when the file names no author for the post
    if (author == user_by_login_.end()) {
      fail(tally, fmt::format("post {}", item.id), invalid("no author to attribute it to"));
      return std::nullopt;
    }
    in.author_id = author->second;
    if (item.thumbnail_id)
      if (auto at = media_ids_.find(*item.thumbnail_id); at != media_ids_.end())
        in.hero_media_id = at->second;
    for (auto const& slug : item.category_slugs)
      if (auto at = category_ids_.find(slug); at != category_ids_.end())
        in.category_ids.push_back(at->second);
    for (auto const& slug : item.tag_slugs)
      if (auto at = tag_ids_.find(slug); at != tag_ids_.end()) in.tag_ids.push_back(at->second);
    in.published_at = item.date_gmt > 0 ? item.date_gmt : now();
    auto state = publishing::EditorialState::Draft;
    switch (item.status) {
      case WxrStatus::Publish: state = publishing::EditorialState::Published; break;
      case WxrStatus::Private:
        // Private posts were for signed-in staff; here they are for client readers only.
        state = publishing::EditorialState::Published;
        in.visibility = publishing::Visibility::Clients;
        break;
      case WxrStatus::Future: state = publishing::EditorialState::Scheduled; break;
      case WxrStatus::Pending: state = publishing::EditorialState::InReview; break;
      default: state = publishing::EditorialState::Draft; break;
    }
    auto base = planned_slug(item);
    in.slug = base;
    for (int n = 2; n < kMaxSlugSuffix; ++n) {
      auto id =
          s_.editorial.import(in, state, author->second, remembering(WpKind::Article, item.id));
      if (id) return *id;
      // A slug taken by another article: WordPress's own slugs are unique per type, Dossier's
      // across articles and pages, so the next free one is taken.
      if (id.error().kind == ErrorKind::Conflict && !base.empty()) {
        in.slug = fmt::format("{}-{}", base, n);
        continue;
      }
      fail(tally, fmt::format("{} {} (\"{}\")", item.post_type, item.id, item.title), id.error());
      return std::nullopt;
    }
    fail(tally, fmt::format("post {}", item.id), invalid("no free slug"));
    return std::nullopt;
  }

  // Whether a link points into the old site: its host is the export's, or it is a path.
  bool is_old_site(std::string_view url) const {
    auto host_of = [](std::string_view u) {
      auto scheme = u.find("://");
      if (scheme == std::string_view::npos) return std::string_view();
      u = u.substr(scheme + 3);
      return u.substr(0, u.find('/'));
    };
    if (url.starts_with('/')) return !url.starts_with("//");
    auto host = host_of(url);
    for (auto const* base : {&c_.site.link, &c_.site.base_site_url})
      if (!host.empty() && host_of(*base) == host) return true;
    return false;
  }

  void import_comments(WxrItem const& item, long long article_id) {
    auto comments = item.comments;
    // Parents before their replies: WordPress numbers comments in the order they came.
    std::sort(comments.begin(), comments.end(),
              [](auto const& a, auto const& b) { return a.id < b.id; });
    auto& tally = summary_.comments;
    for (auto const& wc : comments) {
      if (!is_comment(wc)) {
        summary_.pingbacks++;
        tally.skipped++;
        continue;
      }
      if (wc.state == WxrCommentState::Trash) {
        summary_.trashed_comments++;
        tally.skipped++;
        continue;
      }
      if (known(WpKind::Comment, wc.id)) {
        tally.unchanged++;
        continue;
      }
      if (o_.dry_run || article_id == 0) {
        tally.imported++;
        continue;
      }
      comments::Comment c;
      c.article_id = article_id;
      if (wc.parent_id > 0)
        if (auto parent = known(WpKind::Comment, wc.parent_id)) c.parent_id = *parent;
      c.author_name = cut(trim(wc.author).empty() ? "Anonymous" : std::string(trim(wc.author)),
                          comments::kMaxNameLength);
      c.author_email = wc.author_email;
      if (wc.author_url.size() <= comments::kMaxUrlLength &&
          (wc.author_url.starts_with("http://") || wc.author_url.starts_with("https://")))
        c.author_url = wc.author_url;
      c.body_markdown = html_to_markdown(wc.content);
      c.created_at = wc.date_gmt > 0 ? wc.date_gmt : now();
      switch (wc.state) {
        case WxrCommentState::Approved: c.status = comments::CommentStatus::Approved; break;
        case WxrCommentState::Spam: c.status = comments::CommentStatus::Spam; break;
        default: c.status = comments::CommentStatus::Pending; break;
      }
      auto id = s_.comments.import_comment(c, remembering(WpKind::Comment, wc.id));
      if (!id) {
        fail(tally, fmt::format("comment {} on post {}", wc.id, item.id), id.error());
        continue;
      }
      tally.imported++;
    }
  }

  ImportServices const& s_;
  ImportOptions const& o_;
  Checked& c_;
  ImportSummary summary_;
  std::uint64_t bytes_done_ = 0, bytes_total_ = 0;
  std::unordered_map<std::string, long long> user_by_login_;
  std::unordered_map<std::string, publishing::Id> category_ids_;
  std::unordered_map<std::string, publishing::Id> tag_ids_;
  std::unordered_map<WpId, long long> media_ids_;
  std::unordered_map<std::string, std::string> media_urls_;  // uploads path -> /media/...
};

}  // namespace

Result<ImportSummary> import_wordpress(ImportServices const& services,
                                       ImportOptions const& options) {
  auto checked = first_pass(options.file, options.progress);
  if (!checked) return checked.error();
  Importer importer(services, options, *checked);
  return importer.run();
}

}  // namespace dossier::wordpress
