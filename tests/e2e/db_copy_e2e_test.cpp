// `dossier db copy` through the real binary (issue 18): the demo site copied out of its data
// directory and back into a new one serves the same home page and article; a bad URL and a
// target that holds rows are refused with a clear message and nothing changed.
#include <gtest/gtest.h>

#include <filesystem>

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
  for (auto path : {"/", kDemoArticle, "/search?q=inspectors"}) {
    auto a = request(original.port(), "GET", path);
    auto b = request(copied.port(), "GET", path);
    ASSERT_TRUE(a && b) << path;
    EXPECT_EQ(a->status, 200) << path;
    EXPECT_EQ(b->status, 200) << path;
    EXPECT_EQ(a->body, b->body) << path;
  }
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
