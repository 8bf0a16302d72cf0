// A report's parts through the real binary: the newsroom's report page behind the gate (no
// session, no CSRF token: refused), bad input refused field by field with nothing saved, good
// input saved and shown at once on the article's cached page, and a missing PDF engine
// (DOSSIER_CHROMIUM=/nonexistent) named on the report page, with no file left behind.
#include <gtest/gtest.h>

#include <filesystem>

#include "newsroom_client.hpp"
#include "test_client.hpp"
#include "test_process.hpp"

namespace dossier::test {
namespace {

bool has(std::string const& text, std::string const& part) {
  return text.find(part) != std::string::npos;
}

class ReportsE2e : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = make_temp_dir("dossier-reports-e2e");
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "init"}).exit_code, 0);
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "demo"}).exit_code, 0);
  }
  void TearDown() override { remove_tree(data_); }
  std::string data_;
};

std::vector<std::pair<std::string, std::string>> report_form(std::string const& likelihood) {
  return {{"summary", "Freight through the strait will **fall** by a third."},
          {"teaser_headings", "1"},
          {"finding_heading", "Insurers raised premiums"},
          {"finding_detail", "Premiums rose in May."},
          {"finding_heading", ""},
          {"finding_detail", ""},
          {"risk_name", "Blockade of the strait"},
          {"risk_likelihood", likelihood},
          {"risk_impact", "5"},
          {"risk_note", "Severe if it happens"},
          {"risk_name", ""},
          {"risk_likelihood", "1"},
          {"risk_impact", "1"},
          {"risk_note", ""},
          {"recommendations", "Diversify routes."},
          {"methodology", "Interviews with twelve firms."},
          {"sources", "Port statistics."}};
}

TEST_F(ReportsE2e, TheNewsroomEditsAReportsPartsAndReadersSeeThemAtOnce) {
  ServerProcess server(data_, {{"DOSSIER_CHROMIUM", "/nonexistent"}});
  ASSERT_TRUE(server.started()) << server.first_line();
  auto client = NewsroomClient::sign_in_demo_admin(server.port(), data_);
  ASSERT_TRUE(client);
  ASSERT_EQ(client->publish("Strait shipping outlook", "The body of the outlook."), 303);
  auto db = data_ + "/dossier.db";
  auto id = sqlite_value(db, "SELECT id FROM articles WHERE title = 'Strait shipping outlook'");
  auto slug = sqlite_value(db, "SELECT slug FROM articles WHERE id = " + id);
  ASSERT_FALSE(id.empty());
  auto report = "/admin/articles/" + id + "/report";
  auto article = "/articles/" + slug;

  // The page is cached before the report has parts.
  auto before = request(server.port(), "GET", article);
  ASSERT_TRUE(before);
  ASSERT_EQ(before->status, 200);
  EXPECT_FALSE(has(before->body, "Insurers raised premiums"));

  // The gate: no session, or no CSRF token, gets nowhere.
  auto anonymous = request(server.port(), "GET", report);
  ASSERT_TRUE(anonymous);
  EXPECT_NE(anonymous->status, 200);
  EXPECT_FALSE(has(anonymous->body, "Report parts"));
  auto forged =
      request(server.port(), "POST", report,
              {{"Content-Type", "application/x-www-form-urlencoded"}}, form_body(report_form("3")));
  ASSERT_TRUE(forged);
  EXPECT_NE(forged->status, 303);
  EXPECT_EQ(sqlite_value(db, "SELECT COUNT(*) FROM report_parts WHERE article_id = " + id), "0");

  // The report page names the missing engine.
  auto page = client->post(report + "/pdf", {});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 500);
  EXPECT_TRUE(has(page->body, "PDF: could not be built: chromium not found at /nonexistent"))
      << page->body;
  EXPECT_FALSE(std::filesystem::exists(data_ + "/reports") &&
               !std::filesystem::is_empty(data_ + "/reports"));

  // Bad input: a clear error per field, nothing saved.
  auto bad = client->post(report, report_form("9"));
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_TRUE(has(bad->body, "Risk 1: the likelihood must be a whole number from 1 to 5."));
  EXPECT_TRUE(has(bad->body, "Nothing was saved"));
  EXPECT_TRUE(has(bad->body, "Blockade of the strait"));  // the input is kept for correcting
  EXPECT_EQ(sqlite_value(db, "SELECT COUNT(*) FROM report_parts WHERE article_id = " + id), "0");

  auto good = client->post(report, report_form("3"));
  ASSERT_TRUE(good);
  EXPECT_EQ(good->status, 303);
  EXPECT_EQ(sqlite_value(db,
                         "SELECT json_array_length(risks) FROM report_parts WHERE "
                         "article_id = " +
                             id),
            "1");

  // The reader's page shows the parts at once: the save dropped the cached page.
  auto after = request(server.port(), "GET", article);
  ASSERT_TRUE(after);
  ASSERT_EQ(after->status, 200);
  for (auto const* part : {"<strong>fall</strong>", "Insurers raised premiums",
                           "Premiums rose in May.", "<th scope=\"row\">Blockade of the strait</th>",
                           "role=\"img\"", "Diversify routes.", "Interviews with twelve firms."})
    EXPECT_TRUE(has(after->body, part)) << part;

  // The editor shows what was saved, and the engine's state.
  auto editor = client->post(report + "/pdf", {});  // the page again, via the build
  ASSERT_TRUE(editor);
  EXPECT_TRUE(has(editor->body, "value=\"Blockade of the strait\""));
  EXPECT_TRUE(has(editor->body, "chromium not found at /nonexistent"));
}

}  // namespace
}  // namespace dossier::test
