#include "app/app.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include <ctemplate/template.h>
#include <fmt/format.h>
#include <soci/soci.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "admin/newsroom.hpp"
#include "app/admin_routes.hpp"
#include "app/cached_site.hpp"
#include "app/config.hpp"
#include "app/corpus.hpp"
#include "app/data_dir_lock.hpp"
#include "app/demo.hpp"
#include "app/log_redaction.hpp"
#include "app/paths.hpp"
#include "app/site_routes.hpp"
#include "auth/auth_handlers.hpp"
#include "auth/auth_service.hpp"
#include "auth/tokens.hpp"
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
#include "media/media_handlers.hpp"
#include "newsletter/newsletter_admin_handlers.hpp"
#include "newsletter/newsletter_handlers.hpp"
#include "newsletter/newsletter_service.hpp"
#include "newsletter/outbox_sender.hpp"
#include "newsletter/subscriber_store.hpp"
#include "newsletter/subscription_service.hpp"
#include "publishing/editorial_service.hpp"
#include "publishing/newsroom_handlers.hpp"
#include "publishing/publishing_service.hpp"
#include "publishing/site_admin.hpp"
#include "publishing/site_admin_handlers.hpp"
#include "publishing/site_handlers.hpp"
#include "render/page_cache.hpp"
#include "render/theme.hpp"
#include "search/fts5_search_index.hpp"
#include "search/search_handlers.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace dossier::app {

namespace {
// Articles the jobs thread analyses per run (about 2 ms each), so other jobs wait little.
constexpr int kAnalysisBatch = 50;
}  // namespace

namespace {

constexpr char const* kDemoAdminEmail = "admin@example.org";

void fail(std::string const& message) {
  std::fprintf(stderr, "dossier: %s\n", message.c_str());
}

search::RankingOptions ranking_of(Config const& config) {
  search::RankingOptions r;
  r.recency_boost = config.search.recency_boost_percent / 100.0;
  r.recency_days = config.search.recency_days;
  return r;
}

// Keeps the search index in the transaction of every article change.
publishing::ArticleWriteHook index_on_write(search::SearchIndex& index) {
  return [&index](soci::session& sql, publishing::Id id) { index.sync(sql, id); };
}

// "\rIndexing: 42% (420/1000)" on stderr, once per percent.
search::Progress progress_bar(char const* label) {
  return [label, last = -1](long long done, long long total) mutable {
    int percent = total > 0 ? static_cast<int>(done * 100 / total) : 100;
    if (percent == last) return;
    last = percent;
    std::fprintf(stderr, "\r%s: %3d%% (%lld/%lld)", label, percent, done, total);
    if (done == total) std::fprintf(stderr, "\n");
  };
}

// Rebuilds the search index, reporting progress and speed.
void reindex(search::SearchIndex& index) {
  auto started = std::chrono::steady_clock::now();
  auto count = index.rebuild(progress_bar("Indexing for search"));
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
  std::printf("Indexed %lld articles for search in %.1f s (%.0f articles/s)\n", count,
              seconds.count(), count / std::max(seconds.count(), 1e-9));
}

// The config file: --config, else DATA/dossier.toml when it exists.
Result<Config> load(GlobalOptions const& g) {
  auto file = g.config_file;
  if (file && !std::filesystem::is_regular_file(*file))
    return invalid(fmt::format("config file {} does not exist", file->string()));
  if (!file && std::filesystem::is_regular_file(g.data_dir / "dossier.toml"))
    file = g.data_dir / "dossier.toml";
  auto config = load_config(file, environment_variables());
  if (config) config->data_dir = g.data_dir;
  return config;
}

constexpr char const* kLoggerName = "dossier";

void set_log_level(Config const& c) {
  // Logs go to stderr, as docs/OPERATIONS.md says; stdout carries only what a command prints
  // for its caller (serve's address line, which tests and scripts read). spdlog's own default
  // logger writes to stdout, where a reader that takes only the first line leaves a pipe that
  // fills and then blocks every thread that logs.
  if (!spdlog::get(kLoggerName)) spdlog::set_default_logger(spdlog::stderr_color_mt(kLoggerName));
  // Secrets in links (password, preview, newsletter, comment links) never reach a log.
  install_log_redaction();
  if (c.log.level == "debug")
    spdlog::set_level(spdlog::level::debug);
  else if (c.log.level == "warn")
    spdlog::set_level(spdlog::level::warn);
  else if (c.log.level == "error")
    spdlog::set_level(spdlog::level::err);
  else
    spdlog::set_level(spdlog::level::info);
}

int cores() {
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

// Opens the data dir's database and brings its schema up to date.
Result<std::unique_ptr<store::Database>> open_store(Config const& c, std::size_t pool_size) {
  auto url =
      c.database.url.empty() ? "sqlite:" + (c.data_dir / "dossier.db").string() : c.database.url;
  auto db = store::Database::open({url, c.database.busy_timeout_ms, pool_size});
  if (!db) return db.error();
  soci::session sql((*db)->pool());
  auto migrated = store::migrate(sql, store::embedded_migrations());
  if (!migrated) return migrated.error();
  if (migrated->to_version != migrated->from_version)
    spdlog::info("database schema migrated from version {} to {}", migrated->from_version,
                 migrated->to_version);
  return std::move(*db);
}

auth::AuthOptions auth_options(Config const& c, std::string const& site_title) {
  auth::AuthOptions o;
  o.cost.ops_limit = static_cast<unsigned long long>(c.auth.password_ops_limit);
  o.cost.mem_limit_bytes = static_cast<std::size_t>(c.auth.password_mem_kib) * 1024;
  o.session_idle = std::chrono::minutes(c.auth.session_idle_minutes);
  o.session_absolute = std::chrono::hours(24 * c.auth.session_absolute_days);
  o.attempts_per_address = c.auth.login_attempts_per_address;
  o.failures_per_account = c.auth.login_failures_per_account;
  o.site_url = c.site.url;
  o.site_title = site_title;
  return o;
}

// The key that signs preview links, made once per data directory and kept in its settings.
std::string site_secret(store::Database& db) {
  soci::session sql(db.pool());
  store::WriteTransaction tx(sql);
  std::string secret;
  sql << "SELECT value FROM settings WHERE key = 'secret_key'", soci::into(secret);
  if (!sql.got_data() || secret.empty()) {
    secret = auth::random_token();
    sql << "INSERT INTO settings (key, value) VALUES ('secret_key', :v)", soci::use(secret);
  }
  tx.commit();
  return secret;
}

// "example.org" of "https://example.org:8443/path".
std::string host_of(std::string const& url) {
  auto start = url.find("://");
  auto host = start == std::string::npos ? url : url.substr(start + 3);
  host = host.substr(0, host.find_first_of("/:"));
  return host.empty() ? "localhost.localdomain" : host;
}

newsletter::SenderOptions sender_options(Config const& c, std::string const& site_title) {
  newsletter::SenderOptions o;
  auto host = host_of(c.site.url);
  // A name with quotes or brackets would need quoting in a header: keep only plain text.
  std::string name;
  for (char ch : site_title)
    if (ch != '"' && ch != '<' && ch != '>' && ch != '\r' && ch != '\n') name += ch;
  o.from = c.mail.from.empty() ? fmt::format("{} <noreply@{}>", name, host) : c.mail.from;
  o.message_id_domain = host;
  o.rate_per_second = c.mail.rate_per_second;
  o.max_attempts = c.mail.max_attempts;
  return o;
}

// The demo's newsroom account: made once, with a random password written to
// DATA/demo-login.txt (readable by its owner only) so `make run` can show it every time.
Result<Unit> ensure_demo_admin(store::Database& db, Config const& c,
                               publishing::PublishingService& publishing) {
  auto file = c.data_dir / "demo-login.txt";
  auth::AuthService auth(db, now_utc, auth_options(c, publishing.settings().title));
  if (auth.user_by_email(kDemoAdminEmail)) return Unit{};
  auto password = auth::random_token().substr(0, 20);
  auto added = auth.add_user({kDemoAdminEmail, "Newsroom Admin", auth::Role::Admin, password, ""});
  if (!added) return added.error();
  {
    std::ofstream out(file, std::ios::trunc);
    out << "Newsroom: " << c.site.url << "/admin\n"
        << "Sign in as " << kDemoAdminEmail << " with the password " << password << "\n";
  }
  std::filesystem::permissions(
      file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
      std::filesystem::perm_options::replace);
  std::printf("Newsroom account: %s, password %s (kept in %s)\n", kDemoAdminEmail, password.c_str(),
              file.string().c_str());
  return Unit{};
}

bool require_data_dir(Config const& c) {
  if (std::filesystem::is_directory(c.data_dir)) return true;
  fail(fmt::format("data directory {} does not exist; create it with: dossier init --data {}",
                   c.data_dir.string(), c.data_dir.string()));
  return false;
}

}  // namespace

int run_version() {
  std::printf("dossier %s\n", DOSSIER_VERSION);
  return kExitOk;
}

int run_init(GlobalOptions const& g) {
  auto config = load(g);
  if (!config) return fail(config.error().message), kExitUsage;
  std::error_code ec;
  std::filesystem::create_directories(config->data_dir / "media", ec);
  if (ec)
    return fail(fmt::format("cannot create {}: {}", config->data_dir.string(), ec.message())),
           kExitFailure;
  try {
    auto db = open_store(*config, 1);
    if (!db) return fail(db.error().message), kExitFailure;
    soci::session sql((*db)->pool());
    std::printf("Initialized %s (schema version %d)\n", config->data_dir.string().c_str(),
                store::schema_version(sql));
  } catch (std::exception const& e) {
    return fail(e.what()), kExitFailure;
  }
  return kExitOk;
}

int run_demo(GlobalOptions const& g, int generated_articles) {
  auto config = load(g);
  if (!config) return fail(config.error().message), kExitUsage;
  if (!require_data_dir(*config)) return kExitFailure;
  auto demo_dir = find_resource("demo");
  if (!demo_dir) return fail("the demo/ folder shipped with Dossier was not found"), kExitFailure;
  try {
    auto db = open_store(*config, 1);
    if (!db) return fail(db.error().message), kExitFailure;
    search::Fts5SearchIndex index(**db, ranking_of(*config), now_utc);
    publishing::PublishingService publishing(**db, now_utc, nullptr, index_on_write(index));
    auto report = load_demo(**db, publishing, *demo_dir, config->data_dir / "media");
    if (!report) return fail(report.error().message), kExitFailure;
    auto login = ensure_demo_admin(**db, *config, publishing);
    if (!login) return fail(login.error().message), kExitFailure;
    if (report->already_present) {
      std::printf("The demo content is already in %s\n", config->data_dir.string().c_str());
    } else {
      std::printf(
          "Demo loaded: %d articles, %d authors, %d categories, %d tags, %d images, %d comments\n",
          report->articles, report->authors, report->categories, report->tags, report->images,
          report->comments);
    }
    if (generated_articles > 0) {
      int last_percent = -1;
      CorpusOptions options;
      options.articles = generated_articles;
      auto started = std::chrono::steady_clock::now();
      auto generated = generate_corpus(**db, *demo_dir, options, [&](int done, int total) {
        int percent = done * 100 / total;
        if (percent != last_percent) {
          std::fprintf(stderr, "\rGenerating articles: %3d%% (%d/%d)", percent, done, total);
          last_percent = percent;
        }
      });
      std::fprintf(stderr, "\n");
      if (!generated) return fail(generated.error().message), kExitFailure;
      auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
      std::printf("Generated %d articles in %.1f s (%.0f articles/s)\n", *generated,
                  seconds.count(), *generated / std::max(seconds.count(), 1e-9));
      // The bulk writer bypasses the service (and its index hook) for speed.
      reindex(index);
    }
  } catch (std::exception const& e) {
    return fail(e.what()), kExitFailure;
  }
  return kExitOk;
}

int run_reindex(GlobalOptions const& g, bool insight_only) {
  auto config = load(g);
  if (!config) return fail(config.error().message), kExitUsage;
  if (!require_data_dir(*config)) return kExitFailure;
  try {
    auto db = open_store(*config, 1);
    if (!db) return fail(db.error().message), kExitFailure;
    if (insight_only) {
      insight::InsightService insight(**db, now_utc, insight::Lexicon::embedded(),
                                      {config->insight.capital_metonyms});
      auto started = std::chrono::steady_clock::now();
      auto count = insight.reindex_all(progress_bar("Analysing"));
      auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
      std::printf("Analysed %lld articles in %.1f s (%.0f articles/s)\n", count, seconds.count(),
                  count / std::max(seconds.count(), 1e-9));
      return kExitOk;
    }
    search::Fts5SearchIndex index(**db, ranking_of(*config), now_utc);
    reindex(index);
  } catch (std::exception const& e) {
    return fail(e.what()), kExitFailure;
  }
  return kExitOk;
}

namespace {

// The first line of standard input, without its line ending.
std::string read_password_line() {
  std::string line;
  std::getline(std::cin, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  return line;
}

}  // namespace

comments::CommentOptions comment_options_of(Config const& config, std::string const& secret,
                                            std::string const& site_title) {
  comments::CommentOptions o;
  o.secret = secret;
  o.site_url = config.site.url;
  o.site_title = site_title;
  o.notify_moderators = config.comments.notify_moderators;
  o.min_fill_seconds = config.comments.min_fill_seconds;
  o.max_links = config.comments.max_links;
  o.per_address_per_hour = config.comments.per_address_per_hour;
  o.per_email_per_hour = config.comments.per_email_per_hour;
  o.close_after_days = config.comments.close_after_days;
  o.closed_kinds = config.comments.closed_kinds;
  o.blocked_words = config.comments.blocked_words;
  o.blocked_addresses = config.comments.blocked_addresses;
  o.trust_approved_commenters = config.comments.trust_approved_commenters;
  o.ip_retention_days = config.comments.ip_retention_days;
  return o;
}

int run_comments(GlobalOptions const& g, CommentsCommand const& command) {
  auto config = load(g);
  if (!config) return fail(config.error().message), kExitUsage;
  if (!require_data_dir(*config)) return kExitFailure;
  if (!auth::normalize_email(command.email))
    return fail("--email must be an email address"), kExitUsage;
  try {
    auto db = open_store(*config, 2);
    if (!db) return fail(db.error().message), kExitFailure;
    publishing::PublishingService publishing(**db, now_utc);
    comments::CommentService comments(
        **db, now_utc, comment_options_of(*config, site_secret(**db), publishing.settings().title));
    if (command.verb == CommentsCommand::Verb::Export) {
      // Everything stored about the address, as JSON (a data subject's access request).
      auto all = nlohmann::json::array();
      for (auto const& c : comments.written_by(command.email))
        all.push_back({{"id", c.id},
                       {"article", c.article_slug},
                       {"article_title", c.article_title},
                       {"status", comments::to_string(c.status)},
                       {"name", c.author_name},
                       {"email", c.author_email},
                       {"website", c.author_url},
                       {"text", c.body_markdown},
                       {"written_at", format_rfc3339(c.created_at)},
                       {"reply_to", c.parent_id ? nlohmann::json(*c.parent_id) : nlohmann::json()},
                       {"mail_about_replies", c.notify == comments::NotifyReplies::Confirmed}});
      std::printf("%s\n",
                  nlohmann::json{{"email", command.email}, {"comments", all}}.dump(2).c_str());
      return kExitOk;
    }
    auto erased = comments.erase(command.email);
    std::printf("Erased %lld comment%s written with %s\n", erased, erased == 1 ? "" : "s",
                command.email.c_str());
    // A running server hears of nothing: pages it has cached show the comments until their
    // next change, so say so.
    if (erased > 0)
      std::printf(
          "A running server's page cache keeps the old pages until a restart or the "
          "articles' next change.\n");
    return kExitOk;
  } catch (std::exception const& e) {
    return fail(e.what()), kExitFailure;
  }
}

int run_user(GlobalOptions const& g, UserCommand const& command) {
  auto config = load(g);
  if (!config) return fail(config.error().message), kExitUsage;
  if (!require_data_dir(*config)) return kExitFailure;
  using V = UserCommand::Verb;
  try {
    auto db = open_store(*config, 1);
    if (!db) return fail(db.error().message), kExitFailure;
    publishing::PublishingService publishing(**db, now_utc);
    auth::AuthService auth(**db, now_utc, auth_options(*config, publishing.settings().title));
    if (command.verb == V::List) {
      std::printf("%-6s %-32s %-28s %-12s %s\n", "ID", "EMAIL", "NAME", "ROLE", "STATUS");
      for (auto const& u : auth.users())
        std::printf("%-6lld %-32s %-28s %-12s %s\n", u.id, u.email.c_str(), u.name.c_str(),
                    std::string(auth::to_string(u.role)).c_str(),
                    u.status == auth::UserStatus::Active
                        ? (u.has_password ? "active" : "no password yet")
                        : "disabled");
      return kExitOk;
    }
    if (command.verb == V::Add) {
      auto role = auth::parse_role(command.role);
      if (!role) return fail("--role must be admin, editor, author or contributor"), kExitUsage;
      auth::NewUser input{command.email, command.name, *role, std::nullopt, ""};
      if (command.password_stdin) input.password = read_password_line();
      auto added = auth.add_user(input);
      if (!added) return fail(added.error().message), kExitFailure;
      std::printf("Added %s <%s> as %s\n", added->name.c_str(), added->email.c_str(),
                  std::string(auth::role_label(added->role)).c_str());
      if (!command.password_stdin) {
        auto link = auth.password_link(added->id, auth::TokenPurpose::SetPassword);
        if (!link) return fail(link.error().message), kExitFailure;
        std::printf("One-time link to choose a password (valid 7 days):\n%s\n", link->c_str());
      }
      return kExitOk;
    }
    auto found = auth.user_by_email(command.email);
    if (!found)
      return fail(fmt::format("no account has the email {}", command.email)), kExitFailure;
    if (command.verb == V::Passwd) {
      if (command.password_stdin) {
        auto done = auth.set_password(found->id, read_password_line());
        if (!done) return fail(done.error().message), kExitFailure;
        std::printf("Password changed for %s; their sessions were ended\n", found->email.c_str());
      } else {
        auto link = auth.password_link(found->id, auth::TokenPurpose::ResetPassword);
        if (!link) return fail(link.error().message), kExitFailure;
        std::printf("One-time link to choose a new password (valid 1 hour):\n%s\n", link->c_str());
      }
      return kExitOk;
    }
    auto status =
        command.verb == V::Disable ? auth::UserStatus::Disabled : auth::UserStatus::Active;
    auto done = auth.set_status(found->id, found->id, status);
    if (!done) return fail(done.error().message), kExitFailure;
    std::printf("%s %s\n", command.verb == V::Disable ? "Disabled" : "Enabled",
                found->email.c_str());
  } catch (std::exception const& e) {
    return fail(e.what()), kExitFailure;
  }
  return kExitOk;
}

int run_newsletter_send(GlobalOptions const& g, NewsletterCommand const& command) {
  auto config = load(g);
  if (!config) return fail(config.error().message), kExitUsage;
  if (!require_data_dir(*config)) return kExitFailure;
  auto theme_dir = config->theme.dir.empty()
                       ? find_resource("themes/default")
                       : std::optional<std::filesystem::path>(config->theme.dir);
  if (!theme_dir) return fail("the default theme (themes/default) was not found"), kExitFailure;
  auto theme = render::Theme::load(*theme_dir);
  if (!theme) return fail(theme.error().message), kExitFailure;
  try {
    auto db = open_store(*config, 2);
    if (!db) return fail(db.error().message), kExitFailure;
    publishing::PublishingService publishing(**db, now_utc);
    newsletter::SubscriptionService subscriptions(
        **db, now_utc, {config->site.url, publishing.settings().title, site_secret(**db)});
    newsletter::NewsletterService newsletters(**db, publishing, subscriptions, **theme, now_utc,
                                              config->site.url);
    std::optional<long long> send_id;
    long long total = 1;
    if (!command.test_email.empty()) {
      auto sent = newsletters.test_send(command.article, command.test_email);
      if (!sent) return fail(sent.error().message), kExitFailure;
      std::printf("Queued a test mail to %s\n", command.test_email.c_str());
    } else {
      auto report = newsletters.send_article(
          command.article,
          command.list.empty() ? std::vector<std::string>{} : std::vector{command.list},
          std::nullopt);
      if (!report) return fail(report.error().message), kExitFailure;
      send_id = report->send_id;
      total = report->recipients;
      std::printf("Queued \"%s\" for %lld subscribers (send %lld)\n", report->subject.c_str(),
                  report->recipients, report->send_id);
    }
    std::fflush(stdout);
    if (config->mail.smtp_url.empty()) {
      std::printf("mail.smtp_url is not set: the mail waits in the outbox\n");
      return kExitOk;
    }
    // Delivered here, alongside any running server: claims are transactional, so the two
    // share the work and never send a row twice.
    newsletter::SmtpTransport transport(
        {config->mail.smtp_url, config->mail.smtp_user, config->mail.smtp_password, 30});
    newsletter::OutboxSender sender(
        **db, now_utc, transport, sender_options(*config, publishing.settings().title),
        [](soci::session& sql, newsletter::OutboxRow const& row) {
          if (row.mail.subscriber_id)
            newsletter::SubscriptionService::mark_bounced(sql, *row.mail.subscriber_id, now_utc());
        });
    auto bar = progress_bar("Sending");
    while (true) {
      auto sent_now = sender.run_once();
      auto counts = newsletters.progress(send_id.value_or(0));
      auto done = send_id ? counts.sent + counts.failed : 1;
      bar(std::min(done, total), total);
      if (!send_id) break;
      if (counts.queued + counts.sending == 0 || (sent_now == 0 && counts.sending == 0)) {
        std::printf("Sent %lld, failed %lld", counts.sent, counts.failed);
        if (counts.queued > 0)
          std::printf(", %lld waiting to be retried (the server sends them)", counts.queued);
        std::printf("\n");
        break;
      }
      // Rows waiting for a retry, or sent by a server meanwhile: look again shortly.
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  } catch (std::exception const& e) {
    return fail(e.what()), kExitFailure;
  }
  return kExitOk;
}

int run_serve(GlobalOptions const& g, std::optional<std::string> const& listen) {
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
  auto theme_dir = config->theme.dir.empty()
                       ? find_resource("themes/default")
                       : std::optional<std::filesystem::path>(config->theme.dir);
  if (!theme_dir) return fail("the default theme (themes/default) was not found"), kExitFailure;
  auto theme = render::Theme::load(*theme_dir);
  if (!theme) return fail(theme.error().message), kExitFailure;
  auto assets = http::StaticAssets::load(*theme_dir / "assets");

  http::ServerOptions options;
  options.host = config->server.host;
  options.port = config->server.port;
  options.threads = config->server.threads > 0 ? config->server.threads : cores();
  options.workers = config->server.workers > 0 ? config->server.workers : 2 * cores();
  options.max_header_bytes = config->server.max_header_bytes;
  options.max_body_bytes = config->server.max_body_bytes;
  options.max_url_bytes = config->server.max_url_bytes;
  options.header_timeout = std::chrono::seconds(config->server.header_timeout_s);
  options.body_timeout = std::chrono::seconds(config->server.body_timeout_s);
  options.keepalive_timeout = std::chrono::seconds(config->server.keepalive_timeout_s);
  options.drain_timeout = std::chrono::seconds(config->server.drain_timeout_s);
  options.access_log = config->server.access_log;
  options.upload_path_prefix = "/admin/media";
  options.max_upload_bytes = config->media.max_upload_bytes;

  std::unique_ptr<store::Database> db;
  try {
    auto opened = open_store(*config, static_cast<std::size_t>(options.workers));
    if (!opened) return fail(opened.error().message), kExitFailure;
    db = std::move(*opened);
  } catch (std::exception const& e) {
    return fail(e.what()), kExitFailure;
  }
  // Side effects of changes travel as events; the page cache listens (invalidation).
  EventBus events;
  render::PageCache cache(config->cache.max_bytes);
  events.subscribe<publishing::ArticleChanged>([&cache](publishing::ArticleChanged const& change) {
    if (auto keys = cache_keys_for(change); !keys.empty()) cache.invalidate(keys);
  });
  events.subscribe<publishing::SiteChanged>(
      [&cache](publishing::SiteChanged const& change) { cache.invalidate(change.cache_keys); });
  search::Fts5SearchIndex search_index(*db, ranking_of(*config), now_utc);
  try {
    if (search_index.needs_rebuild()) {
      spdlog::info("the search index is empty: indexing the published articles");
      reindex(search_index);
    }
  } catch (std::exception const& e) {
    return fail(fmt::format("cannot build the search index: {}", e.what())), kExitFailure;
  }
  publishing::PublishingService publishing(*db, now_utc, &events, index_on_write(search_index));
  // The article page's comment section comes from comments/, wired below.
  comments::CommentHandlers* comment_handlers = nullptr;
  // The "In this article" box comes from insight/, wired below like the comments.
  insight::InsightHandlers* insight_handlers = nullptr;
  publishing::SiteHandlers site(
      {publishing, **theme, assets, config->site.url, config->site.per_page, now_utc,
       [&comment_handlers](ctemplate::TemplateDictionary& d, publishing::ArticleView const& v) {
         if (comment_handlers) comment_handlers->fill_article(d, v);
       },
       [&insight_handlers](ctemplate::TemplateDictionary& d, publishing::ArticleView const& v) {
         if (insight_handlers) insight_handlers->fill_article(d, v);
       }});
  // Analysis (DESIGN.md: never in a request): every change queues the article, the jobs
  // thread analyses the queue, and the pages that show the results are dropped from the cache.
  insight::InsightService insight_service(*db, now_utc, insight::Lexicon::embedded(),
                                          {config->insight.capital_metonyms});
  insight::InsightHandlers insight_pages(insight_service, site);
  if (auto waiting = insight_service.queue_unanalysed(); waiting > 0)
    // Debug level: the first line a server prints is its address (operators and tests read it).
    spdlog::debug("{} articles were never analysed: queued for the analysis job", waiting);
  insight_handlers = &insight_pages;
  events.subscribe<publishing::ArticleChanged>(
      [&insight_service](publishing::ArticleChanged const& c) {
        if (c.after) insight_service.queue(c.id);
      });
  feeds::FeedService feed_service(
      *db, now_utc,
      {config->feeds.full_content ? feeds::FeedContent::Full : feeds::FeedContent::Excerpt,
       config->feeds.items});
  feeds::FeedHandlers feed_handlers(
      {feed_service, **theme, config->site.url,
       [&site](http::Request const& q) { return site.not_found(q); }});
  http::Router router;
  search::SearchHandlers search_handlers({search_index, site});

  auth::AuthService auth_service(*db, now_utc, auth_options(*config, publishing.settings().title));
  publishing::EditorialService editorial(*db, publishing, now_utc);
  auto policy = [authors_publish = config->auth.authors_can_publish] {
    auth::Policy p;
    p.author_publishing =
        authors_publish ? auth::AuthorPublishing::Allowed : auth::AuthorPublishing::NeedsReview;
    return p;
  };
  admin::Newsroom newsroom({auth_service, **theme, assets,
                            [&publishing] { return publishing.settings().title; }, policy,
                            config->auth.secure_cookies ? http::CookieSecurity::TlsOnly
                                                        : http::CookieSecurity::AnyConnection});
  auth::AuthHandlers auth_handlers(newsroom, auth_service, [&cache](auth::Id user_id) {
    // The author's page, and every article showing the author's name.
    cache.invalidate({fmt::format("author:{}", user_id)});
  });
  std::string secret;
  try {
    secret = site_secret(*db);
  } catch (std::exception const& e) {
    return fail(fmt::format("cannot read the site's secret key: {}", e.what())), kExitFailure;
  }
  publishing::NewsroomHandlers newsroom_handlers(
      {newsroom, editorial, publishing, auth_service, now_utc, config->site.url, secret});
  media::UploadLimits upload_limits;
  upload_limits.max_bytes = config->media.max_upload_bytes;
  upload_limits.max_pixels = config->media.max_pixels;
  upload_limits.time_budget = std::chrono::milliseconds(config->media.time_budget_ms);
  // Images are converted on their own low-priority threads; an upload's request waits for its
  // image, so fewer uploads may be in flight than there are request workers.
  auto media_options = media::bounded_by_request_workers(
      {config->media.workers, config->media.queue, config->media.per_user}, options.workers);
  if (media_options.workers != config->media.workers || media_options.queue != config->media.queue)
    spdlog::debug(
        "media: {} threads and {} waiting uploads, fewer than configured, so that one "
        "of the {} request workers always stays free for pages",
        media_options.workers, media_options.queue, options.workers);
  media::MediaPool media_pool(media_options);
  media::MediaHandlers media_handlers({newsroom, *db, config->data_dir / "media", upload_limits,
                                       now_utc, [&cache](media::Id) { cache.invalidate({"site"}); },
                                       &media_pool});
  publishing::SiteAdmin site_admin(*db, publishing, &events);
  publishing::SiteAdminHandlers site_admin_handlers(newsroom, site_admin);
  try {
    soci::session sql(db->pool());
    newsletter::SubscriberStore::ensure_category_lists(sql);
  } catch (std::exception const& e) {
    return fail(fmt::format("cannot prepare the newsletter lists: {}", e.what())), kExitFailure;
  }
  newsletter::SubscriptionService subscriptions(
      *db, now_utc, {config->site.url, publishing.settings().title, secret});
  newsletter::NewsletterService newsletters(
      *db, publishing, subscriptions, **theme, now_utc, config->site.url,
      {config->mail.digest_weekday, config->mail.digest_hour});
  newsletter::SubscriberAdmin subscriber_admin(*db);
  newsletter::NewsletterAdminHandlers newsletter_admin(
      {newsroom, newsletters, subscriptions, subscriber_admin, publishing, now_utc});
  auto comment_options = comment_options_of(*config, secret, publishing.settings().title);
  comments::CommentService comment_service(
      *db, now_utc, comment_options,
      [&publishing](comments::Id article) { publishing.notify_changed(article); });
  insight::InsightAdminHandlers insight_admin(insight_service, newsroom);
  comments::CommentHandlers comments_handlers(comment_service, publishing, site, newsroom, **theme,
                                              config->site.url);
  comment_handlers = &comments_handlers;
  add_comment_routes(router, comments_handlers);
  add_admin_routes(
      router, {newsroom, auth_handlers, newsroom_handlers, &media_handlers, site_admin_handlers,
               newsletter_admin, &comments_handlers, site, publishing, &insight_admin});
  newsletter::NewsletterHandlers newsletter_handlers(subscriptions, site, config->site.url);
  add_newsletter_routes(router, newsletter_handlers);
  add_insight_routes(router, insight_pages);
  add_site_routes(router, site, feed_handlers, search_handlers, assets, config->data_dir / "media");

  // The jobs thread: scheduled articles go live through the same path as a manual publish
  // (PublishingService: its events invalidate the page cache, its hook updates search).
  jobs::JobRunner jobs(std::chrono::milliseconds(config->jobs.interval_ms), config->jobs.nice);
  jobs.add("scheduled publishing", [&editorial] { editorial.publish_due(); });
  jobs.add("expired sessions", [&auth_service] { auth_service.delete_expired_sessions(); });
  jobs.add("comment address hashes",
           [&comment_service] { comment_service.forget_old_addresses(); });
  jobs.add("analysis", [&insight_service, &events] {
    auto done = insight_service.process_queue(kAnalysisBatch);
    if (done.empty()) return;
    std::vector<std::string> keys{"insight"};
    for (auto id : done) keys.push_back(fmt::format("article:{}", id));
    events.publish(publishing::SiteChanged{keys});
  });
  jobs.add("weekly digest", [&newsletters] {
    if (auto id = newsletters.make_digest_if_due())
      spdlog::info("the weekly digest is ready for review (newsletter {})", *id);
  });

  // A body larger than max_body_bytes only for a signed-in user who may upload, with the
  // CSRF token: decided from the headers, before the server reads the body.
  options.upload_gate = [&newsroom](http::Request const& head) {
    return newsroom.admit_large_body(head, auth::Action::UploadMedia);
  };
  CachedSite cached(config->cache.enabled ? &cache : nullptr,
                    [&](http::Request const& req) { return dispatch(router, site, req); });
  http::Server server(
      options, [&](http::Request const& req) { return cached.handle(req); },
      [&](http::Request const& req) { return cached.lookup(req); });
  auto port = server.listen();
  if (!port) return fail(port.error().message), kExitFailure;
  // The address goes to stdout on its own line: people read it, and tests parse it.
  std::printf("Dossier is serving %s on http://%s:%u/\n", config->data_dir.string().c_str(),
              options.host.c_str(), static_cast<unsigned>(*port));
  std::fflush(stdout);
  // The mail sender has a thread of its own: a long send must not hold up scheduled articles.
  std::unique_ptr<newsletter::SmtpTransport> transport;
  std::unique_ptr<newsletter::OutboxSender> sender;
  jobs::JobRunner mail_jobs(std::chrono::milliseconds(std::min(config->jobs.interval_ms, 2000)),
                            config->jobs.nice);
  if (!config->mail.smtp_url.empty()) {
    transport = std::make_unique<newsletter::SmtpTransport>(newsletter::SmtpOptions{
        config->mail.smtp_url, config->mail.smtp_user, config->mail.smtp_password, 30});
    sender = std::make_unique<newsletter::OutboxSender>(
        *db, now_utc, *transport, sender_options(*config, publishing.settings().title),
        [](soci::session& sql, newsletter::OutboxRow const& row) {
          if (row.mail.subscriber_id)
            newsletter::SubscriptionService::mark_bounced(sql, *row.mail.subscriber_id, now_utc());
        });
    sender->recover();
    mail_jobs.add("mail", [&sender] { sender->run_once(); });
    mail_jobs.start();
  } else {
    spdlog::info("mail.smtp_url is not set: mail waits in the outbox until it is");
  }
  jobs.start();
  server.run();
  if (sender) sender->stop();
  mail_jobs.stop();
  jobs.stop();
  return kExitOk;
}

}  // namespace dossier::app
