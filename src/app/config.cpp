#include "app/config.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <functional>
#include <variant>

#include <fmt/format.h>
#include <toml++/toml.h>

extern char** environ;

namespace dossier::app {

namespace {

using Value = std::variant<std::string, std::int64_t, bool>;
enum class Type { String, Integer, Boolean };

// Applies a value to the config; returns an error message or nothing.
using Apply = std::function<std::optional<std::string>(Config&, Value const&)>;

struct Key {
  std::string name;
  Type type;
  std::string default_value;
  Apply apply;
};

template <typename Member>
Apply integer(Member member, std::int64_t lo, std::int64_t hi) {
  return [member, lo, hi](Config& c, Value const& v) -> std::optional<std::string> {
    auto n = std::get<std::int64_t>(v);
    if (n < lo || n > hi) return fmt::format("must be between {} and {}", lo, hi);
    std::invoke(member, c) = static_cast<std::decay_t<decltype(std::invoke(member, c))>>(n);
    return std::nullopt;
  };
}

std::vector<Key> const& keys() {
  static std::vector<Key> const all = [] {
    std::vector<Key> k;
    k.push_back({"site.url", Type::String, "\"http://127.0.0.1:8080\"",
                 [](Config& c, Value const& v) -> std::optional<std::string> {
                   auto s = std::get<std::string>(v);
                   if (!s.starts_with("http://") && !s.starts_with("https://"))
                     return "must start with http:// or https://";
                   while (s.ends_with('/')) s.pop_back();
                   c.site.url = s;
                   return std::nullopt;
                 }});
    k.push_back({"site.per_page", Type::Integer, "10",
                 integer([](Config& c) -> int& { return c.site.per_page; }, 1, 100)});
    k.push_back({"server.listen", Type::String, "\"127.0.0.1:8080\"",
                 [](Config& c, Value const& v) -> std::optional<std::string> {
                   auto parsed = parse_listen(std::get<std::string>(v));
                   if (!parsed) return parsed.error().message;
                   c.server.host = parsed->first;
                   c.server.port = parsed->second;
                   return std::nullopt;
                 }});
    auto server_int = [&](std::string name, auto member, std::int64_t def, std::int64_t lo,
                          std::int64_t hi) {
      k.push_back({"server." + name, Type::Integer, std::to_string(def), integer(member, lo, hi)});
    };
    server_int(
        "threads", [](Config& c) -> int& { return c.server.threads; }, 0, 0, 256);
    server_int(
        "workers", [](Config& c) -> int& { return c.server.workers; }, 0, 0, 1024);
    server_int(
        "max_header_bytes", [](Config& c) -> std::size_t& { return c.server.max_header_bytes; },
        16384, 1024, 1024 * 1024);
    server_int(
        "max_body_bytes", [](Config& c) -> std::size_t& { return c.server.max_body_bytes; },
        1048576, 1024, std::int64_t{1} << 32);
    server_int(
        "max_url_bytes", [](Config& c) -> std::size_t& { return c.server.max_url_bytes; }, 4096,
        256, 65536);
    server_int(
        "header_timeout_s", [](Config& c) -> int& { return c.server.header_timeout_s; }, 10, 1,
        3600);
    server_int(
        "body_timeout_s", [](Config& c) -> int& { return c.server.body_timeout_s; }, 30, 1, 3600);
    server_int(
        "keepalive_timeout_s", [](Config& c) -> int& { return c.server.keepalive_timeout_s; }, 30,
        1, 3600);
    server_int(
        "drain_timeout_s", [](Config& c) -> int& { return c.server.drain_timeout_s; }, 10, 0, 3600);
    k.push_back({"server.access_log", Type::Boolean, "true",
                 [](Config& c, Value const& v) -> std::optional<std::string> {
                   c.server.access_log = std::get<bool>(v);
                   return std::nullopt;
                 }});
    k.push_back({"database.url", Type::String, "\"\"",
                 [](Config& c, Value const& v) -> std::optional<std::string> {
                   auto s = std::get<std::string>(v);
                   // The URL's form is checked here; whether the server answers is the
                   // database's to say when it opens (a clear error then, before serving).
                   if (!s.empty() && !s.starts_with("sqlite:") && !s.starts_with("postgresql://") &&
                       !s.starts_with("postgres://"))
                     return "must be sqlite:PATH or postgresql://USER@HOST[:PORT]/DATABASE";
                   c.database.url = s;
                   return std::nullopt;
                 }});
    k.push_back({"database.busy_timeout_ms", Type::Integer, "5000",
                 integer([](Config& c) -> int& { return c.database.busy_timeout_ms; }, 0, 600000)});
    k.push_back({"theme.dir", Type::String, "\"\"",
                 [](Config& c, Value const& v) -> std::optional<std::string> {
                   c.theme.dir = std::get<std::string>(v);
                   return std::nullopt;
                 }});
    k.push_back({"cache.enabled", Type::Boolean, "true",
                 [](Config& c, Value const& v) -> std::optional<std::string> {
                   c.cache.enabled = std::get<bool>(v);
                   return std::nullopt;
                 }});
    k.push_back({"cache.max_bytes", Type::Integer, "67108864",
                 integer([](Config& c) -> std::size_t& { return c.cache.max_bytes; }, 1024 * 1024,
                         std::int64_t{64} << 30)});
    k.push_back({"feeds.full_content", Type::Boolean, "false",
                 [](Config& c, Value const& v) -> std::optional<std::string> {
                   c.feeds.full_content = std::get<bool>(v);
                   return std::nullopt;
                 }});
    k.push_back({"feeds.items", Type::Integer, "20",
                 integer([](Config& c) -> int& { return c.feeds.items; }, 1, 500)});
    k.push_back(
        {"search.recency_boost_percent", Type::Integer, "20",
         integer([](Config& c) -> int& { return c.search.recency_boost_percent; }, 0, 1000)});
    k.push_back({"search.recency_days", Type::Integer, "365",
                 integer([](Config& c) -> int& { return c.search.recency_days; }, 1, 36500)});
    auto auth_int = [&](std::string name, auto member, std::int64_t def, std::int64_t lo,
                        std::int64_t hi) {
      k.push_back({"auth." + name, Type::Integer, std::to_string(def), integer(member, lo, hi)});
    };
    auth_int(
        "session_idle_minutes", [](Config& c) -> int& { return c.auth.session_idle_minutes; },
        24 * 60, 1, 525600);
    auth_int(
        "session_absolute_days", [](Config& c) -> int& { return c.auth.session_absolute_days; }, 14,
        1, 365);
    auth_int(
        "password_ops_limit", [](Config& c) -> int& { return c.auth.password_ops_limit; }, 2, 1,
        20);
    auth_int(
        "password_mem_kib", [](Config& c) -> int& { return c.auth.password_mem_kib; }, 65536, 8,
        4 * 1024 * 1024);
    auth_int(
        "login_attempts_per_address",
        [](Config& c) -> int& { return c.auth.login_attempts_per_address; }, 20, 1, 100000);
    auth_int(
        "login_failures_per_account",
        [](Config& c) -> int& { return c.auth.login_failures_per_account; }, 5, 1, 1000);
    k.push_back({"auth.secure_cookies", Type::Boolean, "false",
                 [](Config& c, Value const& v) -> std::optional<std::string> {
                   c.auth.secure_cookies = std::get<bool>(v);
                   return std::nullopt;
                 }});
    k.push_back({"auth.authors_can_publish", Type::Boolean, "true",
                 [](Config& c, Value const& v) -> std::optional<std::string> {
                   c.auth.authors_can_publish = std::get<bool>(v);
                   return std::nullopt;
                 }});
    k.push_back({"media.max_upload_bytes", Type::Integer, "20971520",
                 integer([](Config& c) -> std::size_t& { return c.media.max_upload_bytes; }, 1024,
                         std::int64_t{1} << 30)});
    k.push_back({"media.workers", Type::Integer, "1",
                 integer([](Config& c) -> int& { return c.media.workers; }, 1, 64)});
    k.push_back({"media.queue", Type::Integer, "4",
                 integer([](Config& c) -> int& { return c.media.queue; }, 0, 1000)});
    k.push_back({"media.per_user", Type::Integer, "2",
                 integer([](Config& c) -> int& { return c.media.per_user; }, 1, 1000)});
    k.push_back({"media.max_pixels", Type::Integer, "40000000",
                 integer([](Config& c) -> long long& { return c.media.max_pixels; }, 1,
                         std::int64_t{12000} * 12000)});
    k.push_back({"media.time_budget_ms", Type::Integer, "10000",
                 integer([](Config& c) -> int& { return c.media.time_budget_ms; }, 100, 600000)});
    k.push_back({"api.rate_per_minute", Type::Integer, "600",
                 integer([](Config& c) -> int& { return c.api.rate_per_minute; }, 1, 1000000)});
    k.push_back({"jobs.interval_ms", Type::Integer, "1000",
                 integer([](Config& c) -> int& { return c.jobs.interval_ms; }, 50, 3600000)});
    k.push_back({"jobs.nice", Type::Integer, "10",
                 integer([](Config& c) -> int& { return c.jobs.nice; }, 0, 19)});
    k.push_back({"mail.smtp_url", Type::String, "\"\"",
                 [](Config& c, Value const& v) -> std::optional<std::string> {
                   auto s = std::get<std::string>(v);
                   if (!s.empty() && !s.starts_with("smtp://") && !s.starts_with("smtps://"))
                     return "must start with smtp:// or smtps://";
                   c.mail.smtp_url = s;
                   return std::nullopt;
                 }});
    k.push_back({"mail.smtp_user", Type::String, "\"\"",
                 [](Config& c, Value const& v) -> std::optional<std::string> {
                   c.mail.smtp_user = std::get<std::string>(v);
                   return std::nullopt;
                 }});
    k.push_back({"mail.smtp_password", Type::String, "\"\"",
                 [](Config& c, Value const& v) -> std::optional<std::string> {
                   c.mail.smtp_password = std::get<std::string>(v);
                   return std::nullopt;
                 }});
    k.push_back({"mail.from", Type::String, "\"\"",
                 [](Config& c, Value const& v) -> std::optional<std::string> {
                   auto s = std::get<std::string>(v);
                   if (s.find_first_of("\r\n") != std::string::npos ||
                       (!s.empty() && s.find('@') == std::string::npos))
                     return "must be an address, such as \"Institute <news@example.org>\"";
                   c.mail.from = s;
                   return std::nullopt;
                 }});
    k.push_back({"mail.rate_per_second", Type::Integer, "10",
                 integer([](Config& c) -> int& { return c.mail.rate_per_second; }, 1, 10000)});
    k.push_back({"mail.max_attempts", Type::Integer, "8",
                 integer([](Config& c) -> int& { return c.mail.max_attempts; }, 1, 100)});
    k.push_back({"mail.claim_lease_s", Type::Integer, "120",
                 integer([](Config& c) -> int& { return c.mail.claim_lease_s; }, 1, 86400)});
    k.push_back({"mail.digest_weekday", Type::Integer, "1",
                 integer([](Config& c) -> int& { return c.mail.digest_weekday; }, 0, 6)});
    k.push_back({"mail.digest_hour", Type::Integer, "8",
                 integer([](Config& c) -> int& { return c.mail.digest_hour; }, 0, 23)});
    auto comments_int = [&](std::string name, auto member, std::int64_t def, std::int64_t lo,
                            std::int64_t hi) {
      k.push_back(
          {"comments." + name, Type::Integer, std::to_string(def), integer(member, lo, hi)});
    };
    comments_int(
        "min_fill_seconds", [](Config& c) -> int& { return c.comments.min_fill_seconds; }, 3, 0,
        3600);
    comments_int(
        "max_links", [](Config& c) -> int& { return c.comments.max_links; }, 2, 0, 100);
    comments_int(
        "per_address_per_hour", [](Config& c) -> int& { return c.comments.per_address_per_hour; },
        10, 1, 100000);
    comments_int(
        "per_email_per_hour", [](Config& c) -> int& { return c.comments.per_email_per_hour; }, 5, 1,
        100000);
    comments_int(
        "close_after_days", [](Config& c) -> int& { return c.comments.close_after_days; }, 0, 0,
        36500);
    comments_int(
        "ip_retention_days", [](Config& c) -> int& { return c.comments.ip_retention_days; }, 30, 1,
        3650);
    auto comma_list = [](std::vector<std::string> CommentsConfig::*member, bool lower) {
      return [member, lower](Config& c, Value const& v) -> std::optional<std::string> {
        std::vector<std::string> out;
        std::string item;
        for (char ch : std::get<std::string>(v) + ",") {
          if (ch != ',') {
            item += lower ? static_cast<char>(std::tolower(static_cast<unsigned char>(ch))) : ch;
            continue;
          }
          while (!item.empty() && item.front() == ' ') item.erase(0, 1);
          while (!item.empty() && item.back() == ' ') item.pop_back();
          if (!item.empty()) out.push_back(item);
          item.clear();
        }
        c.comments.*member = out;
        return std::nullopt;
      };
    };
    k.push_back({"comments.closed_kinds", Type::String, "\"page\"",
                 comma_list(&CommentsConfig::closed_kinds, true)});
    k.push_back({"comments.blocked_words", Type::String, "\"\"",
                 comma_list(&CommentsConfig::blocked_words, true)});
    k.push_back({"comments.blocked_addresses", Type::String, "\"\"",
                 comma_list(&CommentsConfig::blocked_addresses, false)});
    k.push_back({"comments.trust_approved_commenters", Type::Boolean, "true",
                 [](Config& c, Value const& v) -> std::optional<std::string> {
                   c.comments.trust_approved_commenters = std::get<bool>(v);
                   return std::nullopt;
                 }});
    k.push_back({"comments.notify_moderators", Type::Boolean, "true",
                 [](Config& c, Value const& v) -> std::optional<std::string> {
                   c.comments.notify_moderators = std::get<bool>(v);
                   return std::nullopt;
                 }});
    k.push_back({"insight.capital_metonyms", Type::Boolean, "true",
                 [](Config& c, Value const& v) -> std::optional<std::string> {
                   c.insight.capital_metonyms = std::get<bool>(v);
                   return std::nullopt;
                 }});
    k.push_back({"reports.chromium", Type::String, "\"\"",
                 [](Config& c, Value const& v) -> std::optional<std::string> {
                   c.reports.chromium = std::get<std::string>(v);
                   return std::nullopt;
                 }});
    k.push_back({"log.level", Type::String, "\"info\"",
                 [](Config& c, Value const& v) -> std::optional<std::string> {
                   auto s = std::get<std::string>(v);
                   if (s != "debug" && s != "info" && s != "warn" && s != "error")
                     return "must be one of debug, info, warn, error";
                   c.log.level = s;
                   return std::nullopt;
                 }});
    return k;
  }();
  return all;
}

std::string env_name(std::string const& key) {
  std::string out = "DOSSIER_";
  for (char c : key) out.push_back(c == '.' ? '_' : static_cast<char>(std::toupper(c)));
  return out;
}

char const* type_name(Type t) {
  switch (t) {
    case Type::String: return "a string";
    case Type::Integer: return "an integer";
    case Type::Boolean: return "true or false";
  }
  return "";
}

std::optional<Value> from_toml(toml::node const& node, Type type) {
  switch (type) {
    case Type::String:
      if (auto s = node.value<std::string>(); s && node.is_string()) return Value{*s};
      break;
    case Type::Integer:
      if (node.is_integer()) return Value{*node.value<std::int64_t>()};
      break;
    case Type::Boolean:
      if (node.is_boolean()) return Value{*node.value<bool>()};
      break;
  }
  return std::nullopt;
}

std::optional<Value> from_env(std::string const& text, Type type) {
  switch (type) {
    case Type::String: return Value{text};
    case Type::Integer: {
      std::int64_t n = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
      if (ec != std::errc{} || end != text.data() + text.size() || text.empty())
        return std::nullopt;
      return Value{n};
    }
    case Type::Boolean:
      if (text == "true" || text == "1") return Value{true};
      if (text == "false" || text == "0") return Value{false};
      return std::nullopt;
  }
  return std::nullopt;
}

// Variables that are options of the command line, not keys of the file.
bool is_reserved_env(std::string const& name) {
  // DOSSIER_CHROMIUM names the PDF engine for reports (app/report_wiring.cpp), as it does
  // for the browser tests.
  return name == "DOSSIER_DATA" || name == "DOSSIER_CONFIG" || name == "DOSSIER_CHROMIUM";
}

}  // namespace

std::vector<KeyDoc> const& config_keys() {
  static std::vector<KeyDoc> const docs = [] {
    std::vector<KeyDoc> out;
    for (auto const& k : keys()) out.push_back({k.name, env_name(k.name), k.default_value});
    return out;
  }();
  return docs;
}

Result<std::pair<std::string, std::uint16_t>> parse_listen(std::string const& text) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
    return invalid(fmt::format("'{}' is not HOST:PORT", text));
  std::string host = text.substr(0, colon);
  auto port_text = text.substr(colon + 1);
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc{} || end != port_text.data() + port_text.size() || port > 65535)
    return invalid(fmt::format("'{}' is not a port number (0-65535)", port_text));
  if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return std::pair{host, static_cast<std::uint16_t>(port)};
}

Result<Config> load_config(std::optional<std::filesystem::path> const& file,
                           std::map<std::string, std::string> const& env) {
  Config config;
  if (file) {
    toml::table table;
    try {
      table = toml::parse_file(file->string());
    } catch (toml::parse_error const& e) {
      auto const& where = e.source().begin;
      return invalid(
          fmt::format("{}:{}:{}: {}", file->string(), where.line, where.column, e.description()));
    }
    // Reject unknown sections and keys first, so a typo never silently falls back to a default.
    for (auto const& [section, node] : table) {
      auto const* sub = node.as_table();
      if (!sub)
        return invalid(fmt::format("{}: '{}' must be a [section]", file->string(), section.str()));
      for (auto const& [name, value] : *sub) {
        std::string full = fmt::format("{}.{}", section.str(), name.str());
        auto it = std::find_if(keys().begin(), keys().end(),
                               [&](Key const& k) { return k.name == full; });
        if (it == keys().end())
          return invalid(fmt::format("{}: unknown key '{}'", file->string(), full));
        auto v = from_toml(value, it->type);
        if (!v)
          return invalid(
              fmt::format("{}: '{}' must be {}", file->string(), full, type_name(it->type)));
        if (auto problem = it->apply(config, *v))
          return invalid(fmt::format("{}: '{}' {}", file->string(), full, *problem));
      }
    }
  }
  // Not a structured binding: clang before 16 cannot capture one in the lambda below.
  for (auto const& entry : env) {
    auto const& name = entry.first;
    auto const& text = entry.second;
    if (!name.starts_with("DOSSIER_") || is_reserved_env(name)) continue;
    auto it = std::find_if(keys().begin(), keys().end(),
                           [&](Key const& k) { return env_name(k.name) == name; });
    if (it == keys().end()) return invalid(fmt::format("environment: unknown variable {}", name));
    auto v = from_env(text, it->type);
    if (!v) return invalid(fmt::format("environment: {} must be {}", name, type_name(it->type)));
    if (auto problem = it->apply(config, *v))
      return invalid(fmt::format("environment: {} {}", name, *problem));
  }
  return config;
}

std::map<std::string, std::string> environment_variables() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    out.emplace(entry.substr(0, eq), entry.substr(eq + 1));
  }
  return out;
}

}  // namespace dossier::app
