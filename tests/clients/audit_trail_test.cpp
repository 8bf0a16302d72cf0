// The audit: views by clients only, counts per article, and CSV exports that a spreadsheet
// reads as data (RFC 4180 quoting; formulas defused).
#include <gtest/gtest.h>

#include "clients/audit_trail.hpp"
#include "clients/portal_fixture.hpp"

namespace dossier::clients::test {
namespace {

TEST(CsvField, QuotesPerRfc4180AndDefusesFormulas) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(csv_field("+1"), "'+1");
  EXPECT_EQ(csv_field("-2"), "'-2");
  EXPECT_EQ(csv_field("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_field("\tcmd"), "'\tcmd");
  EXPECT_EQ(csv_field(""), "");
}

class AuditTrailTest : public PortalFixture, public ::testing::Test {};

TEST_F(AuditTrailTest, RecordsClientsViewsOnlyAndCountsThem) {
  auto id = publish("Gas storage outlook", publishing::Visibility::Clients, {1});
  auto& audit = portal_.audit();
  EXPECT_FALSE(audit.record_view(publishing::Viewer{}, id));
  publishing::Viewer newsroom;
  newsroom.kind = publishing::ViewerKind::Newsroom;
  EXPECT_FALSE(audit.record_view(newsroom, id));
  EXPECT_TRUE(audit.record_view(client(1, 10, {}), id));
  EXPECT_TRUE(audit.record_view(client(2, 11, {}), id));
  auto counts = audit.counts(id);
  EXPECT_EQ(counts.views, 2);
  EXPECT_EQ(counts.downloads, 0);
  EXPECT_EQ(audit.counts(id + 1).views, 0);
}

TEST_F(AuditTrailTest, AReadingIsOneViewHoweverOftenItReloads) {
  auto id = publish("Gas storage outlook", publishing::Visibility::Clients, {1});
  auto& audit = portal_.audit();
  auto member = client(1, 10, {});
  EXPECT_TRUE(audit.record_view(member, id));
  EXPECT_FALSE(audit.record_view(member, id)) << "a reload is the same reading";
  EXPECT_TRUE(audit.record_view(client(2, 10, {}), id)) << "another member's reading";
  time_ += kViewWindow - 1;
  EXPECT_FALSE(audit.record_view(member, id));
  time_ += 1;
  EXPECT_TRUE(audit.record_view(member, id)) << "a reading half an hour later is another";
  EXPECT_EQ(audit.counts(id).views, 3);
}

TEST_F(AuditTrailTest, NewsroomExportsAreCsvWithHostileNamesDefused) {
  auto id = publish("Gas storage outlook", publishing::Visibility::Clients, {1});
  auto hostile = client(1, 10, {});
  hostile.client_name = "=cmd|' /C calc'!A0, Ltd";
  hostile.email = "-x@ministry.example";
  ASSERT_TRUE(portal_.audit().record_view(hostile, id));
  ASSERT_TRUE(portal_.audit().record_view(client(2, 11, {}), id));

  Client desk;
  sign_in(desk, "desk@example.org");
  auto res = send(desk, http::Method::Get, "/admin/clients/10/audit.csv");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.content_type, "text/csv; charset=utf-8; header=present");
  EXPECT_EQ(res.header("Content-Disposition"), "attachment; filename=\"client-10-audit.csv\"");
  EXPECT_EQ(res.body,
            "time,kind,member_id,email,client_id,organisation,article_id,download_id\r\n" +
                format_rfc3339(time_.load()) + ",view,1,'-x@ministry.example,10,\"'=cmd|' /C " +
                "calc'!A0, Ltd\"," + std::to_string(id) + ",\r\n");
  auto by_article =
      send(desk, http::Method::Get, "/admin/articles/" + std::to_string(id) + "/audit.csv");
  ASSERT_EQ(by_article.status, 200);
  EXPECT_NE(by_article.body.find("Ministry 11"), std::string::npos);
  EXPECT_NE(by_article.body.find("'=cmd"), std::string::npos);

  // Behind the newsroom's gate: a reader without a newsroom session is sent to sign in.
  Client stranger;
  EXPECT_NE(send(stranger, http::Method::Get, "/admin/clients/10/audit.csv").status, 200);
  // An author may not read the audit.
  add_user("writer@example.org", auth::Role::Author);
  Client writer;
  sign_in(writer, "writer@example.org");
  EXPECT_EQ(send(writer, http::Method::Get, "/admin/clients/10/audit.csv").status, 403);
}

}  // namespace
}  // namespace dossier::clients::test
