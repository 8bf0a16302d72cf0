// The portal's list and downloads over a real SQLite file: a reader sees exactly the reports
// access_to() gives them in full (grants by article, category, tag and all, their windows,
// the organisation's contract), and a download is stamped and audited only when allowed.
#include <gtest/gtest.h>

#include "clients/portal_fixture.hpp"
#include "clients/portal_service.hpp"

namespace dossier::clients::test {
namespace {

using publishing::Grant;
using publishing::GrantScope;
using publishing::Visibility;

class PortalServiceTest : public PortalFixture, public ::testing::Test {
 protected:
  PortalServiceTest() {
    public_ = publish("Open brief", Visibility::Public, {1});
    energy_ = publish("Gas storage outlook", Visibility::Clients, {1}, {1}, 7200);
    security_ = publish("Border risks", Visibility::Clients, {2}, {2}, 5400);
    members_ = publish("Subscribers letter", Visibility::Subscribers, {2});
    embargoed_ = publish("Embargoed report", Visibility::Clients, {1}, {}, -3600);
  }

  std::vector<std::string> titles(publishing::Viewer const& v) {
    std::vector<std::string> out;
    for (auto const& r : service_.reports(v)) out.push_back(r.summary.title);
    return out;
  }

  PortalService service_{*db_, moving_clock(),
                         [this](Id article, PdfStamp const& stamp) -> Result<std::string> {
                           if (pdf_fails_) return Error{ErrorKind::Internal, "engine down"};
                           stamps_.push_back({article, stamp});
                           return std::string("%PDF-1.7");
                         }};
  Id public_ = 0, energy_ = 0, security_ = 0, members_ = 0, embargoed_ = 0;
};

using Titles = std::vector<std::string>;

TEST_F(PortalServiceTest, ListsOnlyWhatEachGrantOpensNewestFirst) {
  auto now = time_.load();
  // By category: the energy report (and the embargoed one only once its time comes).
  EXPECT_EQ(titles(client(1, 10, {{GrantScope::Category, 1}})),
            (Titles{"Subscribers letter", "Gas storage outlook"}));
  // By tag.
  EXPECT_EQ(titles(client(2, 11, {{GrantScope::Tag, 2}})),
            (Titles{"Subscribers letter", "Border risks"}));
  // By article.
  EXPECT_EQ(titles(client(3, 12, {{GrantScope::Article, security_}})),
            (Titles{"Subscribers letter", "Border risks"}));
  // Everything not public.
  EXPECT_EQ(titles(client(4, 13, {{GrantScope::All, 0}})),
            (Titles{"Subscribers letter", "Border risks", "Gas storage outlook"}));
  // A grant whose window has closed, or not opened, opens nothing.
  EXPECT_EQ(titles(client(5, 14, {{GrantScope::All, 0, std::nullopt, now - 1}})),
            (Titles{"Subscribers letter"}));
  EXPECT_EQ(titles(client(6, 15, {{GrantScope::All, 0, now + 60, std::nullopt}})),
            (Titles{"Subscribers letter"}));
  // An organisation whose contract has ended sees none at all.
  EXPECT_EQ(titles(client(7, 16, {{GrantScope::All, 0}}, now - 1)), Titles{});
  // Anonymous readers have no portal list; a subscriber sees the subscribers' letter only.
  EXPECT_EQ(titles(publishing::Viewer{}), Titles{});
  publishing::Viewer subscriber;
  subscriber.kind = publishing::ViewerKind::Subscriber;
  subscriber.member_id = 9;
  EXPECT_EQ(titles(subscriber), (Titles{"Subscribers letter"}));
  // The embargo lifts at its time.
  advance(3601);
  EXPECT_EQ(titles(client(1, 10, {{GrantScope::Category, 1}})),
            (Titles{"Embargoed report", "Subscribers letter", "Gas storage outlook"}));
}

TEST_F(PortalServiceTest, MarksWhatIsNewSinceTheLastVisit) {
  auto v = client(1, 10, {{GrantScope::All, 0}});
  EXPECT_EQ(service_.visit(v.member_id), std::nullopt);
  advance(60);
  // A page a minute later is the same visit: still nothing before it.
  EXPECT_EQ(service_.visit(v.member_id), std::nullopt);
  advance(kVisitWindow);
  auto last = service_.visit(v.member_id);
  ASSERT_TRUE(last) << "a later visit: since the first one began";
  EXPECT_EQ(service_.visit(v.member_id), last) << "and its marks stay while it lasts";
  advance(60);
  publish("Fresh findings", Visibility::Clients, {1}, {}, 10);
  auto reports = service_.reports(v, last);
  ASSERT_FALSE(reports.empty());
  EXPECT_EQ(reports.front().summary.title, "Fresh findings");
  EXPECT_TRUE(reports.front().is_new);
  for (std::size_t i = 1; i < reports.size(); ++i) EXPECT_FALSE(reports[i].is_new);
}

TEST_F(PortalServiceTest, DownloadIsRefusedForATeaserAndStampedAndAuditedWhenFull) {
  auto reader = client(1, 10, {{GrantScope::Category, 2}});
  auto teaser = service_.download(reader, "gas-storage-outlook");
  ASSERT_FALSE(teaser);
  EXPECT_EQ(teaser.error().kind, ErrorKind::Forbidden);
  EXPECT_TRUE(stamps_.empty());
  EXPECT_EQ(count("SELECT COUNT(*) FROM client_audit"), 0);
  // Unknown, public and not-yet-published reports do not exist here.
  EXPECT_EQ(service_.download(reader, "no-such-report").error().kind, ErrorKind::NotFound);
  EXPECT_EQ(service_.download(reader, "open-brief").error().kind, ErrorKind::NotFound);
  EXPECT_EQ(
      service_.download(client(2, 10, {{GrantScope::All, 0}}), "embargoed-report").error().kind,
      ErrorKind::NotFound);

  auto pdf = service_.download(reader, "border-risks");
  ASSERT_TRUE(pdf) << pdf.error().message;
  EXPECT_EQ(pdf->bytes, "%PDF-1.7");
  ASSERT_EQ(stamps_.size(), 1u);
  EXPECT_EQ(stamps_[0].first, security_);
  EXPECT_EQ(stamps_[0].second.organisation, "Ministry 10");
  EXPECT_EQ(stamps_[0].second.email, "member1@ministry.example");
  EXPECT_EQ(stamps_[0].second.date, format_rfc3339(time_.load()).substr(0, 10));
  EXPECT_EQ(stamps_[0].second.download_id, pdf->download_id);
  EXPECT_EQ(pdf->download_id.size(), 43u);
  soci::session sql(db_->pool());
  std::string kind, email, org, download;
  long long article = 0, member = 0, client_id = 0;
  sql << "SELECT kind, email, client_name, download_id, article_id, member_id, client_id"
         " FROM client_audit",
      soci::into(kind), soci::into(email), soci::into(org), soci::into(download),
      soci::into(article), soci::into(member), soci::into(client_id);
  EXPECT_EQ(kind, "download");
  EXPECT_EQ(email, "member1@ministry.example");
  EXPECT_EQ(org, "Ministry 10");
  EXPECT_EQ(download, pdf->download_id);
  EXPECT_EQ(article, security_);
  EXPECT_EQ(member, 1);
  EXPECT_EQ(client_id, 10);
  // Each download gets its own id.
  auto again = service_.download(reader, "border-risks");
  ASSERT_TRUE(again);
  EXPECT_NE(again->download_id, pdf->download_id);
}

TEST_F(PortalServiceTest, AFailingPdfSourceRecordsNothing) {
  pdf_fails_ = true;
  auto pdf = service_.download(client(1, 10, {{GrantScope::All, 0}}), "border-risks");
  ASSERT_FALSE(pdf);
  EXPECT_EQ(pdf.error().kind, ErrorKind::Internal);
  EXPECT_EQ(count("SELECT COUNT(*) FROM client_audit"), 0);
}

}  // namespace
}  // namespace dossier::clients::test
