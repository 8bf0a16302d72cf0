// The one path of side effects (issue 15), wired as `serve` wires it (app/side_effects.hpp)
// over a real SQLite file and the real handlers: a comment drops the article's pages but never
// queues a re-analysis; an article's edit does both; an image's new texts drop the pages that
// show them and no other; a hero caption saved with its article is never cached stale.
#include <gtest/gtest.h>

#include <algorithm>

#include <soci/soci.h>

#include "app/cached_site.hpp"
#include "app/side_effects.hpp"
#include "media/media_library.hpp"
#include "media/media_store.hpp"
#include "render/page_cache.hpp"
#include "support/newsroom_stack.hpp"

namespace dossier {
namespace {

constexpr std::size_t kCacheBytes = 16 * 1024 * 1024;

class SideEffectsTest : public test::NewsroomStack, public ::testing::Test {
 protected:
  SideEffectsTest() : NewsroomStack("dossier-side-effects"), cache_(kCacheBytes) {
    app::subscribe_page_cache(events_, cache_);
    app::subscribe_analysis(events_, *insight_);
    cached_ = std::make_unique<app::CachedSite>(
        &cache_, [this](http::Request const& r) { return app::dispatch(router_, *site_, r); });
    author_ = add_user("desk@example.org", auth::Role::Editor);
    image_ = add_image("A first caption");
    article_ = publish("Talks resume in Vienna", image_);
    other_ = publish("Harbour strike ends", std::nullopt);
    insight_->process_queue(100);  // the two new articles: analysed, the queue is empty
  }

  media::Id add_image(std::string const& caption) {
    soci::session sql(db_->pool());
    media::Media m;
    m.file = "2026/01/talks.jpg";
    m.mime = "image/jpeg";
    m.width = 1200;
    m.height = 800;
    m.alt = "Delegates at a table";
    m.caption = caption;
    return media::MediaStore::insert(sql, m, time_.load());
  }

  publishing::Id publish(std::string const& title, std::optional<media::Id> hero) {
    auto in = input(title, hero);
    auto id = editorial_->create(in, author_.id, publishing::Transition::Publish);
    if (!id) throw std::runtime_error(id.error().message);
    return *id;
  }

  publishing::ArticleInput input(std::string const& title, std::optional<media::Id> hero) {
    publishing::ArticleInput in;
    in.title = title;
    in.body_markdown = "The delegations met again on Monday.";
    in.author_id = author_.id;
    in.hero_media_id = hero;
    return in;
  }

  // A reader's GET through the page cache, as the server answers it.
  std::string read(std::string const& target) {
    http::Request req;
    req.method = http::Method::Get;
    req.target = req.path = target;
    if (auto hit = cached_->lookup(req)) return hit->shared_body ? *hit->shared_body : hit->body;
    auto r = cached_->handle(req);
    return r.shared_body ? *r.shared_body : r.body;
  }
  bool cached(std::string const& target) { return cache_.find(target) != nullptr; }

  comments::Id approved_comment() {
    comments::NewComment c;
    c.article_id = article_;
    c.name = "Reader";
    c.email = "reader@example.org";
    c.body = "A thoughtful remark.";
    c.remote_address = "192.0.2.7";
    c.form_token = comment_service_->form_token(article_);
    advance(5);
    auto target = comments::for_comments(publishing_->read_any(article_)->article);
    auto posted = comment_service_->post(c, target);
    if (!posted) throw std::runtime_error(posted.error().message);
    if (!comment_service_->moderate({posted->id}, comments::Moderation::Approve))
      throw std::runtime_error("not approved");
    return posted->id;
  }

  render::PageCache cache_;
  std::unique_ptr<app::CachedSite> cached_;
  auth::User author_;
  media::Id image_ = 0;
  publishing::Id article_ = 0, other_ = 0;
};

TEST_F(SideEffectsTest, ApprovingACommentRedoesThePageButQueuesNoAnalysis) {
  auto page = "/articles/talks-resume-in-vienna";
  EXPECT_NE(read(page).find("No comments yet"), std::string::npos);
  ASSERT_TRUE(cached(page));
  approved_comment();
  EXPECT_FALSE(cached(page)) << "the counter and the section changed: the page is dropped";
  EXPECT_NE(read(page).find("A thoughtful remark."), std::string::npos);
  EXPECT_TRUE(insight_->process_queue(100).empty())
      << "a comment changes no word of the article: the insight queue stays empty";
}

TEST_F(SideEffectsTest, EditingAnArticleQueuesItsAnalysis) {
  auto draft = editorial_->load(article_);
  ASSERT_TRUE(draft);
  auto in = draft->input;
  in.body_markdown += "\n\nThe talks go on.";
  ASSERT_TRUE(
      editorial_->save(article_, in, draft->revision_id, author_.id, publishing::Transition::Save)
          .ok());
  EXPECT_EQ(insight_->process_queue(100), std::vector<publishing::Id>{article_});
}

TEST_F(SideEffectsTest, AnImagesNewTextsDropOnlyThePagesShowingIt) {
  auto with_image = "/articles/talks-resume-in-vienna";
  auto without = "/articles/harbour-strike-ends";
  read(with_image);
  read(without);
  read("/");
  ASSERT_TRUE(cached(with_image) && cached(without) && cached("/"));
  media::MediaLibrary library(*db_, &events_);
  ASSERT_TRUE(library.set_text(image_, "Delegates", "A second caption", "Photo desk").ok());
  EXPECT_FALSE(cached(with_image)) << "its hero's caption changed";
  EXPECT_NE(read(with_image).find("A second caption"), std::string::npos);
  EXPECT_TRUE(cached(without)) << "shows no image: kept";
  EXPECT_TRUE(cached("/")) << "teasers show the image's file, which did not change: kept";
  EXPECT_FALSE(library.set_text(image_ + 1000, "", "", "").ok()) << "no such image";
}

TEST_F(SideEffectsTest, AHeroCaptionSavedWithItsArticleIsNeverCachedStale) {
  auto page = "/articles/talks-resume-in-vienna";
  read(page);
  // A reader's request arriving the moment the article's change is announced: before, the
  // caption was written after this, so the page was cached again with the old caption.
  std::string rendered_meanwhile;
  events_.subscribe<publishing::ArticleChanged>(
      [&](publishing::ArticleChanged const&) { rendered_meanwhile = read(page); });
  auto draft = editorial_->load(article_);
  ASSERT_TRUE(editorial_
                  ->save(article_, draft->input, draft->revision_id, author_.id,
                         publishing::Transition::Save,
                         publishing::ImageText{image_, "Delegates", "A new caption", ""})
                  .ok());
  EXPECT_NE(rendered_meanwhile.find("A new caption"), std::string::npos);
  EXPECT_NE(read(page).find("A new caption"), std::string::npos);
}

TEST_F(SideEffectsTest, AHeroCaptionThatFailsLeavesTheArticleUnsaved) {
  auto draft = editorial_->load(article_);
  auto in = draft->input;
  in.title = "Talks resume in Geneva";
  auto saved =
      editorial_->save(article_, in, draft->revision_id, author_.id, publishing::Transition::Save,
                       publishing::ImageText{image_, std::string(2000, 'x'), "", ""});
  EXPECT_FALSE(saved.ok());
  EXPECT_EQ(editorial_->load(article_)->input.title, "Talks resume in Vienna")
      << "the caption's error rolled the article's save back with it";
}

TEST_F(SideEffectsTest, AProfileChangeDropsTheAuthorsPages) {
  auto page = "/articles/talks-resume-in-vienna";
  read(page);
  ASSERT_TRUE(cached(page));
  events_.publish(auth::AuthorChanged{author_.id});
  EXPECT_FALSE(cached(page)) << "the article page shows its author's name";
}

}  // namespace
}  // namespace dossier
