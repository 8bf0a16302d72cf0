#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "media/media.hpp"
#include "publishing/access.hpp"
#include "publishing/article.hpp"
#include "publishing/image_access.hpp"
#include "publishing/site_settings.hpp"
#include "publishing/taxonomy.hpp"
#include "site/fragment_cache.hpp"

namespace soci {
class session;
}
namespace dossier {
class EventBus;
}
namespace dossier::store {
class Database;
}

namespace dossier::publishing {

using Clock = std::function<UnixTime()>;
// Work that must commit or roll back with an article's change (the search index): called
// inside the transaction, after the article's rows are written.
using ArticleWriteHook = std::function<void(soci::session&, Id)>;
// The caller's own work that must commit or roll back with one change (the newsroom's
// revision and its version check): called inside the transaction after the article's rows
// are written; an error rolls the whole change back and is returned.
using WithinWrite = std::function<Result<Unit>(soci::session&, Id)>;

// Everything a reader's article page shows.
struct ArticleView {
  Article article;
  Author author;
  std::vector<Category> categories;  // primary first
  std::vector<Tag> tags;
  std::optional<media::Media> hero;
  // What the reader asking may see of it (publishing/access.hpp): sections other modules own
  // show nothing of a Teaser but what the teaser allows.
  Access access = Access::Full;
  // Who that reader is, on a restricted article's page (anonymous on public pages, which
  // are the same for everyone): the way in offers them what fits.
  Viewer reader;
};

struct HomeView {
  std::optional<ArticleSummary> lead;
  std::vector<ArticleSummary> latest;
  struct Section {
    Category category;
    std::vector<ArticleSummary> articles;
  };
  std::vector<Section> sections;  // one per top-level category with articles
  std::vector<ArticleSummary> most_commented;
};

constexpr int kRelatedCount = 4;
constexpr int kLatestCount = 6;
constexpr int kSectionCount = 3;
constexpr int kMostCommentedCount = 5;
constexpr std::size_t kMaxTitleLength = 300;
constexpr std::size_t kMaxBodyBytes = 2 * 1024 * 1024;

// The rules of articles: validation, slugs, Markdown rendered at save time, and the
// read models the public site needs. Holds no HTTP types.
class PublishingService {
 public:
  // events may be null (tools that change nothing a reader sees live); so may on_write.
  PublishingService(store::Database& db, Clock clock, EventBus const* events = nullptr,
                    ArticleWriteHook on_write = {});

  // Adds an article; an empty slug is derived from the title and made unique.
  Result<Id> add_article(ArticleInput input, WithinWrite const& within = {});
  // Changes an article; a changed slug keeps the old one redirecting. With `only_if`, only an
  // article in that status is changed, checked inside the write: a scheduled article that
  // another server published meanwhile is refused (Conflict) and nothing changes.
  Result<Unit> edit_article(Id id, ArticleInput input, WithinWrite const& within = {},
                            std::optional<ArticleStatus> only_if = std::nullopt);
  // Removes an article for good: its row, and through the schema's ON DELETE CASCADE its
  // revisions, links, comments, search document and analysis. Publishes ArticleChanged with
  // no `after`, so caches drop its pages; NotFound when there is no such article.
  Result<Unit> delete_article(Id id);

  // A published, public article (or page) by slug.
  std::optional<ArticleView> read_article(std::string const& slug);
  // A published article of any visibility by slug: only for a page that then asks the access
  // rule (publishing/access.hpp) what its reader may see of it.
  std::optional<ArticleView> read_published(std::string const& slug);
  // Who may see a media file (publishing/image_access.hpp).
  ImageAccess image_access(std::string const& file);
  // The newest public articles sharing a category or tag with the article (pages have none):
  // the article page's related box when insight has not scored the article yet.
  std::vector<ArticleSummary> newest_related(ArticleView const& view, int limit);
  // An article in any state by id, for a newsroom preview.
  std::optional<ArticleView> read_any(Id id);
  // The current slug of a renamed article.
  std::optional<std::string> renamed(std::string const& old_slug);

  // The current slug of a renamed category or tag.
  std::optional<std::string> renamed_category(std::string const& old_slug);
  std::optional<std::string> renamed_tag(std::string const& old_slug);

  HomeView home();
  Page<ArticleSummary> browse(ListQuery query, int page_number, int per_page);

  // Top-level categories by position, each followed by its children (two levels).
  // Read on every page, so kept in memory until forget_site() (settings or categories
  // changed).
  std::vector<Category> categories();
  std::optional<Category> category(std::string const& slug);
  std::optional<Tag> tag(std::string const& slug);
  std::optional<Author> author(std::string const& slug);
  SiteSettings settings();
  void forget_site();
  // Where this service publishes its events (null for tools): EditorialService publishes the
  // events of the work it adds to a change (an image's texts) on the same bus.
  EventBus const* events() const { return events_; }
  // How many writes the database has committed (store::Database::commits()): what the
  // site's in-memory fragments are checked against.
  std::atomic<std::uint64_t> const& changes() const;

 private:
  ArticleView view_of(soci::session& sql, Article article);
  HomeView read_home();
  Page<ArticleSummary> read_page(ListQuery query, int page_number, int per_page);
  Result<Unit> validate(ArticleInput const& input) const;
  store::Database& db_;
  Clock clock_;
  EventBus const* events_;
  ArticleWriteHook on_write_;
  std::mutex site_mutex_;
  std::optional<SiteSettings> site_settings_;
  std::optional<std::vector<Category>> site_categories_;
  // The public lists and the archives' subjects, kept in memory until the next write to the
  // database (site/fragment_cache.hpp): they change with articles, not with requests.
  site::FragmentCache<int, HomeView> home_;
  site::FragmentCache<std::string, Page<ArticleSummary>> pages_;
  site::FragmentCache<std::string, Category> categories_by_slug_;
  site::FragmentCache<std::string, Tag> tags_by_slug_;
  site::FragmentCache<std::string, Author> authors_by_slug_;
};

}  // namespace dossier::publishing
