#include "app/command_support.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include <fmt/format.h>
#include <soci/soci.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "app/log_redaction.hpp"
#include "app/paths.hpp"
#include "newsletter/subscription_service.hpp"
#include "publishing/site_settings.hpp"
#include "security/tokens.hpp"
#include "store/migrations.hpp"

namespace dossier::app {

namespace {
constexpr char const* kDemoAdminEmail = "admin@example.org";
}  // namespace

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
  auto migrated = store::migrate(sql, store::embedded_migrations((*db)->dialect()));
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

// The key that signs preview links, made once per data directory and kept in the site's
// settings (publishing's table, asked by name).
std::string site_secret(store::Database& db) {
  constexpr char const* kSecretKey = "secret_key";
  soci::session sql(db.pool());
  store::WriteTransaction tx(sql);
  auto secret = publishing::setting(sql, kSecretKey).value_or("");
  if (secret.empty()) {
    secret = security::random_token();
    publishing::set_setting(sql, kSecretKey, secret);
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

mail::SenderOptions sender_options(Config const& c, std::string const& site_title) {
  mail::SenderOptions o;
  auto host = host_of(c.site.url);
  // A name with quotes or brackets would need quoting in a header: keep only plain text.
  std::string name;
  for (char ch : site_title)
    if (ch != '"' && ch != '<' && ch != '>' && ch != '\r' && ch != '\n') name += ch;
  o.from = c.mail.from.empty() ? fmt::format("{} <noreply@{}>", name, host) : c.mail.from;
  o.message_id_domain = host;
  o.rate_per_second = c.mail.rate_per_second;
  o.max_attempts = c.mail.max_attempts;
  o.claim_lease = std::chrono::seconds(c.mail.claim_lease_s);
  return o;
}

MailDelivery::MailDelivery(mail::SmtpOptions smtp, store::Database& db, mail::SenderOptions options)
    : transport(std::move(smtp)),
      sender(db, now_utc, transport, std::move(options),
             [](soci::session& sql, mail::OutboxRow const& row) {
               if (row.mail.subscriber_id)
                 newsletter::SubscriptionService::mark_bounced(sql, *row.mail.subscriber_id,
                                                               now_utc());
             }) {}

std::unique_ptr<MailDelivery> make_mail_sender(Config const& c, store::Database& db,
                                               std::string const& site_title) {
  if (c.mail.smtp_url.empty()) return nullptr;
  mail::SmtpOptions smtp;
  smtp.url = c.mail.smtp_url;
  smtp.username = c.mail.smtp_user;
  smtp.password = c.mail.smtp_password;
  return std::make_unique<MailDelivery>(std::move(smtp), db, sender_options(c, site_title));
}

// The demo's newsroom account: made once, with a random password written to
// DATA/demo-login.txt (readable by its owner only) so `make run` can show it every time.
Result<Unit> ensure_demo_admin(store::Database& db, Config const& c,
                               publishing::PublishingService& publishing) {
  auto file = c.data_dir / "demo-login.txt";
  auth::AuthService auth(db, now_utc, auth_options(c, publishing.settings().title));
  if (auth.user_by_email(kDemoAdminEmail)) return Unit{};
  auto password = security::random_token().substr(0, 20);
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

Result<std::unique_ptr<render::Theme>> load_theme(Config const& c) {
  auto dir = c.theme.dir.empty() ? find_resource("themes/default")
                                 : std::optional<std::filesystem::path>(c.theme.dir);
  if (!dir) return Error{ErrorKind::NotFound, "the default theme (themes/default) was not found"};
  return render::Theme::load(*dir);
}

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

}  // namespace dossier::app
