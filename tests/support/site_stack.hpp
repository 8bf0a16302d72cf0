#pragma once

// The public site wired in-process the way app.cpp wires it for `serve` — a migrated database
// (support/test_database.hpp: SQLite, or PostgreSQL when the tests run on it), the default
// theme, the publishing and feed services, the route table — with a fixed clock. Test fixtures
// derive from it, add their own rows and call get(), which runs the same dispatch as the server
// without a socket.
#include <memory>
#include <stdexcept>
#include <string>

#include <soci/soci.h>

#include "app/site_routes.hpp"
#include "core/event_bus.hpp"
#include "feeds/feed_handlers.hpp"
#include "feeds/feed_service.hpp"
#include "http/static_files.hpp"
#include "publishing/publishing_service.hpp"
#include "publishing/site_handlers.hpp"
#include "render/theme.hpp"
#include "search/make_search_index.hpp"
#include "search/search_handlers.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"
#include "support/test_paths.hpp"

namespace dossier::test {

class SiteStack {
 protected:
  SiteStack(std::string_view dir_prefix, UnixTime now, std::string site_url = "https://example.org")
      : dir_(dir_prefix), now_(now), site_url_(std::move(site_url)) {
    db_ = open_test_database(dir_.path());
    auto theme = render::Theme::load(std::filesystem::path(::dossier::test::source_dir()) /
                                     "themes/default");
    if (!theme) throw std::runtime_error(theme.error().message);
    theme_ = std::move(*theme);
    assets_ = http::StaticAssets::load(theme_->dir() / "assets");
    search_index_ = search::make_search_index(*db_, search::RankingOptions{}, clock());
    publishing_ = std::make_unique<publishing::PublishingService>(
        *db_, clock(), &events_,
        [this](soci::session& sql, publishing::Id id) { search_index_->sync(sql, id); });
    frame_ = std::make_unique<site::Frame>(
        publishing::frame_context(*publishing_, *theme_, assets_, site_url_, clock()));
    site_ = std::make_unique<publishing::SiteHandlers>(
        publishing::SiteContext{*publishing_, *frame_, 10});
    // The article page's sections, as serve wires them; fixtures that wire comments or
    // insight set the fillers.
    site_->sections().add(
        "comments", [this](ctemplate::TemplateDictionary& d, publishing::ArticleView const& v) {
          if (comments_filler_) comments_filler_(d, v);
        });
    site_->sections().add(
        "insight", [this](ctemplate::TemplateDictionary& d, publishing::ArticleView const& v) {
          if (insight_filler_) insight_filler_(d, v);
        });
    site_->sections().set_related([this](publishing::Id id, int limit) {
      return related_source_ ? related_source_(id, limit)
                             : std::vector<publishing::ArticleSummary>{};
    });
    search_handlers_ =
        std::make_unique<search::SearchHandlers>(search::SearchContext{*search_index_, *site_});
    use_feed_options({});
  }

  // Rebuilds the feed service and the route table with other feed options.
  void use_feed_options(feeds::FeedOptions options) {
    feed_service_ = std::make_unique<feeds::FeedService>(*db_, clock(), options);
    feed_handlers_ = std::make_unique<feeds::FeedHandlers>(
        feeds::FeedContext{*feed_service_, *theme_, site_url_,
                           [this](http::Request const& q) { return site_->not_found(q); }});
    router_ = http::Router{};
    app::add_site_routes(router_, *site_, *feed_handlers_, *search_handlers_, assets_,
                         dir_.path() / "media");
  }

  http::Response get(std::string const& path) {
    http::Request req;
    req.method = http::Method::Get;
    req.target = path;
    auto q = path.find('?');
    req.path = path.substr(0, q);
    if (q != std::string::npos) req.query = path.substr(q + 1);
    return app::dispatch(router_, *site_, req);
  }

  std::function<UnixTime()> clock() const {
    return [now = now_] { return now; };
  }

  TempDir dir_;
  UnixTime now_;
  std::string site_url_;
  EventBus events_;  // subscribe before the first change (the bus is read-only after wiring)
  publishing::SectionFiller comments_filler_;  // set by fixtures that wire comments
  publishing::SectionFiller insight_filler_;   // set by fixtures that wire insight
  publishing::RelatedSource related_source_;   // the same
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<render::Theme> theme_;
  http::StaticAssets assets_;
  std::unique_ptr<search::SearchIndex> search_index_;
  std::unique_ptr<publishing::PublishingService> publishing_;
  std::unique_ptr<search::SearchHandlers> search_handlers_;
  std::unique_ptr<site::Frame> frame_;
  std::unique_ptr<publishing::SiteHandlers> site_;
  std::unique_ptr<feeds::FeedService> feed_service_;
  std::unique_ptr<feeds::FeedHandlers> feed_handlers_;
  http::Router router_;
};

}  // namespace dossier::test
