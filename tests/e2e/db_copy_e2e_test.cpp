// `dossier db copy` through the real binary (issue 18): the demo site copied out of its data
// directory and back into a new one serves the same home page and article; a bad URL and a
// target that holds rows are refused with a clear message and nothing changed.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <thread>

#include "support/postgres_server.hpp"
#include "test_client.hpp"
#include "test_process.hpp"

namespace dossier::test {
namespace {

// A published, public article of the demo.
constexpr char const* kDemoArticle = "/articles/iaea-inspectors-return-to-isfahan";

class DbCopyE2e : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = make_temp_dir("dossier-dbcopy-e2e");
    work_ = make_temp_dir("dossier-dbcopy-files");
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "init"}).exit_code, 0);
    auto demo = run({dossier_binary(), "--data", data_, "demo"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
  }
  void TearDown() override {
    remove_tree(data_);
    remove_tree(work_);
  }
  RunResult dossier(std::string const& data_dir, std::vector<std::string> const& args) {
    std::vector<std::string> argv{dossier_binary(), "--data", data_dir};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
  }
  // Each server analyses the demo's queue after it starts (insight's box, related articles):
  // the pages agree once both have, within seconds.
  static void expect_same_pages(ServerProcess& original, ServerProcess& copied,
                                std::vector<std::string> const& paths) {
    for (auto const& path : paths) {
      std::optional<HttpResponse> a, b;
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
      do {
        a = request(original.port(), "GET", path);
        b = request(copied.port(), "GET", path);
        ASSERT_TRUE(a && b) << path;
        if (a->body == b->body) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
      } while (std::chrono::steady_clock::now() < deadline);
      EXPECT_EQ(a->status, 200) << path;
      EXPECT_EQ(b->status, 200) << path;
      EXPECT_EQ(a->body, b->body) << path;
    }
  }
  std::string data_;
  std::string work_;
};

TEST_F(DbCopyE2e, TheDemoCopiedOutAndBackServesTheSamePages) {
  auto middle = "sqlite:" + work_ + "/middle.db";
  auto out = dossier(data_, {"db", "copy", "--to", middle});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_NE(out.out.find("the counts match"), std::string::npos) << out.out;
  EXPECT_NE(out.out.find("articles"), std::string::npos);
  // Not a terminal: one line per table on stderr, no carriage returns.
  EXPECT_NE(out.err.find("copied articles"), std::string::npos) << out.err;

  auto copy_dir = work_ + "/site";
  auto back = dossier(copy_dir, {"db", "copy", "--from", middle});
  ASSERT_EQ(back.exit_code, 0) << back.err;

  ServerProcess original(data_);
  ServerProcess copied(copy_dir);
  ASSERT_TRUE(original.started()) << original.first_line();
  ASSERT_TRUE(copied.started()) << copied.first_line();
  expect_same_pages(original, copied, {"/", kDemoArticle, "/search?q=inspectors"});
}

TEST_F(DbCopyE2e, TheDemoCopiedToPostgresqlIsServedFromIt) {
  PostgresServer postgres;
  ASSERT_TRUE(postgres.started()) << postgres.problem();
  auto url = postgres.url();  // the server's own, empty `postgres` database
  auto out = dossier(data_, {"db", "copy", "--to", url});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_NE(out.out.find("the counts match"), std::string::npos) << out.out;
  // A second copy into it is refused: it is not empty any more.
  auto again = dossier(data_, {"db", "copy", "--to", url});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("not empty"), std::string::npos) << again.err;

  // A server of its own data directory, on the copy: the demo's pages and its search.
  auto pg_dir = work_ + "/pg-site";
  std::map<std::string, std::string> env{{"DOSSIER_DATABASE_URL", url}};
  ASSERT_EQ(run({dossier_binary(), "--data", pg_dir, "init"}, env).exit_code, 0);
  ServerProcess original(data_);
  ServerProcess copied(pg_dir, env);
  ASSERT_TRUE(original.started()) << original.first_line();
  ASSERT_TRUE(copied.started()) << copied.first_line();
  expect_same_pages(original, copied, {"/", kDemoArticle});
  // Each engine ranks its own way (src/search/README.md): the same article is found.
  auto found = request(copied.port(), "GET", "/search?q=inspectors");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->status, 200);
  EXPECT_NE(found->body.find(kDemoArticle), std::string::npos);
}

TEST_F(DbCopyE2e, ABadUrlOrAFullTargetIsRefusedWithNothingChanged) {
  auto bad = dossier(data_, {"db", "copy", "--to", "mysql://somewhere/x"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("is not a database URL"), std::string::npos) << bad.err;

  auto neither = dossier(data_, {"db", "copy"});
  EXPECT_EQ(neither.exit_code, 2);

  // Copying the site into itself: the target holds rows.
  auto self = dossier(data_, {"db", "copy", "--to", "sqlite:" + data_ + "/dossier.db"});
  EXPECT_EQ(self.exit_code, 1);
  EXPECT_NE(self.err.find("not empty"), std::string::npos) << self.err;

  // An unreachable server: a clear error, no copy.
  auto away = dossier(data_, {"db", "copy", "--to", "postgresql://dossier@127.0.0.1:1/x"});
  EXPECT_EQ(away.exit_code, 1);
  EXPECT_NE(away.err.find("cannot connect to PostgreSQL"), std::string::npos) << away.err;

  // A data directory with its own site is not a target for --from.
  auto into_full = dossier(data_, {"db", "copy", "--from", "sqlite:" + data_ + "/dossier.db"});
  EXPECT_EQ(into_full.exit_code, 1);
  EXPECT_NE(into_full.err.find("not empty"), std::string::npos) << into_full.err;
}

}  // namespace
}  // namespace dossier::test
