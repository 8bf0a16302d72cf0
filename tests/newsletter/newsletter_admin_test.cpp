// The newsroom's newsletter pages over their routes, in-process: subscribers and their CSV,
// sending an article to lists, the weekly digest draft, and who may do it.
#include <gtest/gtest.h>

#include <soci/soci.h>

#include "newsletter/subscriber_store.hpp"
#include "support/newsroom_stack.hpp"

namespace dossier::newsletter {
namespace {

class NewsletterAdminTest : public test::NewsroomStack, public ::testing::Test {
 protected:
  NewsletterAdminTest() : NewsroomStack("dossier-newsletter-admin") {
    editor_ = add_user("editor@example.org", auth::Role::Editor);
    add_user("author@example.org", auth::Role::Author);
    publishing::ArticleInput in;
    in.title = "Straits reopen to shipping";
    in.dek = "Insurers return.";
    in.body_markdown = "Traffic resumed on Tuesday.";
    in.author_id = editor_.id;
    in.status = publishing::ArticleStatus::Published;
    in.published_at = time_.load() - 3600;
    article_ = *publishing_->add_article(in);
  }

  long long subscriber(std::string const& email, SubscriberStatus status,
                       std::vector<long long> lists) {
    soci::session sql(db_->pool());
    auto id = SubscriberStore::insert(sql, email, time_);
    SubscriberStore::set_status(sql, id, status, time_);
    SubscriberStore::set_lists(sql, id, lists);
    return id;
  }

  long long count(std::string const& q) {
    soci::session sql(db_->pool());
    long long n = 0;
    sql << q, soci::into(n);
    return n;
  }

  auth::User editor_;
  publishing::Id article_ = 0;
};

TEST_F(NewsletterAdminTest, EditorsSeeSubscribersAuthorsDoNot) {
  subscriber("a@example.org", SubscriberStatus::Active, {1});
  subscriber("b@example.org", SubscriberStatus::Pending, {1});
  Client editor, author;
  sign_in(editor, "editor@example.org");
  sign_in(author, "author@example.org");
  auto page = get(editor, "/admin/newsletter");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<strong>1</strong> active"), std::string::npos);
  EXPECT_NE(page.body.find("<svg class=\"growth-chart\""), std::string::npos);
  EXPECT_NE(page.body.find("role=\"img\""), std::string::npos);
  EXPECT_NE(get(editor, "/admin/newsletter?status=pending").body.find("b@example.org"),
            std::string::npos);
  EXPECT_EQ(get(editor, "/admin/newsletter?status=pending").body.find("a@example.org"),
            std::string::npos);
  EXPECT_EQ(get(author, "/admin/newsletter").status, 403);
  EXPECT_EQ(get(author, "/admin/newsletter/export.csv").status, 403);
}

TEST_F(NewsletterAdminTest, CsvExportAndAllOrNothingImport) {
  subscriber("known@example.org", SubscriberStatus::Active, {1});
  Client c;
  auto csrf = sign_in(c, "editor@example.org");
  auto csv = get(c, "/admin/newsletter/export.csv");
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_TRUE(csv.body.starts_with("email,status,created_at,confirmed_at,lists\r\n"));
  EXPECT_NE(csv.body.find("known@example.org,active,"), std::string::npos);

  auto mixed = "email\nnew1@example.org\nnot an address\nknown@example.org\nnew1@example.org\n";
  auto preview = post(c, "/admin/newsletter/import",
                      {{"_csrf", csrf}, {"addresses", mixed}, {"action", "preview"}});
  EXPECT_EQ(preview.status, 200);
  EXPECT_NE(preview.body.find("1 new addresses, 1 already known, 2 rows with problems"),
            std::string::npos);
  EXPECT_NE(preview.body.find("Line 3"), std::string::npos);
  auto refused = post(c, "/admin/newsletter/import",
                      {{"_csrf", csrf}, {"addresses", mixed}, {"action", "import"}});
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(count("SELECT COUNT(*) FROM subscribers"), 1) << "nothing partial";
  auto good = post(c, "/admin/newsletter/import",
                   {{"_csrf", csrf},
                    {"addresses", "new1@example.org\r\n\"New2@Example.org\",x\r\n"},
                    {"action", "import"}});
  EXPECT_EQ(good.status, 200);
  EXPECT_NE(good.body.find("2 addresses imported"), std::string::npos);
  EXPECT_EQ(count("SELECT COUNT(*) FROM subscribers WHERE status = 'active'"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM subscribers WHERE email = 'new2@example.org'"), 1);
}

TEST_F(NewsletterAdminTest, AnArticleGoesOnceToEachActiveSubscriberOfTheChosenLists) {
  subscriber("both@example.org", SubscriberStatus::Active, {1, 2});
  subscriber("first@example.org", SubscriberStatus::Active, {1});
  subscriber("digest@example.org", SubscriberStatus::Active, {2});
  subscriber("left@example.org", SubscriberStatus::Unsubscribed, {1});
  subscriber("waiting@example.org", SubscriberStatus::Pending, {1});
  Client c;
  auto csrf = sign_in(c, "editor@example.org");
  auto path = "/admin/newsletter/article/" + std::to_string(article_);
  EXPECT_EQ(get(c, path).status, 200);
  auto test = post(c, path, {{"_csrf", csrf}, {"action", "test"}});
  EXPECT_EQ(test.status, 303);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE recipient = 'editor@example.org'"
                  " AND subject LIKE '[Test]%'"),
            1);
  auto none = post(c, path, {{"_csrf", csrf}, {"action", "send"}});
  EXPECT_EQ(none.status, 400) << "a list must be chosen";
  auto sent = request(c, http::Method::Post, path,
                      "_csrf=" + csrf + "&action=send&list=all-news&list=weekly-digest");
  ASSERT_EQ(sent.status, 303) << sent.body;
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE send_id IS NOT NULL"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE recipient = 'both@example.org'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE recipient IN ('left@example.org',"
                  " 'waiting@example.org')"),
            0);
  auto progress = get(c, std::string(sent.header("Location")) + "?format=json");
  EXPECT_EQ(progress.body, "{\"failed\":0,\"queued\":3,\"recipients\":3,\"sent\":0}");
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE send_id IS NOT NULL AND html_body LIKE"
                  " '%/newsletter/unsubscribe/%' AND headers LIKE '%List-Unsubscribe-Post%'"),
            3);
}

TEST_F(NewsletterAdminTest, TheWeeklyDigestIsADraftUntilAnEditorSendsIt) {
  subscriber("digest@example.org", SubscriberStatus::Active, {2});
  subscriber("news-only@example.org", SubscriberStatus::Active, {1});
  publishing::ArticleInput in;
  in.title = "Talks on the strait continue";
  in.author_id = editor_.id;
  in.status = publishing::ArticleStatus::Published;
  in.published_at = newsletters_->digest_period_start(time_) + 3600;  // inside the digest's week
  ASSERT_TRUE(publishing_->add_article(in).ok());
  auto id = newsletters_->make_digest_if_due();
  ASSERT_TRUE(id);
  EXPECT_FALSE(newsletters_->make_digest_if_due()) << "one digest a week";
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 0) << "nothing goes out by itself";
  Client c;
  auto csrf = sign_in(c, "editor@example.org");
  auto preview = get(c, "/admin/newsletter/drafts/" + std::to_string(*id) + "/preview");
  EXPECT_EQ(preview.status, 200);
  EXPECT_NE(preview.body.find("Talks on the strait continue"), std::string::npos);
  EXPECT_EQ(preview.body.find("Straits reopen to shipping"), std::string::npos)
      << "published after the digest's week";
  EXPECT_NE(std::string(preview.header("Content-Security-Policy")).find("default-src 'none'"),
            std::string::npos);
  auto path = "/admin/newsletter/drafts/" + std::to_string(*id) + "/send";
  EXPECT_EQ(post(c, path, {{"_csrf", csrf}, {"action", "send"}}).status, 303);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE recipient = 'digest@example.org'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE recipient = 'news-only@example.org'"), 0);
  EXPECT_EQ(post(c, path, {{"_csrf", csrf}, {"action", "send"}}).status, 404) << "sent once";
}

// The digest is queued by send_draft, not by the article send above: addresses that never
// confirmed (pending) and those that left get nothing from it either, and are not counted.
TEST_F(NewsletterAdminTest, TheDigestGoesToConfirmedSubscribersOnly) {
  subscriber("confirmed@example.org", SubscriberStatus::Active, {2});
  subscriber("waiting@example.org", SubscriberStatus::Pending, {2});
  subscriber("waiting-both@example.org", SubscriberStatus::Pending, {1, 2});
  subscriber("gone@example.org", SubscriberStatus::Unsubscribed, {2});
  publishing::ArticleInput in;
  in.title = "Talks on the strait continue";
  in.author_id = editor_.id;
  in.status = publishing::ArticleStatus::Published;
  in.published_at = newsletters_->digest_period_start(time_) + 3600;
  ASSERT_TRUE(publishing_->add_article(in).ok());
  auto id = newsletters_->make_digest_if_due();
  ASSERT_TRUE(id);
  auto sent = newsletters_->send_draft(*id, editor_.id);
  ASSERT_TRUE(sent.ok()) << sent.error().message;
  EXPECT_EQ(sent->recipients, 1);
  EXPECT_EQ(newsletters_->send(*id)->recipients, 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE send_id = " + std::to_string(*id)), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE recipient = 'confirmed@example.org'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE recipient <> 'confirmed@example.org'"), 0);
}

TEST_F(NewsletterAdminTest, TheDigestWeekEndsAtTheLastScheduledTime) {
  // Wednesday 2026-11-25 12:00 UTC; digests on Mondays at 08:00.
  UnixTime wednesday = 1'795'608'000;
  auto start = newsletters_->digest_period_start(wednesday);
  EXPECT_EQ(format_rfc3339(start), "2026-11-16T08:00:00Z");
  // Monday 08:00 exactly closes the week that began a week before.
  EXPECT_EQ(format_rfc3339(newsletters_->digest_period_start(1'795'420'800 + 8 * 3600)),
            "2026-11-16T08:00:00Z");
}

}  // namespace
}  // namespace dossier::newsletter
