#pragma once

// A small site for the feeds tests: two authors, two categories, two tags, an image, a
// fixed clock, and helpers to add articles of every status, visibility and kind.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include <soci/soci.h>

#include "app/site_routes.hpp"
#include "feeds/feed_handlers.hpp"
#include "feeds/feed_service.hpp"
#include "http/static_files.hpp"
#include "media/media_store.hpp"
#include "publishing/publishing_service.hpp"
#include "publishing/site_handlers.hpp"
#include "publishing/site_settings.hpp"
#include "publishing/taxonomy_store.hpp"
#include "render/theme.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "support/site_stack.hpp"

namespace dossier::test {

constexpr UnixTime kFeedNow = 1'790'000'000;  // a fixed clock: 2026-09-21T14:13:20Z
constexpr UnixTime kHour = 3600;
constexpr char const* kSiteUrl = "https://example.org";

// What one added article is; defaults give a public news article in Europe by Ada.
struct Draft {
  std::string title;
  int hours_ago = 1;
  publishing::ArticleStatus status = publishing::ArticleStatus::Published;
  publishing::Visibility visibility = publishing::Visibility::Public;
  publishing::ArticleKind kind = publishing::ArticleKind::News;
  std::string dek = "A short dek.";
  std::string body = "Body **text**.";
  std::optional<publishing::Id> author;    // default: Ada
  std::optional<publishing::Id> category;  // default: Europe
  std::optional<publishing::Id> tag;       // default: none
  std::optional<publishing::Id> hero;
};

class FeedSiteTest : public ::testing::Test, protected SiteStack {
 protected:
  FeedSiteTest() : SiteStack("dossier-feeds", kFeedNow, kSiteUrl) {}

  void SetUp() override {
    soci::session sql(db_->pool());
    using publishing::TaxonomyStore;
    ada_ = TaxonomyStore::insert_author(sql, {0, "ada", "Ada Reporter", "", "author"}, "", 1);
    ben_ = TaxonomyStore::insert_author(sql, {0, "ben", "Ben Analyst", "", "author"}, "", 1);
    europe_ = TaxonomyStore::insert_category(sql, {0, {}, "europe", "Europe", "", 1});
    asia_ = TaxonomyStore::insert_category(sql, {0, {}, "asia", "Asia", "", 2});
    energy_ = TaxonomyStore::insert_tag(sql, {0, "energy", "Energy"});
    shipping_ = TaxonomyStore::insert_tag(sql, {0, "shipping", "Shipping"});
    image_ = media::MediaStore::insert(
        sql, {0, "2026/09/pipeline.jpg", "image/jpeg", 1200, 675, 48'213, "A pipeline", "", ""}, 1);
    publishing::SiteSettings settings;
    settings.title = "Meridian Test";
    settings.language = "en";
    publishing::SiteSettingsStore::save(sql, settings);
    use_options({feeds::FeedContent::Excerpt, 3});
  }

  void use_options(feeds::FeedOptions options) { use_feed_options(options); }

  publishing::Id add(Draft const& d) {
    publishing::ArticleInput in;
    in.title = d.title;
    in.dek = d.dek;
    in.body_markdown = d.body;
    in.kind = d.kind;
    in.status = d.status;
    in.visibility = d.visibility;
    in.author_id = d.author.value_or(ada_);
    in.published_at = kFeedNow - d.hours_ago * kHour;
    if (d.kind != publishing::ArticleKind::Page) in.category_ids = {d.category.value_or(europe_)};
    if (d.tag) in.tag_ids = {*d.tag};
    in.hero_media_id = d.hero;
    auto id = publishing_->add_article(in);
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }

  publishing::Id ada_ = 0, ben_ = 0, europe_ = 0, asia_ = 0, energy_ = 0, shipping_ = 0;
  media::Id image_ = 0;
};

inline bool contains(std::string const& text, std::string const& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace dossier::test
