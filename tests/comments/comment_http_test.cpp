// Comments over the route table, in-process: posting from the article page's form (its token
// handed out per reader, the page itself the same for all), refusals that keep the text, the
// preview bounded like a post, and moderation in the newsroom.
#include <gtest/gtest.h>

#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "support/newsroom_stack.hpp"

namespace dossier::comments {
namespace {

constexpr char const* kArticle = "/articles/harbour-talks-continue";

class CommentHttpTest : public test::NewsroomStack, public ::testing::Test {
 protected:
  CommentHttpTest() : NewsroomStack("dossier-comments-http") {
    editor_ = add_user("editor@example.org", auth::Role::Editor);
    add_user("author@example.org", auth::Role::Author);
    publishing::ArticleInput in;
    in.title = "Harbour talks continue";
    in.body_markdown = "Text.";
    in.author_id = editor_.id;
    in.status = publishing::ArticleStatus::Published;
    in.published_at = time_.load() - 3600;
    article_ = *publishing_->add_article(in);
  }

  // What the site's JS does when the reader starts writing: fetches a token for them.
  std::string fetch_token(Client& reader) {
    auto r = get(reader, std::string(kArticle) + "/comments/token");
    EXPECT_EQ(r.status, 200) << r.body;
    return nlohmann::json::parse(r.body).value("token", "");
  }

  // Posts the form as a reader who started writing five seconds earlier.
  http::Response post_comment(std::vector<std::pair<std::string, std::string>> fields,
                              Client reader = {}) {
    get(reader, kArticle);
    auto token = fetch_token(reader);
    advance(5);
    fields.emplace_back("token", token);
    return post(reader, std::string(kArticle) + "/comments", fields);
  }

  static bool shows_preview(http::Response const& r) {
    return r.body.find("aria-label=\"Preview\"") != std::string::npos;
  }

  long long rows() {
    soci::session sql(db_->pool());
    long long n = 0;
    sql << "SELECT COUNT(*) FROM comments", soci::into(n);
    return n;
  }

  long long comment_id() {
    soci::session sql(db_->pool());
    long long id = 0;
    sql << "SELECT id FROM comments ORDER BY id DESC LIMIT 1", soci::into(id);
    return id;
  }

  auth::User editor_;
  publishing::Id article_ = 0;
};

TEST_F(CommentHttpTest, TheArticlePageInvitesACommentAndPostingAwaitsModeration) {
  auto page = get(kArticle);
  EXPECT_NE(page.body.find("Leave a comment"), std::string::npos);
  EXPECT_NE(page.body.find("No comments yet."), std::string::npos);
  EXPECT_NE(page.body.find("name=\"website_confirm\""), std::string::npos) << "the honeypot";
  auto r = post_comment({{"name", "Reader"},
                         {"email", "reader@example.org"},
                         {"body", "Useful *context*, thank you."},
                         {"action", "post"}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("awaiting moderation"), std::string::npos);
  EXPECT_EQ(r.header("Cache-Control"), "no-store");
  EXPECT_EQ(rows(), 1);
  EXPECT_EQ(get(kArticle).body.find("Useful"), std::string::npos) << "not shown before approval";
}

TEST_F(CommentHttpTest, ARefusedCommentComesBackWithItsText) {
  auto r = post_comment({{"name", "Reader"},
                         {"email", "not-an-address"},
                         {"body", "My long, careful comment."},
                         {"action", "post"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("valid email address"), std::string::npos);
  EXPECT_NE(r.body.find("My long, careful comment.</textarea>"), std::string::npos);
  EXPECT_EQ(rows(), 0);
  auto bot = post_comment({{"name", "Bot"},
                           {"email", "bot@example.org"},
                           {"body", "Buy"},
                           {"website_confirm", "x"},
                           {"action", "post"}});
  EXPECT_EQ(bot.status, 403);
  EXPECT_EQ(rows(), 0);
}

TEST_F(CommentHttpTest, PreviewRendersTheSafeSubsetAndStoresNothing) {
  auto r = post_comment({{"name", "Reader"},
                         {"email", "reader@example.org"},
                         {"body", "**Bold** <script>alert(1)</script> [x](javascript:alert(1))"},
                         {"action", "preview"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<strong>Bold</strong>"), std::string::npos);
  EXPECT_EQ(r.body.find("<script>alert"), std::string::npos);
  EXPECT_EQ(r.body.find("href=\"javascript:"), std::string::npos);
  EXPECT_EQ(rows(), 0);
}

TEST_F(CommentHttpTest, EditorsModerateInBulkAndTheCountFollows) {
  for (auto const* who : {"a@example.org", "b@example.org", "c@example.org"})
    post_comment({{"name", "Reader"},
                  {"email", who},
                  {"body", std::string("From ") + who},
                  {"action", "post"}});
  ASSERT_EQ(rows(), 3);
  Client author, editor;
  sign_in(author, "author@example.org");
  auto csrf = sign_in(editor, "editor@example.org");
  EXPECT_EQ(get(author, "/admin/comments").status, 403);
  auto queue = get(editor, "/admin/comments");
  EXPECT_EQ(queue.status, 200);
  EXPECT_NE(queue.body.find("pending (3)"), std::string::npos);
  EXPECT_NE(queue.body.find("by <strong>Reader</strong>"), std::string::npos) << "who wrote it";
  EXPECT_NE(queue.body.find("<p>From b@example.org</p>"), std::string::npos) << "what they wrote";
  soci::session sql(db_->pool());
  std::vector<long long> ids(3);
  sql << "SELECT id FROM comments ORDER BY id", soci::into(ids);
  auto body = "_csrf=" + csrf + "&action=approve&id=" + std::to_string(ids[0]) +
              "&id=" + std::to_string(ids[1]);
  EXPECT_EQ(request(editor, http::Method::Post, "/admin/comments", body).status, 303);
  EXPECT_EQ(post(editor, "/admin/comments", {{"action", "approve"}, {"id", std::to_string(ids[2])}})
                .status,
            403)
      << "no CSRF token, nothing changed";
  EXPECT_EQ(publishing_->read_any(article_)->article.comment_count, 2);
  auto page = get(kArticle).body;
  EXPECT_NE(page.find("From a@example.org"), std::string::npos);
  EXPECT_EQ(page.find("From c@example.org"), std::string::npos);
  EXPECT_NE(page.find("2 comments"), std::string::npos);
  auto occurrences = [&](std::string const& needle) {
    std::size_t n = 0;
    for (auto at = page.find(needle); at != std::string::npos; at = page.find(needle, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(occurrences("a@example.org"), occurrences("From a@example.org"))
      << "an author's address appears only where they typed it in the text";
  EXPECT_NE(get(editor, "/admin/comments?status=approved").body.find("approved (2)"),
            std::string::npos);
  auto reply = post(editor, "/admin/comments/" + std::to_string(ids[2]),
                    {{"_csrf", csrf}, {"action", "reply"}, {"body", "Thanks, we corrected it."}});
  EXPECT_EQ(reply.status, 303);
  EXPECT_EQ(publishing_->read_any(article_)->article.comment_count, 4) << "reply and its parent";
}

TEST_F(CommentHttpTest, FeedsCarryApprovedCommentsOnly) {
  post_comment({{"name", "Early & Reader"},
                {"email", "early@example.org"},
                {"body", "Approved & *kept*."},
                {"action", "post"}});
  post_comment({{"name", "Late"},
                {"email", "late@example.org"},
                {"body", "Still pending."},
                {"action", "post"}});
  soci::session sql(db_->pool());
  sql << "UPDATE comments SET status = 'approved' WHERE author_email = 'early@example.org'";
  for (auto const* url :
       {"/comments/atom.xml", "/articles/harbour-talks-continue/comments/atom.xml"}) {
    auto feed = get(url);
    EXPECT_EQ(feed.status, 200) << url;
    EXPECT_EQ(feed.content_type, "application/atom+xml; charset=utf-8");
    EXPECT_NE(feed.body.find("<feed xmlns=\"http://www.w3.org/2005/Atom\""), std::string::npos);
    EXPECT_NE(feed.body.find("<name>Early &amp; Reader</name>"), std::string::npos) << feed.body;
    // The comment's HTML is escaped once more as the Atom text of a type="html" content.
    EXPECT_NE(feed.body.find("Approved &amp;amp; &lt;em&gt;kept&lt;/em&gt;."), std::string::npos);
    EXPECT_EQ(feed.body.find("Still pending."), std::string::npos);
    EXPECT_NE(feed.body.find("/articles/harbour-talks-continue#comment-"), std::string::npos);
  }
  EXPECT_EQ(get("/articles/no-such-article/comments/atom.xml").status, 404);
  EXPECT_NE(get(kArticle).body.find("/articles/harbour-talks-continue/comments/atom.xml"),
            std::string::npos)
      << "the article links its feed";
}

TEST_F(CommentHttpTest, MailedLinksAskBeforeDeletingAndRefuseForgeries) {
  post_comment({{"name", "Reader"},
                {"email", "reader@example.org"},
                {"body", "Mine."},
                {"notify", "1"},
                {"action", "post"}});
  soci::session sql(db_->pool());
  int notify = -1;
  long long id = 0;
  sql << "SELECT id, notify_replies FROM comments", soci::into(id), soci::into(notify);
  EXPECT_EQ(notify, 1) << "asked, not yet confirmed";
  sql << "UPDATE comments SET status = 'approved' WHERE id = :id", soci::use(id);
  sql << "UPDATE articles SET comment_count = 1 WHERE id = :id", soci::use(article_);
  auto confirm = comment_service_->confirm_link(id).substr(site_url_.size());
  auto remove = comment_service_->delete_link(id).substr(site_url_.size());
  auto ok = get(confirm);
  EXPECT_EQ(ok.status, 200);
  EXPECT_NE(ok.body.find("You will hear of replies"), std::string::npos);
  EXPECT_EQ(ok.header("Cache-Control"), "no-store");
  sql << "SELECT notify_replies FROM comments", soci::into(notify);
  EXPECT_EQ(notify, 2);
  auto ask = get(remove);
  EXPECT_EQ(ask.status, 200);
  EXPECT_NE(ask.body.find("Delete my comment"), std::string::npos);
  EXPECT_EQ(publishing_->read_any(article_)->article.comment_count, 1) << "a GET deletes nothing";
  Client reader;
  auto forged = request(reader, http::Method::Post, remove + "x", "");
  EXPECT_EQ(forged.status, 400);
  EXPECT_NE(forged.body.find("This link does not work"), std::string::npos);
  EXPECT_EQ(publishing_->read_any(article_)->article.comment_count, 1);
  auto gone = request(reader, http::Method::Post, remove, "");
  EXPECT_EQ(gone.status, 200);
  EXPECT_NE(gone.body.find("Your comment was deleted"), std::string::npos);
  EXPECT_EQ(publishing_->read_any(article_)->article.comment_count, 0);
  EXPECT_EQ(get(kArticle).body.find("Mine."), std::string::npos);
}

TEST_F(CommentHttpTest, EditorsCloseAndReopenAnArticlesComments) {
  Client reader;
  get(reader, kArticle);
  auto token = fetch_token(reader);  // a form opened before closing
  advance(5);
  Client editor;
  auto csrf = sign_in(editor, "editor@example.org");
  auto url = "/admin/comments/article/" + std::to_string(article_);
  EXPECT_EQ(post(editor, url, {{"action", "close"}}).status, 403) << "no CSRF token";
  EXPECT_FALSE(comment_service_->closed_by_editor(article_));
  auto closed = post(editor, url, {{"_csrf", csrf}, {"action", "close"}});
  EXPECT_EQ(closed.status, 303);
  EXPECT_TRUE(comment_service_->closed_by_editor(article_));
  auto panel = get(editor, "/admin/comments?article=" + std::to_string(article_));
  EXPECT_NE(panel.body.find("Open comments again"), std::string::npos);
  auto refused = post(reader, std::string(kArticle) + "/comments",
                      {{"name", "Reader"},
                       {"email", "reader@example.org"},
                       {"body", "Too late?"},
                       {"action", "post"},
                       {"token", token}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("closed"), std::string::npos);
  EXPECT_EQ(rows(), 0);
  EXPECT_EQ(post(editor, url, {{"_csrf", csrf}, {"action", "open"}}).status, 303);
  EXPECT_NE(get(kArticle).body.find("Leave a comment"), std::string::npos);
}

// The comment section is kept in memory between changes (site/fragment_cache.hpp): an
// approval and an editor's switch show on the next request and on every one after it.
TEST_F(CommentHttpTest, AnApprovedCommentAndAClosedSectionShowAtOnceAndStay) {
  post_comment(
      {{"name", "Reader"}, {"email", "a@example.org"}, {"body", "Kept text."}, {"action", "post"}});
  ASSERT_EQ(rows(), 1);
  for (int i = 0; i < 2; ++i)
    EXPECT_EQ(get(kArticle).body.find("Kept text."), std::string::npos) << "awaiting moderation";
  ASSERT_TRUE(comment_service_->moderate({comment_id()}, Moderation::Approve));
  for (int i = 0; i < 2; ++i)
    EXPECT_NE(get(kArticle).body.find("Kept text."), std::string::npos) << "read " << i;
  ASSERT_TRUE(comment_service_->set_closed(article_, true));
  for (int i = 0; i < 2; ++i)
    EXPECT_EQ(get(kArticle).body.find("Leave a comment"), std::string::npos) << "read " << i;
}

TEST_F(CommentHttpTest, ReplyFormsExistForFirstCommentsOnly) {
  post_comment({{"name", "First"},
                {"email", "first@example.org"},
                {"body", "A first comment."},
                {"action", "post"}});
  soci::session sql(db_->pool());
  long long first = 0;
  sql << "SELECT id FROM comments", soci::into(first);
  EXPECT_EQ(get(std::string(kArticle) + "/comments?reply=" + std::to_string(first)).status, 404)
      << "not approved yet";
  ASSERT_TRUE(comment_service_->moderate({first}, Moderation::Approve).ok());
  auto page = get(kArticle).body;
  auto reply_url = std::string(kArticle) + "/comments?reply=" + std::to_string(first);
  EXPECT_NE(page.find(reply_url + "#comment-form"), std::string::npos);
  auto form = get(reply_url);
  EXPECT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("In reply to First"), std::string::npos);
  EXPECT_NE(form.body.find("name=\"parent\" value=\"" + std::to_string(first) + "\""),
            std::string::npos);
  EXPECT_EQ(form.header("Cache-Control"), "no-store");
  post_comment({{"name", "Second"},
                {"email", "first@example.org"},
                {"body", "Replying."},
                {"parent", std::to_string(first)},
                {"action", "post"}});
  long long second = 0;
  sql << "SELECT MAX(id) FROM comments", soci::into(second);
  EXPECT_EQ(get(std::string(kArticle) + "/comments?reply=" + std::to_string(second)).status, 404)
      << "a reply takes no reply";
  EXPECT_EQ(get(std::string(kArticle) + "/comments?reply=abc").status, 404);
  EXPECT_EQ(get(std::string(kArticle) + "/comments").status, 404);
}

TEST_F(CommentHttpTest, TheArticlePageIsTheSameForEveryReaderAndCarriesNoTimedToken) {
  Client first, second;
  second.remote = "198.51.100.7";
  auto early = get(first, kArticle);
  advance(7);
  auto later = get(second, kArticle);
  ASSERT_EQ(early.status, 200);
  EXPECT_EQ(early.body, later.body) << "one page for everyone, whenever it is rendered";
  EXPECT_FALSE(early.cache_keys.empty()) << "and cacheable";
  EXPECT_NE(early.body.find("name=\"token\" value=\"\""), std::string::npos);
  EXPECT_NE(early.body.find("data-token-url=\"/articles/harbour-talks-continue/comments/token\""),
            std::string::npos);

  auto handed = get(first, std::string(kArticle) + "/comments/token");
  EXPECT_EQ(handed.status, 200);
  EXPECT_EQ(handed.header("Cache-Control"), "no-store");
  EXPECT_TRUE(handed.cache_keys.empty());
  EXPECT_EQ(handed.content_type, "application/json; charset=utf-8");
  advance(1);
  EXPECT_NE(get(first, std::string(kArticle) + "/comments/token").body, handed.body)
      << "each reader's token carries the time it was handed out";
  EXPECT_EQ(get("/articles/no-such-article/comments/token").status, 404);
}

TEST_F(CommentHttpTest, APostMadeTheInstantTheFormIsFetchedIsRefused) {
  std::vector<std::pair<std::string, std::string>> fields{
      {"name", "Bot"}, {"email", "bot@example.org"}, {"body", "Fast text."}, {"action", "post"}};
  Client robot;
  get(robot, kArticle);
  auto first = post(robot, std::string(kArticle) + "/comments", fields);  // the page's form as is
  EXPECT_EQ(first.status, 409);
  EXPECT_EQ(rows(), 0);
  auto with_token = fields;
  with_token.emplace_back("token", fetch_token(robot));
  auto fetched_and_posted = post(robot, std::string(kArticle) + "/comments", with_token);
  EXPECT_EQ(fetched_and_posted.status, 409);
  EXPECT_NE(fetched_and_posted.body.find("very quick"), std::string::npos);
  auto returned = fields;
  returned.emplace_back("token", hidden_value(first.body, "token"));
  EXPECT_EQ(post(robot, std::string(kArticle) + "/comments", returned).status, 409)
      << "the token of the form sent back is as new as that answer";
  EXPECT_EQ(rows(), 0);
}

TEST_F(CommentHttpTest, WithoutJavaScriptTheFirstPressReturnsTheFormWithItsTextAndAToken) {
  Client reader;
  get(reader, kArticle);
  advance(30);  // reading, then writing
  std::vector<std::pair<std::string, std::string>> fields{{"name", "Reader"},
                                                          {"email", "reader@example.org"},
                                                          {"body", "Written without *scripts*."},
                                                          {"action", "post"}};
  auto first = post(reader, std::string(kArticle) + "/comments", fields);
  EXPECT_EQ(first.status, 409);
  EXPECT_NE(first.body.find("One more step"), std::string::npos);
  EXPECT_NE(first.body.find("Written without *scripts*.</textarea>"), std::string::npos);
  EXPECT_EQ(first.header("Cache-Control"), "no-store");
  auto token = hidden_value(first.body, "token");
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(rows(), 0);

  // Pressed again at once: too quick, and the form comes back with the same token, so the
  // next press (a moment later) goes through instead of starting the wait again.
  fields.emplace_back("token", token);
  auto quick = post(reader, std::string(kArticle) + "/comments", fields);
  EXPECT_EQ(quick.status, 409);
  EXPECT_EQ(hidden_value(quick.body, "token"), token);
  advance(3);
  auto posted = post(reader, std::string(kArticle) + "/comments", fields);
  EXPECT_EQ(posted.status, 200) << posted.body;
  EXPECT_NE(posted.body.find("awaiting moderation"), std::string::npos);
  EXPECT_EQ(rows(), 1);
}

TEST_F(CommentHttpTest, AnOversizePreviewIsRefusedCheaplyLikeAPost) {
  // 900 KB of Markdown: the preview used to render it all and answer 1.8 MB.
  std::string huge;
  while (huge.size() < 900'000) huge += "Sanctions _talks_ resume in Geneva. ";
  auto as = [&](char const* action) {
    return post_comment(
        {{"name", "Reader"}, {"email", "reader@example.org"}, {"body", huge}, {"action", action}});
  };
  auto posted = as("post");
  auto previewed = as("preview");
  EXPECT_EQ(posted.status, 413);
  EXPECT_EQ(previewed.status, posted.status);
  EXPECT_FALSE(shows_preview(previewed));
  EXPECT_NE(previewed.body.find("too long"), std::string::npos);
  constexpr std::size_t kSmallAnswer = 64 * 1024;  // the form, with at most 40 KB of text
  EXPECT_LT(previewed.body.size(), kSmallAnswer);
  EXPECT_LT(posted.body.size(), kSmallAnswer);
  EXPECT_EQ(rows(), 0);
}

TEST_F(CommentHttpTest, APreviewIsBoundedByEveryRuleOfAPost) {
  std::vector<std::pair<std::string, std::string>> fields{
      {"name", "Reader"}, {"email", "reader@example.org"}, {"action", "preview"}};
  auto with_body = [&](std::string body) {
    auto f = fields;
    f.emplace_back("body", std::move(body));
    return f;
  };
  Client reader;
  get(reader, kArticle);
  auto untokened = post(reader, std::string(kArticle) + "/comments", with_body("**Hello**"));
  EXPECT_EQ(untokened.status, 409) << "no token";
  EXPECT_FALSE(shows_preview(untokened));
  auto quick = with_body("**Hello**");
  quick.emplace_back("token", fetch_token(reader));
  EXPECT_EQ(post(reader, std::string(kArticle) + "/comments", quick).status, 409) << "fill time";
  auto links = post_comment(
      with_body("[a](https://a.example) [b](https://b.example) and https://c.example"));
  EXPECT_EQ(links.status, 400);
  EXPECT_NE(links.body.find("2 links or fewer"), std::string::npos);
  EXPECT_FALSE(shows_preview(links));
  auto honeypot = with_body("Hi");
  honeypot.emplace_back("website_confirm", "x");
  EXPECT_EQ(post_comment(honeypot).status, 403);

  // The posting limits: an address that may post no more may not preview either.
  constexpr int kPerAddressPerHour = 10;  // CommentOptions' default, as NewsroomStack wires it
  for (int i = 0; i < kPerAddressPerHour; ++i)
    ASSERT_EQ(post_comment({{"name", "Reader"},
                            {"email", "reader" + std::to_string(i) + "@example.org"},
                            {"body", "Comment " + std::to_string(i)},
                            {"action", "post"}})
                  .status,
              200);
  auto limited = post_comment(with_body("One more?"));
  EXPECT_EQ(limited.status, 429);
  EXPECT_FALSE(shows_preview(limited));

  // Previews have a limit of their own: another address, previewing and never posting.
  Client previewer;
  previewer.remote = "203.0.113.9";
  int shown = 0;
  int refused = 0;
  for (int i = 0; i < kPerAddressPerHour * kPreviewsPerComment + 1; ++i) {
    auto r = post_comment(with_body("Draft " + std::to_string(i)), previewer);
    (r.status == 200 ? shown : refused) += 1;
    if (r.status != 200) EXPECT_EQ(r.status, 429);
  }
  EXPECT_EQ(shown, kPerAddressPerHour * kPreviewsPerComment);
  EXPECT_EQ(refused, 1);
  EXPECT_EQ(rows(), kPerAddressPerHour);
}

TEST_F(CommentHttpTest, APreviewKeepsTheTokenSoPostingNextGoesThrough) {
  Client reader;
  get(reader, kArticle);
  auto token = fetch_token(reader);
  advance(5);
  std::vector<std::pair<std::string, std::string>> fields{{"name", "Reader"},
                                                          {"email", "reader@example.org"},
                                                          {"body", "**Bold** claim."},
                                                          {"token", token}};
  auto preview = fields;
  preview.emplace_back("action", "preview");
  auto shown = post(reader, std::string(kArticle) + "/comments", preview);
  EXPECT_EQ(shown.status, 200);
  EXPECT_TRUE(shows_preview(shown));
  EXPECT_NE(shown.body.find("<strong>Bold</strong> claim."), std::string::npos);
  EXPECT_EQ(hidden_value(shown.body, "token"), token);
  fields.emplace_back("action", "post");
  EXPECT_EQ(post(reader, std::string(kArticle) + "/comments", fields).status, 200);
  EXPECT_EQ(rows(), 1);
}

TEST_F(CommentHttpTest, AMarkdownLinkCountsAsOneLink) {
  // Two links, each written as Markdown: two, not four (the address inside each counted again).
  auto two = post_comment({{"name", "Reader"},
                           {"email", "reader@example.org"},
                           {"body", "See [a](https://a.example) and [b](https://b.example)."},
                           {"action", "post"}});
  EXPECT_EQ(two.status, 200) << two.body;
  auto autolinked = post_comment({{"name", "Reader"},
                                  {"email", "other@example.org"},
                                  {"body", "See <https://a.example> and https://b.example"},
                                  {"action", "post"}});
  EXPECT_EQ(autolinked.status, 200) << autolinked.body;
  auto three = post_comment({{"name", "Reader"},
                             {"email", "third@example.org"},
                             {"body", "[a](https://a.example) https://b.example http://c.example"},
                             {"action", "post"}});
  EXPECT_EQ(three.status, 400);
  EXPECT_EQ(rows(), 2);
}

}  // namespace
}  // namespace dossier::comments
