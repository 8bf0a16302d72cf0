#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace dossier::app {

struct SiteConfig {
  std::string url = "http://127.0.0.1:8080";  // canonical base URL, no trailing slash
  int per_page = 10;
};

struct ServerConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  int threads = 0;  // network threads; 0 = one per core
  int workers = 0;  // request-handling threads (database, rendering); 0 = 2 per core
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 1024 * 1024;
  std::size_t max_url_bytes = 4096;
  int header_timeout_s = 10;
  int body_timeout_s = 30;
  int keepalive_timeout_s = 30;
  int drain_timeout_s = 10;
  bool access_log = true;
};

struct DatabaseConfig {
  std::string url;  // empty = sqlite file DATA/dossier.db
  int busy_timeout_ms = 5000;
};

struct ThemeConfig {
  std::string dir;  // empty = the default theme shipped with Dossier
};

struct LogConfig {
  std::string level = "info";
};

struct CacheConfig {
  bool enabled = true;                       // rendered public pages kept in memory
  std::size_t max_bytes = 64 * 1024 * 1024;  // bodies + gzip bodies, LRU beyond it
};

struct FeedsConfig {
  bool full_content = false;  // whole article in feeds, or the dek as an excerpt
  int items = 20;
};

struct SearchConfig {
  // A new article's relevance is raised by this percentage, one recency_days old by half
  // of it (RankingOptions in search/search_index.hpp).
  int recency_boost_percent = 20;
  int recency_days = 365;
};

struct AuthConfig {
  int session_idle_minutes = 24 * 60;
  int session_absolute_days = 14;
  bool secure_cookies = false;  // set behind TLS: cookies then travel over HTTPS only
  int password_ops_limit = 2;   // argon2id passes (libsodium "interactive")
  int password_mem_kib = 64 * 1024;
  int login_attempts_per_address = 20;  // per 15 minutes
  int login_failures_per_account = 5;   // per 15 minutes
  bool authors_can_publish = true;
};

struct MediaConfig {
  std::size_t max_upload_bytes = 20 * 1024 * 1024;
  int workers = 1;                    // threads converting images (media/media_pool.hpp)
  int queue = 4;                      // uploads that may wait for one of them
  int per_user = 2;                   // one user's uploads being converted or waiting
  long long max_pixels = 40'000'000;  // width x height (all frames of an animation)
  int time_budget_ms = 10'000;        // converting one image may take this long
};

struct JobsConfig {
  int interval_ms = 1000;  // how often scheduled articles and other due work are checked
  int nice = 10;           // the jobs threads' Linux nice value: they yield to requests
};

struct MailConfig {
  std::string smtp_url;  // smtp://host:port or smtps://...; empty = mail stays queued, logged
  std::string smtp_user;
  std::string smtp_password;
  std::string from;  // "Name <address>"; empty = the site's title at noreply@ the site's host
  int rate_per_second = 10;
  int max_attempts = 8;
  // A claimed mail not renewed for this long is a stopped sender's (mail/outbox_sender.hpp):
  // another server's sender queues it again. Above the SMTP timeout (30 s).
  int claim_lease_s = 120;
  int digest_weekday = 1;  // the weekly digest is assembled on this day (0 = Sunday) ...
  int digest_hour = 8;     // ... at this hour, UTC
};

struct InsightConfig {
  bool capital_metonyms = true;  // "Moscow said" counts as Russia (not after "in", "to" ...)
};

struct CommentsConfig {
  int min_fill_seconds = 3;
  int max_links = 2;
  int per_address_per_hour = 10;
  int per_email_per_hour = 5;
  int close_after_days = 0;  // 0 = never
  std::vector<std::string> closed_kinds = {"page"};
  std::vector<std::string> blocked_words;
  std::vector<std::string> blocked_addresses;
  bool trust_approved_commenters = true;
  bool notify_moderators = true;  // mail editors and the author about comments awaiting them
  int ip_retention_days = 30;
};

// The Content and Admin APIs (api/gate.hpp).
struct ApiConfig {
  int rate_per_minute = 600;  // calls a minute per key, and per address without a key
};

struct ReportsConfig {
  std::string chromium;  // the PDF engine's path; empty = `chromium` on PATH (reports/)
};

struct Config {
  std::filesystem::path data_dir = "data";
  SiteConfig site;
  ServerConfig server;
  DatabaseConfig database;
  ThemeConfig theme;
  LogConfig log;
  CacheConfig cache;
  FeedsConfig feeds;
  SearchConfig search;
  AuthConfig auth;
  MediaConfig media;
  JobsConfig jobs;
  MailConfig mail;
  CommentsConfig comments;
  InsightConfig insight;
  ReportsConfig reports;
  ApiConfig api;
};

// Every key Dossier reads, with its default, for documentation and checks.
struct KeyDoc {
  std::string name;           // "server.listen"
  std::string env;            // "DOSSIER_SERVER_LISTEN"
  std::string default_value;  // as written in TOML
};
std::vector<KeyDoc> const& config_keys();

// Reads the TOML file (when given), then DOSSIER_* variables from env over it. Any unknown
// key, wrong type or out-of-range value is an Invalid error naming the key and its source.
Result<Config> load_config(std::optional<std::filesystem::path> const& file,
                           std::map<std::string, std::string> const& env);

// "HOST:PORT" -> host and port; port 0 asks the system for a free one.
Result<std::pair<std::string, std::uint16_t>> parse_listen(std::string const& text);

std::map<std::string, std::string> environment_variables();

}  // namespace dossier::app
