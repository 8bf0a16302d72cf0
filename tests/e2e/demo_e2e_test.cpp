// The demo's client side through the real binary: `dossier demo` loads two organisations with
// their members and grants, three client-only reports with structured parts (one with a risk
// matrix spread over the 5x5 grid) and one new access request; an anonymous reader gets the
// reports' teasers, and a member of the organisation granted the Europe category reads that
// report in full and only the teaser of the others.
#include <gtest/gtest.h>

#include "newsroom_client.hpp"
#include "test_client.hpp"
#include "test_process.hpp"

namespace dossier::test {
namespace {

constexpr char const* kGridReport = "europe-power-grid-winter-outlook";
constexpr char const* kShippingReport = "red-sea-shipping-disruption-outlook";
constexpr char const* kUniversityMember = "m.castellanos@northfield.example.org";
// A sentence of the grid report's body, which only its full readers see.
constexpr char const* kGridBodyText = "The scenario the workshop worked through";

class DemoE2e : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = make_temp_dir("dossier-demo-e2e");
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "init"}).exit_code, 0);
    demo_ = run({dossier_binary(), "--data", data_, "demo"});
    ASSERT_EQ(demo_.exit_code, 0) << demo_.err;
  }
  void TearDown() override { remove_tree(data_); }
  std::string value(std::string const& query) { return sqlite_value(data_ + "/dossier.db", query); }
  std::string data_;
  RunResult demo_;
};

TEST_F(DemoE2e, LoadsOrganisationsMembersGrantsReportsAndARequest) {
  EXPECT_NE(demo_.out.find("Clients: 2 organisations, 3 members, 2 grants; 3 client-only reports"),
            std::string::npos)
      << demo_.out;
  EXPECT_EQ(value("SELECT COUNT(*) FROM clients"), "2");
  EXPECT_EQ(value("SELECT group_concat(seats, ',') FROM (SELECT seats FROM clients ORDER BY id)"),
            "3,5");
  EXPECT_EQ(value("SELECT group_concat(n, ',') FROM (SELECT COUNT(*) AS n FROM client_members"
                  " WHERE status = 'active' GROUP BY client_id ORDER BY client_id)"),
            "2,1");
  EXPECT_EQ(value("SELECT scope FROM client_grants WHERE client_id = 1"), "all");
  EXPECT_EQ(value("SELECT c.slug FROM client_grants g JOIN categories c ON c.id = g.target_id"
                  " WHERE g.client_id = 2 AND g.scope = 'category'"),
            "europe");

  EXPECT_EQ(value("SELECT COUNT(*) FROM articles WHERE visibility = 'clients' AND kind = 'report'"
                  " AND status = 'published' AND hero_media_id IS NOT NULL"),
            "3");
  EXPECT_EQ(value("SELECT COUNT(*) FROM report_parts p JOIN articles a ON a.id = p.article_id"
                  " WHERE a.visibility = 'clients' AND p.summary_markdown <> ''"),
            "3");
  // The grid report's matrix: at least six risks, in at least six different cells.
  auto grid = std::string(
                  "(SELECT p.risks FROM report_parts p JOIN articles a ON"
                  " a.id = p.article_id WHERE a.slug = '") +
              kGridReport + "')";
  EXPECT_GE(std::stoi(value("SELECT json_array_length(" + grid + ")")), 6);
  EXPECT_GE(std::stoi(value("SELECT COUNT(DISTINCT json_extract(value, '$.likelihood') || 'x' ||"
                            " json_extract(value, '$.impact')) FROM json_each(" +
                            grid + ")")),
            6);
  EXPECT_EQ(value("SELECT teaser_headings FROM report_parts p JOIN articles a ON"
                  " a.id = p.article_id WHERE a.slug = '" +
                  std::string(kGridReport) + "'"),
            "1");

  // One access request, new, from a reader who is not a client; no mail was queued for it.
  EXPECT_EQ(value("SELECT COUNT(*) FROM client_requests WHERE kind = 'access' AND state = 'new'"
                  " AND COALESCE(client_id, 0) = 0 AND COALESCE(member_id, 0) = 0"),
            "1");
  EXPECT_EQ(value("SELECT COUNT(*) FROM client_requests"), "1");
  EXPECT_EQ(value("SELECT COUNT(*) FROM outbox"), "0");

  // A second run changes nothing.
  auto again = run({dossier_binary(), "--data", data_, "demo"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_EQ(value("SELECT COUNT(*) FROM clients"), "2");
  EXPECT_EQ(value("SELECT COUNT(*) FROM client_requests"), "1");
}

TEST_F(DemoE2e, AnonymousReadersGetTeasersAndTheCategoryClientReadsItsReport) {
  ServerProcess server(data_, {{"DOSSIER_CHROMIUM", "/nonexistent"}});
  ASSERT_TRUE(server.started()) << server.first_line();
  auto get = [&](std::string const& path, std::string const& cookie = {}) {
    std::map<std::string, std::string> headers;
    if (!cookie.empty()) headers["Cookie"] = cookie;
    return request(server.port(), "GET", path, headers).value_or(HttpResponse{});
  };
  auto teaser = get(std::string("/articles/") + kGridReport);
  ASSERT_EQ(teaser.status, 200);
  EXPECT_NE(teaser.body.find("Keeping the Lights On"), std::string::npos);
  EXPECT_NE(teaser.body.find("Interconnectors carry the system"), std::string::npos)
      << "the teaser lists the findings' headings";
  EXPECT_EQ(teaser.body.find(kGridBodyText), std::string::npos);

  auto link =
      run({dossier_binary(), "--data", data_, "client", "link", "--email", kUniversityMember});
  ASSERT_EQ(link.exit_code, 0) << link.err;
  auto at = link.out.find("/portal/link/");
  ASSERT_NE(at, std::string::npos) << link.out;
  auto path = link.out.substr(at, link.out.find_first_of("?\n \t", at) - at);
  auto signed_in = request(server.port(), "POST", path,
                           {{"Content-Type", "application/x-www-form-urlencoded"}}, "")
                       .value_or(HttpResponse{});
  ASSERT_EQ(signed_in.status, 303) << signed_in.body;
  auto set_cookie = signed_in.header("set-cookie");
  auto cookie = set_cookie.substr(0, set_cookie.find(';'));
  ASSERT_TRUE(cookie.starts_with("dossier_reader=")) << set_cookie;

  auto full = get(std::string("/articles/") + kGridReport, cookie);
  ASSERT_EQ(full.status, 200);
  EXPECT_NE(full.body.find(kGridBodyText), std::string::npos);
  EXPECT_NE(full.body.find("risk-matrix"), std::string::npos);
  auto other = get(std::string("/articles/") + kShippingReport, cookie);
  ASSERT_EQ(other.status, 200);
  EXPECT_EQ(other.body.find("Underwriters price the voyage"), std::string::npos)
      << "the university's grant covers Europe only";
  EXPECT_NE(get("/portal", cookie).body.find("Keeping the Lights On"), std::string::npos);
}

}  // namespace
}  // namespace dossier::test
