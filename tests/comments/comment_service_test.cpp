// Readers' comments over a real SQLite file: every spam rule refuses and stores nothing,
// moderation moves the article's counter in the same transaction, and the counter stays
// right under concurrent posting.
#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <set>
#include <thread>

#include <soci/soci.h>

#include "publishing/events.hpp"
#include "support/newsroom_stack.hpp"

namespace dossier::comments {
namespace {

class CommentServiceTest : public test::NewsroomStack, public ::testing::Test {
 protected:
  CommentServiceTest() : NewsroomStack("dossier-comments") {
    // Listeners run on the publishing thread, which is any of the posting threads in the
    // concurrency test below: the list is shared, so it is locked (without the lock, twenty
    // threads pushing at once corrupted the heap: issue 14's crash).
    events_.subscribe<ArticleCommentsChanged>([this](ArticleCommentsChanged const& c) {
      std::lock_guard lock(changed_mutex_);
      changed_.push_back(c.article_id);
    });
    events_.subscribe<publishing::ArticleChanged>([this](publishing::ArticleChanged const& c) {
      std::lock_guard lock(changed_mutex_);
      content_changed_.push_back(c.id);
    });
    author_ = add_user("desk@example.org", auth::Role::Editor);
    article_ = publish("Talks resume in Vienna", publishing::ArticleKind::News);
    page_ = publish("About us", publishing::ArticleKind::Page);
    changed_.clear();  // only what comments change counts below
    content_changed_.clear();
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
  NewComment comment(std::string body = "A thoughtful remark.",
                     std::string email = "reader@example.org") {
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

  struct QueuedMail {
    std::string recipient, subject, text;
  };
  std::vector<QueuedMail> outbox() {
    soci::session sql(db_->pool());
    std::vector<QueuedMail> out;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT recipient, subject, text_body FROM outbox ORDER BY id");
    for (auto const& r : rows)
      out.push_back({r.get<std::string>(0), r.get<std::string>(1), r.get<std::string>(2)});
    return out;
  }
  // The token of the first link to `path` ("/comments/notify/") in a mail's text.
  static std::string token_after(std::string const& text, std::string const& path) {
    auto at = text.find(path);
    if (at == std::string::npos) return "";
    auto start = at + path.size();
    return text.substr(start, text.find('\n', start) - start);
  }

  auth::User author_;
  publishing::Id article_ = 0, page_ = 0;
  std::mutex changed_mutex_;
  std::vector<publishing::Id> changed_;          // ArticleCommentsChanged
  std::vector<publishing::Id> content_changed_;  // publishing::ArticleChanged
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
  EXPECT_TRUE(content_changed_.empty())
      << "a comment changes the article's counter, not its content: nothing re-analyses it";
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
       [this](NewComment& c) { c.form_token = comment_service_->form_token(page_); },
       ErrorKind::Conflict},
      {"too many links",
       [](NewComment& c) {
         c.body = "[a](https://a.example) [b](https://b.example) https://c.example";
       },
       ErrorKind::Invalid},
      {"no name", [](NewComment& c) { c.name = " "; }, ErrorKind::Invalid},
      {"bad email", [](NewComment& c) { c.email = "reader@example.org\r\nBcc: x@example.org"; },
       ErrorKind::Invalid},
      {"bad website", [](NewComment& c) { c.url = "javascript:alert(1)"; }, ErrorKind::Invalid},
      {"empty", [](NewComment& c) { c.body = "   "; }, ErrorKind::Invalid},
      {"too long", [](NewComment& c) { c.body = std::string(kMaxBodyLength + 1, 'x'); },
       ErrorKind::TooLarge},
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
  auto staff = comment_service_->reply(first->id, "Thank you, corrected.", author_.id, "Desk",
                                       "desk@example.org");
  ASSERT_TRUE(staff.ok());
  auto page = get("/articles/talks-resume-in-vienna").body;
  EXPECT_NE(page.find("(editor)"), std::string::npos);
}

TEST_F(CommentServiceTest, TheCounterEqualsTheRowsUnderConcurrentPosting) {
  CommentOptions open;
  open.secret = "test-secret";
  open.per_address_per_hour = 100000;
  open.per_email_per_hour = 100000;
  CommentService service(*db_, moving_clock(), open, &events_);
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

TEST_F(CommentServiceTest, EditorsAndTheAuthorAreMailedAboutPendingCommentsOnly) {
  auto writer = add_user("writer@example.org", auth::Role::Author);
  add_user("someone-else@example.org", auth::Role::Author);
  publishing::ArticleInput in;
  in.title = "Grain corridor reopens";
  in.body_markdown = "Text.";
  in.author_id = writer.id;
  in.status = publishing::ArticleStatus::Published;
  in.published_at = time_.load() - 60;
  auto article = *publishing_->add_article(in);
  auto c = comment("Which ports are open?");
  c.article_id = article;
  c.form_token = comment_service_->form_token(article);
  advance(5);
  ASSERT_TRUE(comment_service_->post(c, target(article)).ok());
  auto mails = outbox();
  std::set<std::string> to;
  for (auto const& m : mails) {
    to.insert(m.recipient);
    EXPECT_NE(m.subject.find("Grain corridor reopens"), std::string::npos);
    EXPECT_NE(m.text.find("Which ports are open?"), std::string::npos);
    EXPECT_NE(m.text.find("/admin/comments?article="), std::string::npos);
  }
  EXPECT_EQ(to, (std::set<std::string>{"desk@example.org", "writer@example.org"}))
      << "the editor and the article's author; not other authors";
  ASSERT_EQ(mails.size(), 2u);
  // A trusted commenter's comment is published at once: nobody needs to act.
  soci::session sql(db_->pool());
  sql << "UPDATE comments SET status = 'approved'";
  auto again = comment("Thanks.");
  again.article_id = article;
  again.form_token = comment_service_->form_token(article);
  advance(5);
  ASSERT_EQ(comment_service_->post(again, target(article))->posted, Posted::Published);
  EXPECT_EQ(outbox().size(), 2u);
}

TEST_F(CommentServiceTest, ReplyMailNeedsAConfirmedAskAndStopsWhenAsked) {
  auto first = comment("Where is the full text of the agreement?", "asker@example.org");
  first.notify_replies = true;
  auto posted = comment_service_->post(first, target(article_));
  ASSERT_TRUE(posted.ok());
  auto confirm_mail = outbox();
  auto ask = std::find_if(confirm_mail.begin(), confirm_mail.end(),
                          [](QueuedMail const& m) { return m.recipient == "asker@example.org"; });
  ASSERT_NE(ask, confirm_mail.end()) << "the confirmation mail";
  auto confirm = token_after(ask->text, "/comments/notify/");
  auto remove = token_after(ask->text, "/comments/delete/");
  ASSERT_FALSE(confirm.empty());
  ASSERT_FALSE(remove.empty()) << "the delete link is in the mail too";
  ASSERT_TRUE(comment_service_->moderate({posted->id}, Moderation::Approve).ok());

  auto reply_from = [&](std::string const& email) {
    auto r = comment("Annex two has it.", email);
    r.parent_id = posted->id;
    auto id = comment_service_->post(r, target(article_))->id;
    EXPECT_TRUE(comment_service_->moderate({id}, Moderation::Approve).ok());
  };
  auto mails_to_asker = [&] {
    auto all = outbox();
    return std::count_if(all.begin(), all.end(),
                         [](QueuedMail const& m) { return m.recipient == "asker@example.org"; });
  };
  reply_from("helper@example.org");
  EXPECT_EQ(mails_to_asker(), 1) << "not confirmed yet: only the confirmation mail";

  EXPECT_FALSE(comment_service_->confirm_notifications(remove).ok())
      << "a link signed for deleting does not confirm";
  EXPECT_FALSE(comment_service_->confirm_notifications(confirm + "x").ok()) << "tampered";
  auto confirmed = comment_service_->confirm_notifications(confirm);
  ASSERT_TRUE(confirmed.ok()) << confirmed.error().message;
  EXPECT_EQ(confirmed->article_title, "Talks resume in Vienna");
  reply_from("second-helper@example.org");
  ASSERT_EQ(mails_to_asker(), 2);
  auto reply_mail = outbox().back();
  EXPECT_EQ(reply_mail.recipient, "asker@example.org");
  EXPECT_NE(reply_mail.text.find("Annex two has it."), std::string::npos);
  auto stop = token_after(reply_mail.text, "/comments/stop/");
  ASSERT_FALSE(stop.empty());
  EXPECT_FALSE(token_after(reply_mail.text, "/comments/delete/").empty());
  reply_from("asker@example.org");
  EXPECT_EQ(mails_to_asker(), 2) << "no mail about one's own reply";

  ASSERT_TRUE(comment_service_->stop_notifications(stop).ok());
  reply_from("third@example.org");
  EXPECT_EQ(mails_to_asker(), 2) << "stopped";
}

TEST_F(CommentServiceTest, TheDeleteLinkRemovesOnlyItsOwnComment) {
  auto mine = comment("I would like this removed later.", "leaver@example.org");
  mine.notify_replies = true;
  auto posted = comment_service_->post(mine, target(article_));
  auto other = comment_service_->post(comment("Someone else's view."), target(article_));
  ASSERT_TRUE(comment_service_->moderate({posted->id, other->id}, Moderation::Approve).ok());
  ASSERT_EQ(counter(article_), 2);
  auto text = outbox().front().text;
  auto remove = token_after(text, "/comments/delete/");
  auto confirm = token_after(text, "/comments/notify/");
  EXPECT_FALSE(comment_service_->delete_own(confirm).ok()) << "a confirmation link deletes nothing";
  EXPECT_EQ(counter(article_), 2);
  ASSERT_TRUE(comment_service_->check_delete(remove).ok());
  changed_.clear();
  ASSERT_TRUE(comment_service_->delete_own(remove).ok());
  EXPECT_EQ(counter(article_), 1);
  EXPECT_EQ(changed_, std::vector<publishing::Id>{article_}) << "the page is redone";
  auto left = comment_service_->approved(article_);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].id, other->id);
  EXPECT_FALSE(comment_service_->check_delete(remove).ok()) << "already deleted";
}

TEST_F(CommentServiceTest, ExportListsAndEraseBlanksAnAddressesComments) {
  auto a = comment_service_->post(comment("First, with my name.", "Subject@Example.org"),
                                  target(article_));
  ASSERT_TRUE(comment_service_->moderate({a->id}, Moderation::Approve).ok());
  auto b = comment_service_->post(comment("Second.", "subject@example.org"), target(article_));
  ASSERT_EQ(b->posted, Posted::Published);
  auto reply = comment("A reply to the first.", "other@example.org");
  reply.parent_id = a->id;
  auto r = comment_service_->post(reply, target(article_));
  ASSERT_TRUE(comment_service_->moderate({r->id}, Moderation::Approve).ok());
  ASSERT_EQ(counter(article_), 3);

  auto mine = comment_service_->written_by(" SUBJECT@example.org ");
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].body_markdown, "First, with my name.");
  EXPECT_EQ(comment_service_->erase("subject@example.org"), 2);
  EXPECT_TRUE(comment_service_->written_by("subject@example.org").empty());
  EXPECT_EQ(counter(article_), 1) << "only the other reader's reply is left";
  soci::session sql(db_->pool());
  long long traces = 0;
  sql << "SELECT COUNT(*) FROM comments WHERE body_markdown LIKE '%my name%' OR author_email"
         " LIKE 'subject%' OR body_html LIKE '%with my name%'",
      soci::into(traces);
  EXPECT_EQ(traces, 0);
  auto page = get("/articles/talks-resume-in-vienna").body;
  EXPECT_EQ(page.find("First, with my name."), std::string::npos);
  EXPECT_NE(page.find("This comment was removed."), std::string::npos);
  EXPECT_NE(page.find("A reply to the first."), std::string::npos) << "the reply keeps its place";
}

TEST_F(CommentServiceTest, AnArticleClosedByAnEditorTakesNoComment) {
  ASSERT_TRUE(comment_service_->set_closed(article_, true).ok());
  EXPECT_TRUE(comment_service_->closed_by_editor(article_));
  auto page = get("/articles/talks-resume-in-vienna").body;
  EXPECT_NE(page.find("Comments on this article are closed."), std::string::npos);
  EXPECT_EQ(page.find("name=\"website_confirm\""), std::string::npos) << "no form";
  EXPECT_FALSE(comment_service_->set_closed(99999, true).ok());
  ASSERT_TRUE(comment_service_->set_closed(article_, false).ok());
  EXPECT_NE(get("/articles/talks-resume-in-vienna").body.find("Leave a comment"),
            std::string::npos);
}

}  // namespace
}  // namespace dossier::comments
