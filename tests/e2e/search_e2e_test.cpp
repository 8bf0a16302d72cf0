// Search through the real binary: `dossier reindex`, the results page and the JSON API over
// HTTP, and queries that must never fail.
#include <gtest/gtest.h>

#include <memory>

#include "test_client.hpp"
#include "test_process.hpp"

namespace dossier::test {
namespace {

class SearchE2ETest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = make_temp_dir("dossier-search-e2e");
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "init"}).exit_code, 0);
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "demo"}).exit_code, 0);
    server_ = std::make_unique<ServerProcess>(data_);
    ASSERT_TRUE(server_->started()) << server_->first_line();
  }
  static void TearDownTestSuite() {
    if (server_) EXPECT_EQ(server_->terminate(), 0);
    server_.reset();
    remove_tree(data_);
  }
  static HttpResponse get(std::string const& target) {
    auto r = request(server_->port(), "GET", target);
    EXPECT_TRUE(r.has_value()) << target;
    return r.value_or(HttpResponse{});
  }
  static inline std::string data_;
  static inline std::unique_ptr<ServerProcess> server_;
};

TEST_F(SearchE2ETest, ResultsPageFindsTheDemoArticles) {
  auto r = get("/search?q=shadow+fleet+sanctions");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("href=\"/articles/treasury-sanctions-shadow-fleet-tankers\""),
            std::string::npos);
  EXPECT_NE(r.body.find("<mark>"), std::string::npos);
  // Stemming and folded diacritics over HTTP: "Anais" finds "Anaïs".
  auto folded = get("/search?q=anais+favre");
  EXPECT_NE(folded.body.find("/articles/geneva-ceasefire-talks-end-without-deal"),
            std::string::npos);
}

TEST_F(SearchE2ETest, ApiAnswersJson) {
  auto r = get("/api/search?q=inspectors&per_page=5&facets=0");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
  EXPECT_NE(r.body.find("\"url\":\"/articles/iaea-inspectors-return-to-isfahan\""),
            std::string::npos);
  EXPECT_EQ(r.body.find("\"facets\""), std::string::npos);
}

TEST_F(SearchE2ETest, ApiAnswersCannotBeSniffedAsHtml) {
  auto r = get("/api/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E+inspectors+%26+%22x%22");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.body.find_first_of("<>&"), std::string::npos) << r.body;
}

TEST_F(SearchE2ETest, HostileQueriesAreAnsweredNotFailed) {
  for (auto const* target :
       {"/search?q=%22unbalanced", "/search?q=%FF%FE%00", "/search?q=OR", "/search?page=abc",
        "/search?q=a&page=-5&per_page=100000", "/search?q=NEAR(a%20b)", "/search",
        "/api/search?q=%22%22%22", "/api/search?q=-only"}) {
    auto r = get(target);
    EXPECT_EQ(r.status, 200) << target;
  }
  auto noted = get("/search?q=%22grain+corridor");
  EXPECT_NE(noted.body.find("An unbalanced quote was ignored."), std::string::npos);
  EXPECT_EQ(get("/").status, 200);
}

TEST(SearchReindexTest, ReindexRebuildsWithAProgressBar) {
  auto data = make_temp_dir("dossier-reindex");
  ASSERT_EQ(run({dossier_binary(), "--data", data, "init"}).exit_code, 0);
  ASSERT_EQ(run({dossier_binary(), "--data", data, "demo"}).exit_code, 0);
  auto r = run({dossier_binary(), "--data", data, "reindex"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Indexed 12 articles for search"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("100% (12/12)"), std::string::npos) << r.err;
  auto missing = run({dossier_binary(), "--data", data + "/nowhere", "reindex"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_FALSE(missing.err.empty());
  remove_tree(data);
}

}  // namespace
}  // namespace dossier::test
