// Requests' workflow over a real SQLite file: only the legal moves happen (an illegal one
// changes nothing and mails no one), each arrival mails the newsroom and each move the reader
// (outbox rows, in the change's transaction), and "delivered" grants the chosen report.
#include <gtest/gtest.h>

#include "clients/portal_fixture.hpp"
#include "clients/request_service.hpp"

namespace dossier::clients::test {
namespace {

using S = RequestState;

class RequestServiceTest : public PortalFixture, public ::testing::Test {
 protected:
  RequestServiceTest() {
    report_ = publish("Gas storage outlook", publishing::Visibility::Clients, {1});
    add_user("chief@example.org", auth::Role::Admin);
    add_user("writer@example.org", auth::Role::Author);
  }

  struct Mail {
    std::string to, subject, text;
  };
  std::vector<Mail> outbox() {
    std::vector<Mail> out;
    soci::session sql(db_->pool());
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT recipient, subject, text_body FROM outbox ORDER BY id");
    for (auto const& r : rows)
      out.push_back({r.get<std::string>(0), r.get<std::string>(1), r.get<std::string>(2)});
    return out;
  }

  AccessRequestInput stranger() {
    AccessRequestInput in;
    in.article_id = report_;
    in.article_title = "Gas storage outlook";
    in.name = "Ana Reader";
    in.email = "Ana@University.example";
    in.organisation = "University of Somewhere";
    in.message = "For a seminar.";
    in.remote_address = "192.0.2.1";
    return in;
  }

  RequestService service_{*db_,
                          moving_clock(),
                          {"test-secret", site_url_, "Test Institute"},
                          [this](Id client, Id article) -> Result<Unit> {
                            granted_.push_back({client, article});
                            return Unit{};
                          }};
  Id report_ = 0;
};

TEST_F(RequestServiceTest, AnArrivalMailsTheEditorsAndAdmins) {
  auto id = service_.request_access(publishing::Viewer{}, stranger());
  ASSERT_TRUE(id) << id.error().message;
  auto r = service_.read(*id);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->state, S::New);
  EXPECT_EQ(r->email, "ana@university.example");
  EXPECT_EQ(r->client_id, 0);
  auto mail = outbox();
  ASSERT_EQ(mail.size(), 2u);  // the admin and the editor; never the author
  EXPECT_EQ(mail[0].to, "chief@example.org");
  EXPECT_EQ(mail[1].to, "desk@example.org");
  EXPECT_EQ(mail[0].subject, "Access request: Gas storage outlook");
  EXPECT_NE(mail[0].text.find("University of Somewhere"), std::string::npos);
  EXPECT_NE(mail[0].text.find("/admin/requests/" + std::to_string(*id)), std::string::npos);
}

TEST_F(RequestServiceTest, BadInputIsRefusedAndStoresNothing) {
  auto in = stranger();
  in.email = "not an address";
  EXPECT_EQ(service_.request_access(publishing::Viewer{}, in).error().kind, ErrorKind::Invalid);
  in = stranger();
  in.name = "";
  EXPECT_EQ(service_.request_access(publishing::Viewer{}, in).error().kind, ErrorKind::Invalid);
  in = stranger();
  in.organisation = "Line\nbreak";
  EXPECT_EQ(service_.request_access(publishing::Viewer{}, in).error().kind, ErrorKind::Invalid);
  in = stranger();
  in.message = std::string(kMaxRequestDetails + 1, 'x');
  EXPECT_EQ(service_.request_access(publishing::Viewer{}, in).error().kind, ErrorKind::TooLarge);
  // Commissions are for clients.
  EXPECT_EQ(
      service_.commission(publishing::Viewer{}, {"Subject", "Details", "192.0.2.1"}).error().kind,
      ErrorKind::Forbidden);
  EXPECT_EQ(service_.commission(client(1, 10, {}), {"", "Details", "192.0.2.1"}).error().kind,
            ErrorKind::Invalid);
  EXPECT_EQ(count("SELECT COUNT(*) FROM client_requests"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 0);
}

TEST_F(RequestServiceTest, OneAddressIsRateLimited) {
  for (int i = 0; i < kRequestsPerAddressPerHour; ++i)
    ASSERT_TRUE(service_.request_access(publishing::Viewer{}, stranger()));
  auto over = service_.request_access(publishing::Viewer{}, stranger());
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().kind, ErrorKind::RateLimited);
  EXPECT_EQ(count("SELECT COUNT(*) FROM client_requests"), kRequestsPerAddressPerHour);
  advance(3601);
  EXPECT_TRUE(service_.request_access(publishing::Viewer{}, stranger()));
}

TEST_F(RequestServiceTest, OnlyLegalMovesHappenAndEachMailsTheReader) {
  auto member = client(1, 10, {});
  AccessRequestInput in;
  in.article_id = report_;
  in.article_title = "Gas storage outlook";
  in.remote_address = "192.0.2.2";
  auto id = *service_.request_access(member, in);
  auto before = outbox().size();

  // Access requests are granted or declined, never delivered; nothing moves back to new.
  EXPECT_EQ(service_.change(id, {S::Delivered}).error().kind, ErrorKind::Conflict);
  EXPECT_EQ(service_.change(id, {S::New, "just a note"}).ok(), true);  // a note alone
  EXPECT_EQ(outbox().size(), before);
  ASSERT_TRUE(service_.change(id, {S::InDiscussion, "called them"}));
  EXPECT_EQ(service_.change(id, {S::InDiscussion}).ok(), true);  // staying is a note
  EXPECT_EQ(service_.change(id, {S::New}).error().kind, ErrorKind::Conflict);
  ASSERT_TRUE(service_.change(id, {S::Granted}));
  // Final: nothing moves a granted request.
  EXPECT_EQ(service_.change(id, {S::Declined}).error().kind, ErrorKind::Conflict);
  EXPECT_EQ(service_.change(id, {S::InDiscussion}).error().kind, ErrorKind::Conflict);
  EXPECT_EQ(service_.read(id)->state, S::Granted);
  EXPECT_EQ(service_.read(id)->note, "");  // the refused change did not touch the note
  // The grant was made for the organisation and the report asked for.
  ASSERT_EQ(granted_.size(), 1u);
  EXPECT_EQ(granted_[0], std::make_pair(Id{10}, report_));
  // Two moves, two mails to the member; none for notes or refusals.
  auto mail = outbox();
  ASSERT_EQ(mail.size(), before + 2);
  EXPECT_EQ(mail[before].to, "member1@ministry.example");
  EXPECT_EQ(mail[before].subject, "Test Institute: In discussion");
  EXPECT_EQ(mail[before + 1].subject, "Test Institute: Granted");
  EXPECT_NE(mail[before + 1].text.find("/portal"), std::string::npos);
  EXPECT_EQ(service_.change(id + 100, {S::Declined}).error().kind, ErrorKind::NotFound);
}

TEST_F(RequestServiceTest, ADeliveredCommissionGrantsTheChosenReport) {
  auto id = service_.commission(client(1, 10, {}),
                                {"Caspian pipelines", "Routes and risks.", "192.0.2.3"});
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(service_.change(*id, {S::Granted}).error().kind, ErrorKind::Conflict);
  // The delivered report must exist and not be public.
  auto open = publish("Open brief", publishing::Visibility::Public);
  EXPECT_EQ(service_.change(*id, {S::Delivered, "", open}).error().kind, ErrorKind::Invalid);
  EXPECT_TRUE(granted_.empty());
  EXPECT_EQ(service_.read(*id)->state, S::New);
  ASSERT_TRUE(service_.change(*id, {S::Delivered, "done", report_}));
  auto r = service_.read(*id);
  EXPECT_EQ(r->state, S::Delivered);
  EXPECT_EQ(r->delivered_article_id, report_);
  EXPECT_EQ(r->note, "done");
  ASSERT_EQ(granted_.size(), 1u);
  EXPECT_EQ(granted_[0], std::make_pair(Id{10}, report_));
  EXPECT_EQ(outbox().back().subject, "Test Institute: Delivered");
}

TEST_F(RequestServiceTest, AFailedGrantLeavesTheRequestAsItWas) {
  RequestService failing{*db_,
                         moving_clock(),
                         {"test-secret", site_url_, "Test Institute"},
                         [](Id, Id) -> Result<Unit> {
                           return Error{ErrorKind::Internal, "down"};
                         }};
  auto id = *failing.commission(client(1, 10, {}), {"Subject", "Details", "192.0.2.4"});
  auto before = outbox().size();
  EXPECT_FALSE(failing.change(id, {S::Delivered, "", report_}));
  EXPECT_EQ(failing.read(id)->state, S::New);
  EXPECT_EQ(outbox().size(), before);
}

TEST_F(RequestServiceTest, TheAnonymousFormsTokenIsSignedTimedAndForOneArticle) {
  auto token = service_.form_token(report_);
  EXPECT_EQ(service_.check_form(report_, token, "").error().kind, ErrorKind::Conflict);  // fast
  advance(kRequestMinFillSeconds);
  EXPECT_TRUE(service_.check_form(report_, token, ""));
  EXPECT_EQ(service_.check_form(report_, token, "http://spam").error().kind, ErrorKind::Forbidden);
  EXPECT_EQ(service_.check_form(report_ + 1, token, "").error().kind, ErrorKind::Conflict);
  EXPECT_EQ(service_.check_form(report_, token + "x", "").error().kind, ErrorKind::Conflict);
  advance(kRequestFormMaxAgeDays * 24 * 3600);
  EXPECT_EQ(service_.check_form(report_, token, "").error().kind, ErrorKind::Conflict);
}

}  // namespace
}  // namespace dossier::clients::test
