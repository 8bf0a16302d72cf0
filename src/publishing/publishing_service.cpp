#include "publishing/publishing_service.hpp"

#include <fmt/format.h>
#include <soci/soci.h>

#include "core/event_bus.hpp"
#include "core/slug.hpp"
#include "core/strings.hpp"
#include "media/media_library.hpp"
#include "publishing/article_store.hpp"
#include "publishing/events.hpp"
#include "publishing/taxonomy_store.hpp"
#include "render/markdown.hpp"
#include "store/database.hpp"

namespace dossier::publishing {

namespace {

constexpr int kMaxSlugSuffix = 1000;

// User-facing messages of this module, in one place (STYLE.md, Errors).
namespace msg {
constexpr char const* kTitleRequired = "An article needs a title.";
constexpr char const* kTitleTooLong = "The title is longer than {} characters.";
constexpr char const* kBodyTooLarge = "The body is larger than {} bytes.";
constexpr char const* kBadSlug =
    "The slug '{}' may hold only lower-case letters, digits and single hyphens.";
constexpr char const* kSlugTaken = "The slug '{}' is already used by another article.";
constexpr char const* kNotUtf8 = "The text is not valid UTF-8.";
constexpr char const* kNoAuthor = "The article needs an author.";
constexpr char const* kNoArticleWithId = "There is no article {}.";
constexpr char const* kStatusChanged = "Article {} changed status meanwhile.";
constexpr char const* kPublishedNeedsTime = "A published or scheduled article needs a time.";
}  // namespace msg

// The first `size` characters of a slug, without the hyphen the cut may leave at the end
// ("a-b" cut to 2 is "a", not "a-", which would give "a--2" with a suffix).
std::string slug_prefix(std::string const& slug, std::size_t size) {
  auto out = slug.substr(0, size);
  while (out.ends_with('-')) out.pop_back();
  return out;
}

std::string unique_slug(soci::session& sql, std::string base, Id except_id, UnixTime now) {
  if (!ArticleStore::slug_taken(sql, base, except_id)) return base;
  for (int n = 2; n < kMaxSlugSuffix; ++n) {
    auto candidate = fmt::format("{}-{}", slug_prefix(base, kMaxSlugLength - 5), n);
    if (!ArticleStore::slug_taken(sql, candidate, except_id)) return candidate;
  }
  return fmt::format("{}-{}", slug_prefix(base, kMaxSlugLength - 12), now);
}

ArticlePlacement placement_of(ArticleInput const& in) {
  return {in.status == ArticleStatus::Published && in.visibility == Visibility::Public, in.kind,
          in.author_id, in.category_ids, in.tag_ids};
}

ArticlePlacement placement_of(soci::session& sql, Article const& a) {
  ArticlePlacement p{a.status == ArticleStatus::Published && a.visibility == Visibility::Public,
                     a.kind,
                     a.author_id,
                     {},
                     {}};
  for (auto const& c : ArticleStore::categories_of(sql, a.id)) p.category_ids.push_back(c.id);
  for (auto const& t : ArticleStore::tags_of(sql, a.id)) p.tag_ids.push_back(t.id);
  return p;
}

}  // namespace

PublishingService::PublishingService(store::Database& db, Clock clock, EventBus const* events,
                                     ArticleWriteHook on_write)
    : db_(db),
      clock_(std::move(clock)),
      events_(events),
      on_write_(std::move(on_write)),
      home_(db.commits()),
      pages_(db.commits()),
      categories_by_slug_(db.commits()),
      tags_by_slug_(db.commits()),
      authors_by_slug_(db.commits()) {}

Result<Unit> PublishingService::validate(ArticleInput const& in) const {
  if (trim(in.title).empty()) return invalid(msg::kTitleRequired);
  if (in.title.size() > kMaxTitleLength)
    return invalid(fmt::format(msg::kTitleTooLong, kMaxTitleLength));
  if (in.body_markdown.size() > kMaxBodyBytes)
    return Error{ErrorKind::TooLarge, fmt::format(msg::kBodyTooLarge, kMaxBodyBytes)};
  for (auto const* text :
       {&in.title, &in.dek, &in.body_markdown, &in.seo_title, &in.seo_description})
    if (!is_valid_utf8(*text)) return invalid(msg::kNotUtf8);
  if (!in.slug.empty() && !is_valid_slug(in.slug))
    return invalid(fmt::format(msg::kBadSlug, in.slug));
  if (in.author_id <= 0) return invalid(msg::kNoAuthor);
  if (in.status != ArticleStatus::Draft && !in.published_at)
    return invalid(msg::kPublishedNeedsTime);
  return Unit{};
}

Result<Id> PublishingService::add_article(ArticleInput in, WithinWrite const& within) {
  if (auto ok = validate(in); !ok) return ok.error();
  auto rendered = render::render_markdown(in.body_markdown);
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  if (in.slug.empty()) {
    in.slug = unique_slug(sql, make_slug(in.title), 0, clock_());
  } else if (ArticleStore::slug_taken(sql, in.slug, 0)) {
    return Error{ErrorKind::Conflict, fmt::format(msg::kSlugTaken, in.slug)};
  }
  auto id = ArticleStore::insert(sql, in, rendered.html, rendered.word_count, clock_());
  ArticleStore::set_links(sql, id, in.category_ids, in.tag_ids, in.published_at);
  auto after = placement_of(in);
  ArticleStore::adjust_counts(sql, after, +1);
  if (on_write_) on_write_(sql, id);
  if (within)
    if (auto done = within(sql, id); !done) return done.error();
  tx.commit();
  if (events_) events_->publish(ArticleChanged{id, std::nullopt, std::move(after)});
  return id;
}

Result<Unit> PublishingService::edit_article(Id id, ArticleInput in, WithinWrite const& within,
                                             std::optional<ArticleStatus> only_if) {
  if (auto ok = validate(in); !ok) return ok.error();
  auto rendered = render::render_markdown(in.body_markdown);
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  auto current = ArticleStore::find_by_id(sql, id);
  if (!current) return not_found(fmt::format(msg::kNoArticleWithId, id));
  if (only_if && current->status != *only_if)
    return Error{ErrorKind::Conflict, fmt::format(msg::kStatusChanged, id)};
  if (in.slug.empty()) in.slug = current->slug;
  auto before = placement_of(sql, *current);
  if (in.slug != current->slug) {
    if (ArticleStore::slug_taken(sql, in.slug, id))
      return Error{ErrorKind::Conflict, fmt::format(msg::kSlugTaken, in.slug)};
    ArticleStore::remember_old_slug(sql, id, current->slug);
  }
  ArticleStore::update(sql, id, in, rendered.html, rendered.word_count, clock_());
  ArticleStore::set_links(sql, id, in.category_ids, in.tag_ids, in.published_at);
  auto after = placement_of(in);
  ArticleStore::adjust_counts(sql, before, -1);
  ArticleStore::adjust_counts(sql, after, +1);
  if (on_write_) on_write_(sql, id);
  if (within)
    if (auto done = within(sql, id); !done) return done.error();
  tx.commit();
  if (events_) events_->publish(ArticleChanged{id, std::move(before), std::move(after)});
  return Unit{};
}

Result<Unit> PublishingService::delete_article(Id id) {
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  auto current = ArticleStore::find_by_id(sql, id);
  if (!current) return not_found(fmt::format(msg::kNoArticleWithId, id));
  auto before = placement_of(sql, *current);
  ArticleStore::adjust_counts(sql, before, -1);
  // Made a draft first, so the search hook takes its document and its words' counts away as
  // for an unpublished article (the cascade alone would leave the vocabulary's counts high).
  ArticleStore::make_draft(sql, id);
  if (on_write_) on_write_(sql, id);
  ArticleStore::erase(sql, id);
  tx.commit();
  if (events_) events_->publish(ArticleChanged{id, std::move(before), std::nullopt});
  return Unit{};
}

std::atomic<std::uint64_t> const& PublishingService::changes() const {
  return db_.commits();
}

std::optional<ArticleView> PublishingService::read_article(std::string const& slug) {
  auto view = read_published(slug);
  if (view && view->article.visibility != Visibility::Public) return std::nullopt;
  return view;
}

std::optional<ArticleView> PublishingService::read_published(std::string const& slug) {
  soci::session sql(db_.pool());
  // One read transaction for the page's several queries: one consistent snapshot, and one
  // lock taken on the database file instead of one per statement.
  soci::transaction snapshot(sql);
  auto article = ArticleStore::find_by_slug(sql, slug);
  if (!article || article->status != ArticleStatus::Published) return std::nullopt;
  return view_of(sql, std::move(*article));
}

ImageAccess PublishingService::image_access(std::string const& file) {
  soci::session sql(db_.pool());
  return publishing::image_access(sql, file);
}

std::optional<ArticleView> PublishingService::read_any(Id id) {
  soci::session sql(db_.pool());
  soci::transaction snapshot(sql);
  auto article = ArticleStore::find_by_id(sql, id);
  if (!article) return std::nullopt;
  return view_of(sql, std::move(*article));
}

ArticleView PublishingService::view_of(soci::session& sql, Article article) {
  ArticleView view;
  view.article = std::move(article);
  Id id = view.article.id;
  view.author = TaxonomyStore::author_by_id(sql, view.article.author_id).value_or(Author{});
  view.categories = ArticleStore::categories_of(sql, id);
  view.tags = ArticleStore::tags_of(sql, id);
  if (view.article.hero_media_id) view.hero = media::find_image(sql, *view.article.hero_media_id);
  return view;
}

std::vector<ArticleSummary> PublishingService::newest_related(ArticleView const& view, int limit) {
  if (view.article.kind == ArticleKind::Page) return {};
  std::vector<Id> categories, tags;
  for (auto const& c : view.categories) categories.push_back(c.id);
  for (auto const& t : view.tags) tags.push_back(t.id);
  soci::session sql(db_.pool());
  return ArticleStore::newest_sharing(sql, view.article.id, categories, tags, limit);
}

std::optional<std::string> PublishingService::renamed(std::string const& old_slug) {
  soci::session sql(db_.pool());
  return ArticleStore::find_renamed(sql, old_slug);
}

namespace {

// The current slug of a category or tag that was renamed from `old_slug`.
template <typename ById>
std::optional<std::string> renamed_term(store::Database& db, TaxonomyStore::Kind kind,
                                        std::string const& old_slug, ById by_id) {
  soci::session sql(db.pool());
  auto id = TaxonomyStore::renamed(sql, kind, old_slug);
  if (!id) return std::nullopt;
  auto term = by_id(sql, *id);
  return term ? std::optional(term->slug) : std::nullopt;
}

}  // namespace

std::optional<std::string> PublishingService::renamed_category(std::string const& old_slug) {
  return renamed_term(db_, TaxonomyStore::Kind::Category, old_slug, &TaxonomyStore::category_by_id);
}

std::optional<std::string> PublishingService::renamed_tag(std::string const& old_slug) {
  return renamed_term(db_, TaxonomyStore::Kind::Tag, old_slug, &TaxonomyStore::tag_by_id);
}

HomeView PublishingService::home() {
  return *home_.get(0, [this] { return read_home(); });
}

HomeView PublishingService::read_home() {
  soci::session sql(db_.pool());
  soci::transaction snapshot(sql);  // see read_published
  HomeView home;
  ListQuery q;
  q.limit = kLatestCount + 1;
  auto latest = ArticleStore::list_published(sql, q);
  if (!latest.empty()) {
    home.lead = latest.front();
    home.latest.assign(latest.begin() + 1, latest.end());
  }
  for (auto const& c : TaxonomyStore::all_categories(sql)) {
    if (c.parent_id) continue;
    ListQuery cq;
    cq.category_id = c.id;
    cq.limit = kSectionCount;
    auto items = ArticleStore::list_published(sql, cq);
    if (!items.empty()) home.sections.push_back({c, std::move(items)});
  }
  home.most_commented = ArticleStore::most_commented(sql, kMostCommentedCount);
  return home;
}

Page<ArticleSummary> PublishingService::browse(ListQuery query, int page_number, int per_page) {
  auto key = fmt::format("{}:{}:{}:{}:{}", query.category_id.value_or(0), query.tag_id.value_or(0),
                         query.author_id.value_or(0), page_number, per_page);
  return *pages_.get(key, [&] { return read_page(query, page_number, per_page); });
}

Page<ArticleSummary> PublishingService::read_page(ListQuery query, int page_number, int per_page) {
  soci::session sql(db_.pool());
  soci::transaction snapshot(sql);  // see read_published
  Page<ArticleSummary> page;
  page.number = page_number;
  page.per_page = per_page;
  query.limit = per_page;
  query.offset = (page_number - 1) * per_page;
  page.total = ArticleStore::count_published(sql, query);
  if (query.offset < page.total) page.items = ArticleStore::list_published(sql, query);
  return page;
}

std::vector<Category> PublishingService::categories() {
  std::lock_guard lock(site_mutex_);
  if (site_categories_) return *site_categories_;
  soci::session sql(db_.pool());
  auto all = TaxonomyStore::all_categories(sql);
  // Navigation order: each top-level category (by position) followed by its children.
  std::vector<Category> ordered;
  for (auto const& top : all) {
    if (top.parent_id) continue;
    ordered.push_back(top);
    for (auto const& child : all)
      if (child.parent_id == top.id) ordered.push_back(child);
  }
  site_categories_ = ordered;
  return ordered;
}

std::optional<Category> PublishingService::category(std::string const& slug) {
  auto kept = categories_by_slug_.get_if(slug, [&] {
    soci::session sql(db_.pool());
    return TaxonomyStore::find_category(sql, slug);
  });
  return kept ? std::optional<Category>(*kept) : std::nullopt;
}

std::optional<Tag> PublishingService::tag(std::string const& slug) {
  auto kept = tags_by_slug_.get_if(slug, [&] {
    soci::session sql(db_.pool());
    return TaxonomyStore::find_tag(sql, slug);
  });
  return kept ? std::optional<Tag>(*kept) : std::nullopt;
}

std::optional<Author> PublishingService::author(std::string const& slug) {
  auto kept = authors_by_slug_.get_if(slug, [&] {
    soci::session sql(db_.pool());
    return TaxonomyStore::find_author(sql, slug);
  });
  return kept ? std::optional<Author>(*kept) : std::nullopt;
}

SiteSettings PublishingService::settings() {
  std::lock_guard lock(site_mutex_);
  if (!site_settings_) {
    soci::session sql(db_.pool());
    site_settings_ = SiteSettingsStore::load(sql);
  }
  return *site_settings_;
}

void PublishingService::forget_site() {
  std::lock_guard lock(site_mutex_);
  site_settings_.reset();
  site_categories_.reset();
}

}  // namespace dossier::publishing
