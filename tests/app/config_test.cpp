// load_config: defaults, the TOML file, DOSSIER_* variables over it, and every kind of mistake.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "app/config.hpp"
#include "support/temp_dir.hpp"
#include "support/test_paths.hpp"

namespace dossier::app {
namespace {

namespace fs = std::filesystem;
using Env = std::map<std::string, std::string>;

bool contains(std::string const& text, std::string const& part) {
  return text.find(part) != std::string::npos;
}

class ConfigFile : public ::testing::Test {
 protected:
  fs::path file(std::string const& toml) { return dir_.write("dossier.toml", toml); }
  test::TempDir dir_{"dossier-config"};
};

TEST(ConfigDefaults, MatchTheDocumentation) {
  auto c = load_config(std::nullopt, {});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->site.url, "http://127.0.0.1:8080");
  EXPECT_EQ(c->site.per_page, 10);
  EXPECT_EQ(c->server.host, "127.0.0.1");
  EXPECT_EQ(c->server.port, 8080);
  EXPECT_EQ(c->server.threads, 0);
  EXPECT_EQ(c->server.workers, 0);
  EXPECT_EQ(c->server.max_header_bytes, 16384u);
  EXPECT_EQ(c->server.max_body_bytes, 1048576u);
  EXPECT_EQ(c->server.max_url_bytes, 4096u);
  EXPECT_EQ(c->server.header_timeout_s, 10);
  EXPECT_EQ(c->server.body_timeout_s, 30);
  EXPECT_EQ(c->server.keepalive_timeout_s, 30);
  EXPECT_EQ(c->server.drain_timeout_s, 10);
  EXPECT_TRUE(c->server.access_log);
  EXPECT_EQ(c->database.url, "");
  EXPECT_EQ(c->database.busy_timeout_ms, 5000);
  EXPECT_EQ(c->theme.dir, "");
  EXPECT_EQ(c->log.level, "info");
}

TEST_F(ConfigFile, AppliesValidKeys) {
  auto c = load_config(file("[site]\n"
                            "url = \"https://news.example.org/\"\n"
                            "per_page = 25\n"
                            "[server]\n"
                            "listen = \"0.0.0.0:9000\"\n"
                            "threads = 4\n"
                            "max_body_bytes = 2048\n"
                            "access_log = false\n"
                            "[database]\n"
                            "url = \"sqlite:/tmp/x.db\"\n"
                            "[theme]\n"
                            "dir = \"/srv/theme\"\n"
                            "[log]\n"
                            "level = \"debug\"\n"),
                       {});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->site.url, "https://news.example.org");  // trailing slash removed
  EXPECT_EQ(c->site.per_page, 25);
  EXPECT_EQ(c->server.host, "0.0.0.0");
  EXPECT_EQ(c->server.port, 9000);
  EXPECT_EQ(c->server.threads, 4);
  EXPECT_EQ(c->server.max_body_bytes, 2048u);
  EXPECT_FALSE(c->server.access_log);
  EXPECT_EQ(c->database.url, "sqlite:/tmp/x.db");
  EXPECT_EQ(c->theme.dir, "/srv/theme");
  EXPECT_EQ(c->log.level, "debug");
  // Keys not in the file keep their defaults.
  EXPECT_EQ(c->server.workers, 0);
}

TEST_F(ConfigFile, UnknownKeyIsNamed) {
  auto c = load_config(file("[server]\nlisen = \"127.0.0.1:1\"\n"), {});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().kind, ErrorKind::Invalid);
  EXPECT_TRUE(contains(c.error().message, "server.lisen")) << c.error().message;
}

TEST_F(ConfigFile, UnknownSectionIsNamed) {
  auto c = load_config(file("[cache]\nsize = 3\n"), {});
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(contains(c.error().message, "cache.size")) << c.error().message;
}

TEST_F(ConfigFile, DatabaseUrlIsSqliteOrPostgresql) {
  auto pg =
      load_config(file("[database]\nurl = \"postgresql://dossier@db.internal:5433/site\"\n"), {});
  ASSERT_TRUE(pg.ok()) << pg.error().message;
  EXPECT_EQ(pg->database.url, "postgresql://dossier@db.internal:5433/site");
  for (char const* bad : {"mysql://db/site", "db.sqlite", "postgresql:/nohost"}) {
    auto c = load_config(file(std::string("[database]\nurl = \"") + bad + "\"\n"), {});
    ASSERT_FALSE(c.ok()) << bad;
    EXPECT_TRUE(contains(c.error().message, "database.url")) << c.error().message;
    EXPECT_TRUE(contains(c.error().message, "postgresql://")) << c.error().message;
  }
}

TEST_F(ConfigFile, TopLevelKeyIsRefused) {
  auto c = load_config(file("listen = \"127.0.0.1:1\"\n"), {});
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(contains(c.error().message, "listen")) << c.error().message;
}

TEST_F(ConfigFile, WrongTypeIsNamed) {
  auto c = load_config(file("[server]\nthreads = \"two\"\n"), {});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().kind, ErrorKind::Invalid);
  EXPECT_TRUE(contains(c.error().message, "server.threads")) << c.error().message;
  EXPECT_TRUE(contains(c.error().message, "integer")) << c.error().message;

  auto b = load_config(file("[server]\naccess_log = \"yes\"\n"), {});
  ASSERT_FALSE(b.ok());
  EXPECT_TRUE(contains(b.error().message, "server.access_log")) << b.error().message;
}

TEST_F(ConfigFile, OutOfRangeIsRefused) {
  auto c = load_config(file("[site]\nper_page = 0\n"), {});
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(contains(c.error().message, "site.per_page")) << c.error().message;
  EXPECT_FALSE(load_config(file("[site]\nper_page = 101\n"), {}).ok());
  EXPECT_FALSE(load_config(file("[server]\nthreads = -1\n"), {}).ok());
  EXPECT_FALSE(load_config(file("[site]\nurl = \"ftp://x\"\n"), {}).ok());
  EXPECT_FALSE(load_config(file("[log]\nlevel = \"loud\"\n"), {}).ok());
  EXPECT_FALSE(load_config(file("[database]\nurl = \"mysql://x\"\n"), {}).ok());
  EXPECT_FALSE(load_config(file("[server]\nlisten = \"127.0.0.1:70000\"\n"), {}).ok());
}

TEST_F(ConfigFile, SyntaxErrorGivesTheLine) {
  auto c = load_config(file("[site]\nper_page = 10\nurl = \"unterminated\n"), {});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().kind, ErrorKind::Invalid);
  // "FILE:LINE:COLUMN: description"
  EXPECT_TRUE(contains(c.error().message, "dossier.toml:3:")) << c.error().message;
}

TEST_F(ConfigFile, EnvironmentOverridesTheFile) {
  auto c = load_config(file("[server]\nlisten = \"127.0.0.1:9000\"\nthreads = 2\n"),
                       {{"DOSSIER_SERVER_LISTEN", "0.0.0.0:9100"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->server.host, "0.0.0.0");
  EXPECT_EQ(c->server.port, 9100);
  EXPECT_EQ(c->server.threads, 2);  // from the file, not overridden
}

TEST(ConfigEnv, AppliesTypedValues) {
  auto c = load_config(std::nullopt, {{"DOSSIER_SERVER_THREADS", "3"},
                                      {"DOSSIER_SERVER_ACCESS_LOG", "false"},
                                      {"DOSSIER_SITE_PER_PAGE", "20"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->server.threads, 3);
  EXPECT_FALSE(c->server.access_log);
  EXPECT_EQ(c->site.per_page, 20);
}

TEST(ConfigEnv, UnknownVariableIsNamed) {
  auto c = load_config(std::nullopt, {{"DOSSIER_FOO", "1"}});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().kind, ErrorKind::Invalid);
  EXPECT_TRUE(contains(c.error().message, "DOSSIER_FOO")) << c.error().message;
}

TEST(ConfigEnv, WrongTypeIsNamed) {
  for (auto const* bad : {"abc", "", "3x", "1.5"}) {
    auto c = load_config(std::nullopt, {{"DOSSIER_SERVER_THREADS", bad}});
    ASSERT_FALSE(c.ok()) << "'" << bad << "'";
    EXPECT_TRUE(contains(c.error().message, "DOSSIER_SERVER_THREADS")) << c.error().message;
  }
  EXPECT_FALSE(load_config(std::nullopt, {{"DOSSIER_SERVER_ACCESS_LOG", "yes"}}).ok());
}

TEST(ConfigEnv, OutOfRangeIsRefused) {
  auto c = load_config(std::nullopt, {{"DOSSIER_SITE_PER_PAGE", "0"}});
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(contains(c.error().message, "DOSSIER_SITE_PER_PAGE")) << c.error().message;
}

TEST(ConfigEnv, ReservedAndForeignVariablesAreIgnored) {
  auto c = load_config(std::nullopt, {{"DOSSIER_DATA", "/srv/data"},
                                      {"DOSSIER_CONFIG", "/etc/dossier.toml"},
                                      {"HOME", "/root"},
                                      {"PATH", "/usr/bin"},
                                      {"XDOSSIER_FOO", "1"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->server.port, 8080);
}

TEST(ParseListen, AcceptsHostAndPort) {
  auto r = parse_listen("127.0.0.1:8080");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->first, "127.0.0.1");
  EXPECT_EQ(r->second, 8080);
  auto zero = parse_listen("localhost:0");
  ASSERT_TRUE(zero.ok());
  EXPECT_EQ(zero->second, 0);
  auto max = parse_listen("0.0.0.0:65535");
  ASSERT_TRUE(max.ok());
  EXPECT_EQ(max->second, 65535);
}

TEST(ParseListen, StripsIpv6Brackets) {
  auto r = parse_listen("[::1]:80");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->first, "::1");
  EXPECT_EQ(r->second, 80);
}

TEST(ParseListen, RefusesMalformedText) {
  for (auto const* bad : {"127.0.0.1", "host:", ":80", "", "host:70000", "host:abc", "host:-1",
                          "host:80x", "[::1]"}) {
    auto r = parse_listen(bad);
    EXPECT_FALSE(r.ok()) << "'" << bad << "'";
    if (!r.ok()) EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  }
}

TEST(ConfigKeys, ListsEveryKeyWithItsVariable) {
  auto const& keys = config_keys();
  std::vector<std::string> names;
  for (auto const& k : keys) names.push_back(k.name);
  for (auto const* expected :
       {"site.url", "site.per_page", "server.listen", "server.threads", "server.workers",
        "server.max_header_bytes", "server.max_body_bytes", "server.max_url_bytes",
        "server.header_timeout_s", "server.body_timeout_s", "server.keepalive_timeout_s",
        "server.drain_timeout_s", "server.access_log", "database.url", "database.busy_timeout_ms",
        "theme.dir", "log.level"})
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  for (auto const& k : keys) {
    EXPECT_TRUE(k.env.starts_with("DOSSIER_")) << k.env;
    EXPECT_FALSE(k.default_value.empty()) << k.name;
  }
  auto listen = std::find_if(keys.begin(), keys.end(),
                             [](KeyDoc const& k) { return k.name == "server.listen"; });
  ASSERT_NE(listen, keys.end());
  EXPECT_EQ(listen->env, "DOSSIER_SERVER_LISTEN");
}

TEST(ConfigKeys, DefaultsParseBackToTheDefaultConfig) {
  // Each documented default, written to a file, loads and changes nothing.
  test::TempDir dir("dossier-config");
  std::string toml;
  std::string section;
  for (auto const& k : config_keys()) {
    auto dot = k.name.find('.');
    auto s = k.name.substr(0, dot);
    if (s != section) toml += "[" + s + "]\n";
    section = s;
    toml += k.name.substr(dot + 1) + " = " + k.default_value + "\n";
  }
  auto c = load_config(dir.write("defaults.toml", toml), {});
  ASSERT_TRUE(c.ok()) << c.error().message << "\n" << toml;
  auto d = load_config(std::nullopt, {});
  EXPECT_EQ(c->site.url, d->site.url);
  EXPECT_EQ(c->server.port, d->server.port);
  EXPECT_EQ(c->server.max_body_bytes, d->server.max_body_bytes);
  EXPECT_EQ(c->log.level, d->log.level);
}

TEST(ConfigKeys, EveryKeyIsDocumented) {
  auto doc = fs::path(::dossier::test::source_dir()) / "docs" / "CONFIGURATION.md";
  if (!fs::exists(doc)) GTEST_SKIP() << doc << " does not exist yet";
  std::ifstream in(doc);
  std::stringstream ss;
  ss << in.rdbuf();
  auto text = ss.str();
  for (auto const& k : config_keys()) {
    EXPECT_TRUE(contains(text, "`" + k.name + "`")) << k.name << " missing from " << doc;
    EXPECT_TRUE(contains(text, "`" + k.env + "`")) << k.env << " missing from " << doc;
  }
}

}  // namespace
}  // namespace dossier::app
