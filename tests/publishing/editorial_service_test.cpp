// The newsroom's rules for articles over a real SQLite file: revisions, the version check,
// editorial states and scheduled publishing through the same path as a manual publish.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <soci/soci.h>

#include "publishing/events.hpp"
#include "support/newsroom_stack.hpp"

namespace dossier::publishing {
namespace {

class EditorialTest : public test::NewsroomStack, public ::testing::Test {
 protected:
  EditorialTest() : NewsroomStack("dossier-editorial") {
    events_.subscribe<ArticleChanged>(
        [this](ArticleChanged const& c) { changes_.push_back(c.id); });
    author_ = add_user("writer@example.org", auth::Role::Author);
  }

  ArticleInput draft(std::string title) {
    ArticleInput in;
    in.title = std::move(title);
    in.dek = "A standfirst.";
    in.body_markdown = "First paragraph.\n\nSecond paragraph.";
    in.author_id = author_.id;
    return in;
  }

  auth::User author_;
  std::vector<Id> changes_;
};

TEST_F(EditorialTest, EverySaveKeepsARevision) {
  auto id = editorial_->create(draft("Envoys meet in Vienna"), author_.id, Transition::Save);
  ASSERT_TRUE(id.ok()) << id.error().message;
  auto d = editorial_->load(*id);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->state, EditorialState::Draft);
  auto in = d->input;
  in.body_markdown += "\n\nThird paragraph.";
  auto rev = editorial_->save(*id, in, d->revision_id, author_.id, Transition::Save);
  ASSERT_TRUE(rev.ok()) << rev.error().message;
  auto list = editorial_->revisions(*id);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list.front().id, *rev);
  EXPECT_EQ(list.front().user_name, "writer");
  auto old = editorial_->revision(list.back().id);
  ASSERT_TRUE(old);
  EXPECT_EQ(old->input.body_markdown, "First paragraph.\n\nSecond paragraph.");
  EXPECT_EQ(old->input.author_id, author_.id);
}

TEST_F(EditorialTest, ASaveFromAnOlderVersionIsRefusedAndChangesNothing) {
  auto id = editorial_->create(draft("Envoys meet in Vienna"), author_.id, Transition::Save);
  auto opened = editorial_->load(*id);  // two people open the same version
  auto first = opened->input;
  first.title = "Envoys meet in Vienna again";
  ASSERT_TRUE(editorial_->save(*id, first, opened->revision_id, author_.id, Transition::Save).ok());
  auto second = opened->input;
  second.title = "A different title";
  auto refused = editorial_->save(*id, second, opened->revision_id, author_.id, Transition::Save);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::Conflict);
  EXPECT_NE(refused.error().message.find("writer"), std::string::npos);
  auto now = editorial_->load(*id);
  EXPECT_EQ(now->input.title, "Envoys meet in Vienna again");
  EXPECT_EQ(editorial_->revisions(*id).size(), 2u);
}

TEST_F(EditorialTest, StatesFollowTransitions) {
  auto id =
      editorial_->create(draft("Sanctions list grows"), author_.id, Transition::SubmitForReview);
  EXPECT_EQ(editorial_->load(*id)->state, EditorialState::InReview);
  auto d = editorial_->load(*id);
  ASSERT_TRUE(
      editorial_->save(*id, d->input, d->revision_id, author_.id, Transition::Publish).ok());
  d = editorial_->load(*id);
  EXPECT_EQ(d->state, EditorialState::Published);
  ASSERT_TRUE(d->input.published_at);
  EXPECT_EQ(get("/articles/" + d->input.slug).status, 200);
  ASSERT_TRUE(
      editorial_->save(*id, d->input, d->revision_id, author_.id, Transition::Unpublish).ok());
  EXPECT_EQ(editorial_->load(*id)->state, EditorialState::Unpublished);
  EXPECT_EQ(get("/articles/" + d->input.slug).status, 404);

  NewsroomQuery q;
  q.state = EditorialState::Unpublished;
  EXPECT_EQ(editorial_->browse(q).total, 1);
  q.state = EditorialState::Published;
  EXPECT_EQ(editorial_->browse(q).total, 0);
}

TEST_F(EditorialTest, SchedulingNeedsAFutureTime) {
  auto in = draft("Summit agenda");
  auto none = editorial_->create(in, author_.id, Transition::Schedule);
  ASSERT_FALSE(none.ok());
  in.published_at = time_.load() - 60;
  EXPECT_FALSE(editorial_->create(in, author_.id, Transition::Schedule).ok());
  NewsroomQuery all;
  EXPECT_EQ(editorial_->browse(all).total, 0) << "refused saves store nothing";
}

TEST_F(EditorialTest, ScheduledArticlesGoLiveAtTheirTimeThroughTheSamePath) {
  auto in = draft("Ministers to sign accord");
  in.published_at = time_.load() + 120;
  auto id = editorial_->create(in, author_.id, Transition::Schedule);
  ASSERT_TRUE(id.ok()) << id.error().message;
  auto slug = editorial_->load(*id)->input.slug;
  EXPECT_EQ(editorial_->load(*id)->state, EditorialState::Scheduled);
  EXPECT_EQ(get("/articles/" + slug).status, 404);
  EXPECT_EQ(editorial_->publish_due(), 0);
  changes_.clear();
  advance(121);
  EXPECT_EQ(editorial_->publish_due(), 1);
  EXPECT_EQ(editorial_->load(*id)->state, EditorialState::Published);
  EXPECT_EQ(editorial_->load(*id)->input.published_at, in.published_at)
      << "its time, not the job's";
  EXPECT_EQ(get("/articles/" + slug).status, 200);
  // The same event a manual publish sends: it is what invalidates the page cache.
  EXPECT_EQ(changes_, std::vector<Id>{*id});
  EXPECT_EQ(editorial_->revisions(*id).front().note, "Published on schedule");
  EXPECT_EQ(editorial_->publish_due(), 0);
}

TEST_F(EditorialTest, ARemovedArticleLeavesNoPageRevisionOrSearchWords) {
  auto in = draft("Zeppelinwort treaty signed");
  auto id = editorial_->create(in, author_.id, Transition::Publish);
  ASSERT_TRUE(id.ok()) << id.error().message;
  auto slug = editorial_->load(*id)->input.slug;
  EXPECT_EQ(get("/articles/" + slug).status, 200);
  soci::session sql(db_->pool());
  auto count = [&](std::string const& query) {
    long long n = -1;
    sql << query, soci::into(n);
    return n;
  };
  EXPECT_EQ(count("SELECT count(*) FROM search_terms WHERE term LIKE 'zeppelinwort%'"), 1);
  changes_.clear();
  ASSERT_TRUE(editorial_->remove(*id).ok());
  EXPECT_FALSE(editorial_->load(*id));
  EXPECT_EQ(get("/articles/" + slug).status, 404);
  // The event the page cache listens to, and the search vocabulary's counts taken down too.
  EXPECT_EQ(changes_, std::vector<Id>{*id});
  EXPECT_EQ(count("SELECT count(*) FROM revisions WHERE article_id = " + std::to_string(*id)), 0);
  EXPECT_EQ(
      count("SELECT count(*) FROM search_documents WHERE article_id = " + std::to_string(*id)), 0);
  EXPECT_EQ(count("SELECT count(*) FROM search_terms WHERE term LIKE 'zeppelinwort%'"), 0);
  auto again = editorial_->remove(*id);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::NotFound);
}

TEST_F(EditorialTest, AScheduledPublishIsCheckedInsideTheWriteAndNeverHappensTwice) {
  auto in = draft("Ministers to sign accord");
  in.published_at = time_.load() + 120;
  auto id = editorial_->create(in, author_.id, Transition::Schedule);
  ASSERT_TRUE(id.ok()) << id.error().message;
  auto loaded = editorial_->load(*id);  // what another server's jobs thread loaded
  advance(121);
  ASSERT_EQ(editorial_->publish_due(), 1);
  auto revisions = editorial_->revisions(*id).size();
  // That server's write comes after this one's: the article is no longer scheduled.
  auto input = loaded->input;
  input.status = ArticleStatus::Published;
  auto late = publishing_->edit_article(*id, input, {}, ArticleStatus::Scheduled);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().kind, ErrorKind::Conflict);
  EXPECT_EQ(editorial_->revisions(*id).size(), revisions) << "nothing changed";
}

TEST_F(EditorialTest, TwoJobsThreadsPublishEachScheduledArticleOnce) {
  constexpr int kArticles = 8;
  std::vector<Id> ids;
  for (int i = 0; i < kArticles; ++i) {
    auto in = draft("Accord " + std::to_string(i));
    in.published_at = time_.load() + 60;
    auto id = editorial_->create(in, author_.id, Transition::Schedule);
    ASSERT_TRUE(id.ok()) << id.error().message;
    ids.push_back(*id);
  }
  advance(61);
  std::atomic<int> published{0};
  std::vector<std::thread> servers;
  for (int s = 0; s < 2; ++s)
    servers.emplace_back([&] {
      // A thread's exception would end the whole binary: the test shows it instead.
      try {
        published += editorial_->publish_due();
      } catch (std::exception const& e) {
        ADD_FAILURE() << "publish_due threw: " << e.what();
      }
    });
  for (auto& t : servers) t.join();
  EXPECT_EQ(published.load(), kArticles);
  for (auto id : ids) {
    int on_schedule = 0;
    for (auto const& r : editorial_->revisions(id))
      on_schedule += r.note == "Published on schedule";
    EXPECT_EQ(on_schedule, 1) << "article " << id;
  }
}

TEST_F(EditorialTest, RestoreBringsBackOldTextAsANewRevision) {
  auto id = editorial_->create(draft("Talks resume"), author_.id, Transition::Save);
  auto first = editorial_->load(*id);
  auto in = first->input;
  in.body_markdown = "Rewritten entirely.";
  ASSERT_TRUE(editorial_->save(*id, in, first->revision_id, author_.id, Transition::Save).ok());
  auto now = editorial_->load(*id);
  ASSERT_TRUE(editorial_->restore(*id, first->revision_id, now->revision_id, author_.id).ok());
  auto restored = editorial_->load(*id);
  EXPECT_EQ(restored->input.body_markdown, "First paragraph.\n\nSecond paragraph.");
  EXPECT_EQ(editorial_->revisions(*id).size(), 3u);
  // A stale restore is refused like a stale save.
  EXPECT_FALSE(editorial_->restore(*id, first->revision_id, first->revision_id, author_.id).ok());
}

TEST_F(EditorialTest, TagsTypedInTheEditor) {
  auto made = editorial_->tags_for({"Arctic shipping", " arctic SHIPPING ", ""},
                                   EditorialService::NewTags::Create);
  ASSERT_TRUE(made.ok());
  EXPECT_EQ(made->size(), 1u);
  auto refused =
      editorial_->tags_for({"Arctic shipping", "Brand new tag"}, EditorialService::NewTags::Refuse);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("Brand new tag"), std::string::npos);
  EXPECT_EQ(editorial_->tag_names(*made), std::vector<std::string>{"Arctic shipping"});
}

}  // namespace
}  // namespace dossier::publishing
