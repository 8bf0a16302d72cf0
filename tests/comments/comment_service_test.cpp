// Readers' comments over a real SQLite file: every spam rule refuses and stores nothing,
// moderation moves the article's counter in the same transaction, and the counter stays
// right under concurrent posting.
#include <gtest/gtest.h>

#include <thread>

#include <soci/soci.h>

#include "publishing/events.hpp"
#include "support/newsroom_stack.hpp"

namespace dossier::comments {
namespace {

class CommentServiceTest : public test::NewsroomStack, public ::testing::Test {
 protected:
  CommentServiceTest() : NewsroomStack("dossier-comments") {
    events_.subscribe<publishing::ArticleChanged>(
        [this](publishing::ArticleChanged const& c) { changed_.push_back(c.id); });
    author_ = add_user("desk@example.org", auth::Role::Editor);
    article_ = publish("Talks resume in Vienna", publishing::ArticleKind::News);
    page_ = publish("About us", publishing::ArticleKind::Page);
    changed_.clear();  // only what comments change counts below
  }

  publishing::Id publish(std::string const& title, publishing::ArticleKind kind) {
    publishing::ArticleInput in;
    in.title = title;
    in.kind = kind;
    in.body_markdown = "Text.";
    in.author_id = author_.id;
    in.status = publishing::ArticleStatus::Published;
    in.published_at = time_.load() - 3600;
    return *publishing_->add_article(in);
  }

  ArticleForComments target(publishing::Id id) {
    return for_comments(publishing_->read_any(id)->article);
  }

  // A comment whose form was opened five seconds ago.
  NewComment comment(std::string body = "A thoughtful remark.", std::string email = "reader@example.org") {
    NewComment c;
    c.article_id = article_;
    c.name = "Reader";
    c.email = std::move(email);
    c.body = std::move(body);
    c.remote_address = "192.0.2.7";
    c.form_token = comment_service_->form_token(article_);
    advance(5);
    return c;
  }

  long long rows() {
    soci::session sql(db_->pool());
    long long n = 0;
    sql << "SELECT COUNT(*) FROM comments", soci::into(n);
    return n;
  }

  int counter(publishing::Id id) { return publishing_->read_any(id)->article.comment_count; }

  auth::User author_;
  publishing::Id article_ = 0, page_ = 0;
  std::vector<publishing::Id> changed_;
};

TEST_F(CommentServiceTest, AFirstCommentWaitsForModerationThenCounts) {
  auto posted = comment_service_->post(comment(), target(article_));
  ASSERT_TRUE(posted.ok()) << posted.error().message;
  EXPECT_EQ(posted->posted, Posted::AwaitingModeration);
  EXPECT_EQ(counter(article_), 0);
  EXPECT_TRUE(comment_service_->approved(article_).empty());
  EXPECT_TRUE(changed_.empty()) << "nothing readers see changed yet";
  ASSERT_TRUE(comment_service_->moderate({posted->id}, Moderation::Approve).ok());
  EXPECT_EQ(counter(article_), 1);
  EXPECT_EQ(changed_, std::vector<publishing::Id>{article_}) << "the article's pages are redone";
  auto page = get("/articles/talks-resume-in-vienna").body;
  EXPECT_NE(page.find("A thoughtful remark."), std::string::npos);
  EXPECT_NE(page.find("1 comment"), std::string::npos);
  // The same address is trusted now: its next comment is published at once.
  auto next = comment_service_->post(comment("Another one."), target(article_));
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->posted, Posted::Published);
  EXPECT_EQ(counter(article_), 2);
  ASSERT_TRUE(comment_service_->moderate({posted->id, next->id}, Moderation::Spam).ok());
  EXPECT_EQ(counter(article_), 0);
  auto counts = comment_service_->counts();
  EXPECT_EQ(counts.spam, 2);
}

TEST_F(CommentServiceTest, EverySpamRuleRefusesAndStoresNothing) {
  struct Case {
    std::string name;
    std::function<void(NewComment&)> change;
    ErrorKind kind;
  };
  std::vector<Case> cases{
      {"honeypot", [](NewComment& c) { c.honeypot = "http://spam.example"; }, ErrorKind::Forbidden},
      {"no token", [](NewComment& c) { c.form_token.clear(); }, ErrorKind::Conflict},
      {"tampered token", [](NewComment& c) { c.form_token[0] ^= 1; }, ErrorKind::Conflict},
      {"another article's token",
       [this](NewComment& c) { c.form_token = comment_service_->form_token(page_); }, ErrorKind::Conflict},
      {"too many links",
       [](NewComment& c) { c.body = "[a](https://a.example) [b](https://b.example) https://c.example"; },
       ErrorKind::Invalid},
      {"no name", [](NewComment& c) { c.name = " "; }, ErrorKind::Invalid},
      {"bad email", [](NewComment& c) { c.email = "reader@example.org\r\nBcc: x@example.org"; },
       ErrorKind::Invalid},
      {"bad website", [](NewComment& c) { c.url = "javascript:alert(1)"; }, ErrorKind::Invalid},
      {"empty", [](NewComment& c) { c.body = "   "; }, ErrorKind::Invalid},
      {"too long", [](NewComment& c) { c.body = std::string(kMaxBodyLength + 1, 'x'); }, ErrorKind::TooLarge},
      {"not text", [](NewComment& c) { c.body = "bad \xff bytes"; }, ErrorKind::Invalid},
  };
  for (auto const& k : cases) {
    auto c = comment();
    k.change(c);
    auto r = comment_service_->post(c, target(article_));
    ASSERT_FALSE(r.ok()) << k.name;
    EXPECT_EQ(r.error().kind, k.kind) << k.name << ": " << r.error().message;
    EXPECT_FALSE(r.error().message.empty());
  }
  EXPECT_EQ(rows(), 0);
}

TEST_F(CommentServiceTest, AFormSentTooFastIsRefusedThenAccepted) {
  auto c = comment();
  c.form_token = comment_service_->form_token(article_);  // made just now
  auto fast = comment_service_->post(c, target(article_));
  ASSERT_FALSE(fast.ok());
  EXPECT_NE(fast.error().message.find("quick"), std::string::npos);
  advance(3);
  EXPECT_TRUE(comment_service_->post(c, target(article_)).ok());
}

TEST_F(CommentServiceTest, BlocklistsRateLimitsAndClosedArticles) {
  CommentOptions options;
  options.secret = "test-secret";
  options.blocked_words = {"casino"};
  options.blocked_addresses = {"203.0.113.66"};
  options.per_address_per_hour = 2;
  options.close_after_days = 30;
  CommentService strict(*db_, moving_clock(), options);
  auto make = [&](std::string email, std::string body, std::string ip) {
    NewComment c;
    c.article_id = article_;
    c.name = "Reader";
    c.email = email;
    c.body = body;
    c.remote_address = ip;
    c.form_token = strict.form_token(article_);
    advance(5);
    return c;
  };
  auto t = target(article_);
  EXPECT_EQ(strict.post(make("a@example.org", "Best CASINO bonus", "192.0.2.1"), t).error().kind,
            ErrorKind::Forbidden);
  EXPECT_EQ(strict.post(make("a@example.org", "Hello", "203.0.113.66"), t).error().kind,
            ErrorKind::Forbidden);
  EXPECT_TRUE(strict.post(make("a@example.org", "One", "192.0.2.9"), t).ok());
  EXPECT_TRUE(strict.post(make("b@example.org", "Two", "192.0.2.9"), t).ok());
  EXPECT_EQ(strict.post(make("c@example.org", "Three", "192.0.2.9"), t).error().kind,
            ErrorKind::RateLimited);
  EXPECT_EQ(rows(), 2);
  EXPECT_FALSE(strict.open_for(target(page_))) << "pages take no comments";
  advance(31 * 24 * 3600);
  EXPECT_EQ(strict.post(make("d@example.org", "Late", "192.0.2.10"), t).error().kind,
            ErrorKind::Forbidden);
}

TEST_F(CommentServiceTest, RepliesAreOneLevelDeep) {
  auto first = comment_service_->post(comment(), target(article_));
  comment_service_->moderate({first->id}, Moderation::Approve);
  auto reply = comment();
  reply.parent_id = first->id;
  reply.email = "other@example.org";
  auto r1 = comment_service_->post(reply, target(article_));
  ASSERT_TRUE(r1.ok()) << r1.error().message;
  comment_service_->moderate({r1->id}, Moderation::Approve);
  auto deeper = comment();
  deeper.parent_id = r1->id;
  auto r2 = comment_service_->post(deeper, target(article_));
  ASSERT_TRUE(r2.ok());
  soci::session sql(db_->pool());
  long long parent = 0;
  sql << "SELECT parent_id FROM comments WHERE id = :id", soci::use(r2->id), soci::into(parent);
  EXPECT_EQ(parent, first->id) << "a reply to a reply joins the thread";
  auto staff = comment_service_->reply(first->id, "Thank you, corrected.", author_.id, "Desk", "desk@example.org");
  ASSERT_TRUE(staff.ok());
  auto page = get("/articles/talks-resume-in-vienna").body;
  EXPECT_NE(page.find("(editor)"), std::string::npos);
}

TEST_F(CommentServiceTest, TheCounterEqualsTheRowsUnderConcurrentPosting) {
  CommentOptions open;
  open.secret = "test-secret";
  open.per_address_per_hour = 100000;
  open.per_email_per_hour = 100000;
  CommentService service(*db_, moving_clock(), open,
                         [this](Id a) { publishing_->notify_changed(a); });
  // Each writer is an approved commenter already, so its comments publish at once.
  std::vector<Id> seeds;
  for (int t = 0; t < 20; ++t) {
    NewComment c;
    c.article_id = article_;
    c.name = "Writer";
    c.email = "writer" + std::to_string(t) + "@example.org";
    c.body = "First.";
    c.remote_address = "192.0.2.1";
    c.form_token = service.form_token(article_);
    advance(5);
    seeds.push_back(service.post(c, target(article_))->id);
  }
  service.moderate(seeds, Moderation::Approve);
  auto token = service.form_token(article_);
  advance(5);
  auto t = target(article_);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int w = 0; w < 20; ++w)
    threads.emplace_back([&, w] {
      for (int i = 0; i < 10; ++i) {
        NewComment c;
        c.article_id = article_;
        c.name = "Writer";
        c.email = "writer" + std::to_string(w) + "@example.org";
        c.body = "Comment " + std::to_string(i);
        c.remote_address = "192.0.2." + std::to_string(w);
        c.form_token = token;
        auto r = service.post(c, t);
        if (!r || r->posted != Posted::Published) ++failures;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  soci::session sql(db_->pool());
  long long approved = 0;
  sql << "SELECT COUNT(*) FROM comments WHERE article_id = :a AND status = 'approved'",
      soci::use(article_), soci::into(approved);
  EXPECT_EQ(approved, 220);
  EXPECT_EQ(counter(article_), approved);
}

TEST_F(CommentServiceTest, AddressHashesAreForgottenAfterTheirTime) {
  comment_service_->post(comment(), target(article_));
  soci::session sql(db_->pool());
  std::string hash;
  sql << "SELECT ip_hash FROM comments", soci::into(hash);
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(hash.find("192.0.2.7"), std::string::npos);
  EXPECT_EQ(comment_service_->forget_old_addresses(), 0);
  advance(31 * 24 * 3600);
  EXPECT_EQ(comment_service_->forget_old_addresses(), 1);
  sql << "SELECT ip_hash FROM comments", soci::into(hash);
  EXPECT_EQ(hash, "");
}

}  // namespace
}  // namespace dossier::comments
