#include "app/command_support.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

#include <ctemplate/template.h>
#include <fmt/format.h>
#include <soci/soci.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "admin/account_handlers.hpp"
#include "admin/newsroom.hpp"
#include "api/admin_api.hpp"
#include "api/api_keys.hpp"
#include "api/content_api.hpp"
#include "api/gate.hpp"
#include "api/idempotency.hpp"
#include "api/key_handlers.hpp"
#include "app/admin_routes.hpp"
#include "app/api_key_command.hpp"
#include "app/cached_site.hpp"
#include "app/client_command.hpp"
#include "app/client_routes.hpp"
#include "app/config.hpp"
#include "app/corpus.hpp"
#include "app/data_dir_lock.hpp"
#include "app/demo.hpp"
#include "app/log_redaction.hpp"
#include "app/paths.hpp"
#include "app/portal_routes.hpp"
#include "app/reader_wiring.hpp"
#include "app/report_wiring.hpp"
#include "app/side_effects.hpp"
#include "app/site_routes.hpp"
#include "auth/auth_service.hpp"
#include "clients/catalog.hpp"
#include "clients/client_admin_handlers.hpp"
#include "clients/client_service.hpp"
#include "clients/client_sign_in_handlers.hpp"
#include "comments/comment_handlers.hpp"
#include "comments/comment_service.hpp"
#include "core/event_bus.hpp"
#include "feeds/feed_handlers.hpp"
#include "feeds/feed_service.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "insight/insight_admin_handlers.hpp"
#include "insight/insight_handlers.hpp"
#include "insight/insight_service.hpp"
#include "jobs/job_runner.hpp"
#include "mail/outbox_sender.hpp"
#include "media/media_handlers.hpp"
#include "newsletter/newsletter_admin_handlers.hpp"
#include "newsletter/newsletter_handlers.hpp"
#include "newsletter/newsletter_service.hpp"
#include "newsletter/subscription_service.hpp"
#include "publishing/editorial_service.hpp"
#include "publishing/newsroom_handlers.hpp"
#include "publishing/publishing_service.hpp"
#include "publishing/site_admin.hpp"
#include "publishing/site_admin_handlers.hpp"
#include "publishing/site_handlers.hpp"
#include "render/page_cache.hpp"
#include "render/theme.hpp"
#include "search/make_search_index.hpp"
#include "search/search_handlers.hpp"
#include "security/tokens.hpp"
#include "site/frame.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "store/pg_media_root.hpp"
#include "store/pg_notify.hpp"
#include "wordpress/legacy_url_handler.hpp"

namespace dossier::app {

namespace {
// Articles the jobs thread analyses per run, written in one transaction: about 10 ms each
// (analysis, writes, related scoring), so other jobs wait little and the write lock is held
// for tens of milliseconds at most.
constexpr int kAnalysisBatch = 16;
constexpr auto kAnalysisInvalidation = std::chrono::seconds(1);
constexpr auto kWatchInterval = std::chrono::seconds(1);

http::ServerOptions server_options_of(Config const& c) {
  http::ServerOptions o;
  o.host = c.server.host;
  o.port = c.server.port;
  o.threads = c.server.threads > 0 ? c.server.threads : cores();
  o.workers = c.server.workers > 0 ? c.server.workers : 2 * cores();
  o.max_header_bytes = c.server.max_header_bytes;
  o.max_body_bytes = c.server.max_body_bytes;
  o.max_url_bytes = c.server.max_url_bytes;
  o.header_timeout = std::chrono::seconds(c.server.header_timeout_s);
  o.body_timeout = std::chrono::seconds(c.server.body_timeout_s);
  o.keepalive_timeout = std::chrono::seconds(c.server.keepalive_timeout_s);
  o.drain_timeout = std::chrono::seconds(c.server.drain_timeout_s);
  o.access_log = c.server.access_log;
  o.upload_path_prefix = "/admin/media";
  o.max_upload_bytes = c.media.max_upload_bytes;
  return o;
}

std::function<auth::Policy()> policy_of(Config const& c) {
  return [authors_publish = c.auth.authors_can_publish] {
    auth::Policy p;
    p.author_publishing =
        authors_publish ? auth::AuthorPublishing::Allowed : auth::AuthorPublishing::NeedsReview;
    return p;
  };
}

media::UploadLimits upload_limits_of(Config const& c) {
  media::UploadLimits limits;
  limits.max_bytes = c.media.max_upload_bytes;
  limits.max_pixels = c.media.max_pixels;
  limits.time_budget = std::chrono::milliseconds(c.media.time_budget_ms);
  return limits;
}

// Images are converted on their own low-priority threads; an upload's request waits for its
// image, so fewer uploads may be in flight than there are request workers.
media::MediaPoolOptions media_pool_options(Config const& c, int request_workers) {
  auto o = media::bounded_by_request_workers({c.media.workers, c.media.queue, c.media.per_user},
                                             request_workers);
  if (o.workers != c.media.workers || o.queue != c.media.queue)
    spdlog::debug(
        "media: {} threads and {} waiting uploads, fewer than configured, so that one "
        "of the {} request workers always stays free for pages",
        o.workers, o.queue, request_workers);
  return o;
}

// The article page's sections from the modules above publishing, in the page's order, and
// the related box's source: insight's scored list (it owns related_articles), asked by name.
void add_article_sections(publishing::ArticleSections& sections,
                          comments::CommentHandlers& comments, insight::InsightHandlers& insight,
                          insight::InsightService& analysis) {
  sections.add("comments",
               [&comments](ctemplate::TemplateDictionary& d, publishing::ArticleView const& v) {
                 comments.fill_article(d, v);
               });
  sections.add("insight",
               [&insight](ctemplate::TemplateDictionary& d, publishing::ArticleView const& v) {
                 insight.fill_article(d, v);
               });
  sections.set_related(
      [&analysis](publishing::Id id, int limit) { return analysis.related_articles(id, limit); });
}

struct JobsOf {
  publishing::EditorialService& editorial;
  auth::AuthService& auth;
  comments::CommentService& comments;
  newsletter::NewsletterService& newsletters;
};

// The jobs thread: scheduled articles go live through the same path as a manual publish
// (PublishingService: its events invalidate the page cache, its hook updates search).
void add_jobs(jobs::JobRunner& jobs, JobsOf const& of) {
  jobs.add("scheduled publishing", [&e = of.editorial] { e.publish_due(); });
  jobs.add("expired sessions", [&a = of.auth] { a.delete_expired_sessions(); });
  jobs.add("comment address hashes", [&c = of.comments] { c.forget_old_addresses(); });
  jobs.add("weekly digest", [&n = of.newsletters] {
    if (auto id = n.make_digest_if_due())
      spdlog::info("the weekly digest is ready for review (newsletter {})", *id);
  });
}

// The analysis: a batch at a time, again at once while the queue is not empty (an archive's
// first analysis drains at the speed of the work), on a runner of its own in the idle CPU
// class (jobs::CpuClass::Idle), so that a backlog takes only the CPU pages leave unused. The
// pages the results change are dropped from the cache at most once per
// kAnalysisInvalidation (and when the queue is empty): batch by batch, an archive's analysis
// emptied the cache of the entity and quotation pages twenty times a second for minutes.
// Only the analysis thread touches `changed` and `last`.
void add_analysis(jobs::JobRunner& analysis, insight::InsightService& insight, EventBus& events) {
  struct Changes {
    std::vector<std::string> keys;
    std::chrono::steady_clock::time_point last;
  };
  analysis.add_draining("analysis", [&insight, &events, changed = std::make_shared<Changes>()] {
    auto done = insight.process_queue(kAnalysisBatch);
    for (auto id : done) changed->keys.push_back(fmt::format("article:{}", id));
    auto now = std::chrono::steady_clock::now();
    if (!changed->keys.empty() && (done.empty() || now - changed->last >= kAnalysisInvalidation)) {
      changed->keys.emplace_back("insight");
      events.publish(publishing::SiteChanged{std::move(changed->keys)});
      changed->keys.clear();
      changed->last = now;
    }
    return done.empty() ? jobs::Pending::None : jobs::Pending::More;
  });
}

// Listens, prints the address, starts the mail sender and the jobs, and serves until SIGTERM.
int serve_until_stopped(Config const& config, http::ServerOptions const& options,
                        CachedSite& cached, jobs::JobRunner& jobs, jobs::JobRunner& analysis,
                        store::Database& db, std::string const& site_title) {
  http::Server server(
      options, [&](http::Request const& req) { return cached.handle(req); },
      [&](http::Request const& req) { return cached.lookup(req); },
      [&](http::Request const& req) { return cached.prepared(req); });
  auto port = server.listen();
  if (!port) return fail(port.error().message), kExitFailure;
  // The address goes to stdout on its own line: people read it, and tests parse it.
  std::printf("Dossier is serving %s on http://%s:%u/\n", config.data_dir.string().c_str(),
              options.host.c_str(), static_cast<unsigned>(*port));
  std::fflush(stdout);
  // The mail sender has a thread of its own: a long send must not hold up scheduled articles.
  // Made before its job runner, so it outlives the runner's thread.
  auto delivery = make_mail_sender(config, db, site_title);
  jobs::JobRunner mail_jobs(std::chrono::milliseconds(std::min(config.jobs.interval_ms, 2000)),
                            config.jobs.nice);
  if (delivery) {
    // Several servers on PostgreSQL: only claims whose lease ran out are another's to take.
    delivery->sender.recover(db.dialect() == store::Dialect::Postgres
                                 ? mail::OutboxSender::Recovery::ExpiredClaims
                                 : mail::OutboxSender::Recovery::AllClaims);
    mail_jobs.add("mail", [&delivery] { delivery->sender.run_once(); });
    mail_jobs.start();
  } else {
    spdlog::info("mail.smtp_url is not set: mail waits in the outbox until it is");
  }
  // Writes by other processes (the CLI's grants and changes of visibility, other servers):
  // on SQLite noticed within kWatchInterval through store_changes, and every kept page and
  // fragment dropped; on PostgreSQL told at once by LISTEN/NOTIFY, with the pages another
  // server's typed events touched (the CLI's writes, and a lost connection, drop them all).
  jobs::JobRunner watch(kWatchInterval, config.jobs.nice);
  std::unique_ptr<store::ChangeListener> listener;
  if (db.dialect() == store::Dialect::Postgres) {
    db.send_typed_notices();
    listener =
        std::make_unique<store::ChangeListener>(db, [&cached](store::ChangeNotice const& notice) {
          if (notice.kind == store::ChangeNotice::Kind::Keys) return cached.invalidate(notice.keys);
          cached.clear();
          spdlog::info("another process wrote to the database: the page cache was emptied");
        });
  } else {
    watch.add("other processes' writes", [&db, &cached] {
      if (!db.other_process_wrote()) return;
      cached.clear();
      spdlog::info("another process wrote to the database: the page cache was emptied");
    });
    watch.start();
  }
  jobs.start();
  analysis.start();
  server.run();
  watch.stop();
  if (listener) listener->stop();
  if (delivery) delivery->sender.stop();
  mail_jobs.stop();
  analysis.stop();
  jobs.stop();
  return kExitOk;
}

}  // namespace

namespace {

// Builds every service and handler in the order they depend on each other, and serves. One
// construction a line, top to bottom: longer than our usual ~80 lines on purpose, because
// cutting the list would hide that order, and everything in it must outlive the server.
int wire_and_serve(Config const& config, render::Theme const& theme,
                   http::StaticAssets const& assets, http::ServerOptions options,
                   store::Database& db, bool print_routes) {
  // Side effects of changes travel as events (app/side_effects.hpp); the page cache listens.
  EventBus events;
  render::PageCache cache(config.cache.max_bytes);
  subscribe_page_cache(events, cache);
  if (db.dialect() == store::Dialect::Postgres)
    subscribe_cache_keys(events, [&db](std::vector<std::string> const& keys) {
      // After the change committed: a notice that cannot go out costs the other servers
      // freshness, not this request its answer.
      try {
        db.notify_keys(keys);
      } catch (std::exception const& e) {
        spdlog::warn("change notice not sent: {}", e.what());
      }
    });
  auto search_index_owner = search::make_search_index(db, ranking_of(config), now_utc);
  auto& search_index = *search_index_owner;
  try {
    if (search_index.needs_rebuild()) {
      spdlog::info("the search index is empty: indexing the published articles");
      reindex(search_index);
    }
  } catch (std::exception const& e) {
    return fail(fmt::format("cannot build the search index: {}", e.what())), kExitFailure;
  }
  publishing::PublishingService publishing(db, now_utc, &events, index_on_write(search_index));
  // The public site's frame (site/), its masthead read from publishing.
  site::Frame frame(publishing::frame_context(publishing, theme, assets, config.site.url, now_utc));
  publishing::SiteHandlers site({publishing, frame, config.site.per_page});
  // Analysis (DESIGN.md: never in a request): every change queues the article, the jobs
  // thread analyses the queue, and the pages that show the results are dropped from the cache.
  insight::InsightService insight_service(db, now_utc, insight::Lexicon::embedded(),
                                          {config.insight.capital_metonyms});
  insight::InsightHandlers insight_pages(insight_service, site);
  if (auto waiting = insight_service.queue_unanalysed(); waiting > 0)
    // Debug level: the first line a server prints is its address (operators and tests read it).
    spdlog::debug("{} articles were never analysed: queued for the analysis job", waiting);
  subscribe_analysis(events, insight_service);
  feeds::FeedService feed_service(
      db, now_utc,
      {config.feeds.full_content ? feeds::FeedContent::Full : feeds::FeedContent::Excerpt,
       config.feeds.items});
  feeds::FeedHandlers feed_handlers(
      {feed_service, theme, config.site.url,
       [&site](http::Request const& q) { return site.not_found(q); }});
  http::Router router;
  search::SearchHandlers search_handlers({search_index, site});

  auth::AuthService auth_service(db, now_utc, auth_options(config, publishing.settings().title));
  publishing::EditorialService editorial(db, publishing, now_utc);
  admin::Newsroom newsroom({auth_service, theme, assets,
                            [&publishing] { return publishing.settings().title; },
                            policy_of(config),
                            config.auth.secure_cookies ? http::CookieSecurity::TlsOnly
                                                       : http::CookieSecurity::AnyConnection});
  admin::AccountHandlers auth_handlers(newsroom, auth_service, &events);
  std::string secret;
  try {
    secret = site_secret(db);
  } catch (std::exception const& e) {
    return fail(fmt::format("cannot read the site's secret key: {}", e.what())), kExitFailure;
  }
  publishing::NewsroomHandlers newsroom_handlers(
      {newsroom, editorial, publishing, auth_service, now_utc, config.site.url, secret});
  media::MediaPool media_pool(media_pool_options(config, options.workers));
  media::MediaHandlers media_handlers({newsroom, db, config.data_dir / "media",
                                       upload_limits_of(config), now_utc, &events, &media_pool});
  publishing::SiteAdmin site_admin(db, publishing, &events);
  publishing::SiteAdminHandlers site_admin_handlers(newsroom, site_admin);
  newsletter::SubscriptionService subscriptions(
      db, now_utc, {config.site.url, publishing.settings().title, secret});
  try {
    subscriptions.ensure_category_lists(publishing.categories());
  } catch (std::exception const& e) {
    return fail(fmt::format("cannot prepare the newsletter lists: {}", e.what())), kExitFailure;
  }
  newsletter::NewsletterService newsletters(db, publishing, subscriptions, theme, now_utc,
                                            config.site.url,
                                            {config.mail.digest_weekday, config.mail.digest_hour});
  newsletter::SubscriberAdmin subscriber_admin(db);
  newsletter::NewsletterAdminHandlers newsletter_admin(
      {newsroom, newsletters, subscriptions, subscriber_admin, publishing, now_utc});
  auto comment_options = comment_options_of(config, secret, publishing.settings().title);
  comments::CommentService comment_service(db, now_utc, comment_options, &events);
  insight::InsightAdminHandlers insight_admin(insight_service, newsroom);
  comments::CommentHandlers comments_handlers(comment_service, publishing, site, newsroom, theme,
                                              config.site.url);
  add_article_sections(site.sections(), comments_handlers, insight_pages, insight_service);
  auto reports = wire_reports(router, site.sections(),
                              {config, db, publishing, theme, assets, events, newsroom});
  add_comment_routes(router, comments_handlers);
  add_admin_routes(
      router, {newsroom, auth_handlers, newsroom_handlers, &media_handlers, site_admin_handlers,
               newsletter_admin, &comments_handlers, site, publishing, &insight_admin});
  // Client organisations and their readers (clients/): the newsroom's pages and the sign-in.
  clients::ClientService client_service(db, now_utc,
                                        client_options_of(config, publishing.settings().title));
  clients::Catalog client_catalog(db, publishing, editorial);
  clients::ClientAdminHandlers client_admin(newsroom, client_service, client_catalog);
  clients::SignInHandlers reader_sign_in(client_service, frame, config.site.url,
                                         reader_cookie_security(config));
  add_client_routes(router, {newsroom, client_admin, reader_sign_in});
  // The APIs' keys and their gate (api/): the Content and Admin API handlers take api_gate.
  api::ApiKeys api_keys(db, now_utc, key_directory(auth_service, client_service));
  api::KeyGate api_gate(api_keys, db, now_utc, {config.api.rate_per_minute});
  api::KeyHandlers key_handlers({newsroom, api_keys,
                                 [&auth_service] { return auth_service.users(); },
                                 [&client_service] { return client_choices(client_service); }});
  add_integration_routes(router, newsroom, key_handlers);
  // The Content API (read, public content without a key) and the Admin API (a staff key acts
  // through the newsroom's services and auth::allowed).
  api::ContentApi content_api(
      {api_gate, db, publishing, search_index, insight_service, now_utc, config.site.url});
  api::register_content_api(router, content_api);
  api::Idempotency idempotency(db, now_utc);
  api::register_admin_api(
      router, {api_gate, idempotency, auth_service, policy_of(config), publishing, editorial,
               site_admin, comment_service, subscriptions, now_utc, config.site.url});
  // The client portal: readers from the clients folder's sessions, grants made by it, and
  // the reports folder's stamped PDF (app/portal_routes.hpp).
  Portal portal(
      {db, now_utc, frame, theme, newsroom, config.site.url, publishing.settings().title, secret,
       [&client_service](http::Request const& q) { return client_service.viewer(q); },
       [&client_service](clients::Id member) { return client_service.viewer_of_member(member); },
       [&reports](clients::Id article, clients::PdfStamp const& s) {
         return stamped_pdf(*reports, article, s);
       },
       [&client_service](clients::Id client, clients::Id article) -> Result<Unit> {
         auto done = client_service.grant(client, {publishing::GrantScope::Article, article});
         if (!done) return done.error();
         return Unit{};
       }});
  add_portal_routes(router, portal, newsroom);
  wire_readers(site.sections(), *reports, portal,
               [&](http::Request const& q) { return viewer_of(q, client_service, auth_service); });
  newsletter::NewsletterHandlers newsletter_handlers(subscriptions, site, config.site.url);
  add_newsletter_routes(router, newsletter_handlers);
  add_insight_routes(router, insight_pages);
  add_site_routes(router, site, feed_handlers, search_handlers, assets, config.data_dir / "media");

  // The jobs thread: scheduled articles go live through the same path as a manual publish
  // (PublishingService: its events invalidate the page cache, its hook updates search).
  jobs::JobRunner jobs(std::chrono::milliseconds(config.jobs.interval_ms), config.jobs.nice);
  add_jobs(jobs, {editorial, auth_service, comment_service, newsletters});
  jobs.add("expired reader sessions",
           [&client_service] { client_service.delete_expired_sessions(); });
  // jobs.nice = 0 asks for background work at the requests' priority: then no idle class
  // either.
  jobs::JobRunner analysis(std::chrono::milliseconds(config.jobs.interval_ms), config.jobs.nice,
                           config.jobs.nice > 0 ? jobs::CpuClass::Idle : jobs::CpuClass::Normal);
  add_analysis(analysis, insight_service, events);

  // A body larger than max_body_bytes only for a signed-in user who may upload, with the
  // CSRF token: decided from the headers, before the server reads the body.
  options.upload_gate = [&newsroom](http::Request const& head) {
    return newsroom.admit_large_body(head, auth::Action::UploadMedia);
  };
  // `serve --routes`: the table as wired above, for people and for the check that holds the
  // OpenAPI document to it (tests/api/openapi_test.cpp).
  if (print_routes) {
    for (auto const& route : router.routes())
      std::printf("%s %s\n", std::string(to_string(route.method)).c_str(), route.pattern.c_str());
    return kExitOk;
  }
  // An imported WordPress site's old addresses (wordpress/legacy_url_handler.hpp): asked when
  // a GET finds no page, and for the home page's WordPress query forms.
  wordpress::LegacyUrlHandler legacy_urls(db);
  CachedSite cached(config.cache.enabled ? &cache : nullptr, [&](http::Request const& req) {
    return dispatch(router, site, req, &legacy_urls);
  });
  return serve_until_stopped(config, options, cached, jobs, analysis, db,
                             publishing.settings().title);
}

}  // namespace

int run_serve(GlobalOptions const& g, std::optional<std::string> const& listen, bool print_routes) {
  auto config = load(g);
  if (!config) return fail(config.error().message), kExitUsage;
  if (listen) {
    auto parsed = parse_listen(*listen);
    if (!parsed) return fail("--listen: " + parsed.error().message), kExitUsage;
    config->server.host = parsed->first;
    config->server.port = parsed->second;
  }
  set_log_level(*config);
  if (!require_data_dir(*config)) return kExitFailure;
  // One server per data directory, and none while `restore` replaces the database: held
  // until the process ends (app/data_dir_lock.hpp).
  auto lock = DataDirLock::take(config->data_dir, "serve");
  if (!lock) return fail(lock.error().message), kExitFailure;
  auto theme = load_theme(*config);
  if (!theme) return fail(theme.error().message), kExitFailure;
  auto assets = http::StaticAssets::load((*theme)->dir() / "assets");

  auto options = server_options_of(*config);

  std::unique_ptr<store::Database> db;
  try {
    auto opened = open_store(*config, static_cast<std::size_t>(options.workers));
    if (!opened) return fail(opened.error().message), kExitFailure;
    db = std::move(*opened);
    // Several servers share one PostgreSQL database and must share the uploads as well.
    if (db->dialect() == store::Dialect::Postgres) {
      auto shared = store::check_shared_media_root(*db, config->data_dir / "media", now_utc());
      if (!shared) return fail(shared.error().message), kExitFailure;
    }
  } catch (std::exception const& e) {
    return fail(e.what()), kExitFailure;
  }
  return wire_and_serve(*config, **theme, assets, options, *db, print_routes);
}

}  // namespace dossier::app
