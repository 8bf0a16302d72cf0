// Curation in the newsroom (/admin/entities, /admin/quotes) over the route table: editors
// rename, set roles, merge and hide entities and correct a quotation's speaker, with CSRF;
// authors may not; bad input is refused with nothing changed.
#include <gtest/gtest.h>

#include "support/newsroom_stack.hpp"

namespace dossier::insight {
namespace {

class InsightAdminTest : public test::NewsroomStack, public ::testing::Test {
 protected:
  InsightAdminTest() : NewsroomStack("dossier-insight-admin") {
    editor_ = add_user("editor@example.org", auth::Role::Editor);
    add_user("author@example.org", auth::Role::Author);
    publishing::ArticleInput in;
    in.title = "Envoys meet in Nairobi";
    in.body_markdown =
        "Special Envoy Amara Obi met Kenyan officials.\n\n\"Progress is slow,\" Obi said.\n\n"
        "Deputy Minister Amara Obie of Kenya attended.";
    in.author_id = editor_.id;
    in.status = publishing::ArticleStatus::Published;
    in.published_at = time_.load() - 3600;
    article_ = *publishing_->add_article(in);
    EXPECT_TRUE(insight_->analyze_article(article_).ok());
  }
  auth::User editor_;
  publishing::Id article_ = 0;
};

TEST_F(InsightAdminTest, EditorsCurateAndAuthorsMayNot) {
  Client author, editor;
  sign_in(author, "author@example.org");
  auto csrf = sign_in(editor, "editor@example.org");
  EXPECT_EQ(get(author, "/admin/entities").status, 403);
  auto list = get(editor, "/admin/entities?kind=person&q=Amara");
  EXPECT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("Amara Obi"), std::string::npos);
  auto obi = insight_->find_entity(EntityKind::Person, "amara-obi");
  auto obie = insight_->find_entity(EntityKind::Person, "amara-obie");
  ASSERT_TRUE(obi && obie);
  auto url = "/admin/entities/" + std::to_string(obi->id);
  EXPECT_EQ(post(editor, url, {{"action", "role"}, {"role", "UN envoy"}}).status, 403)
      << "no CSRF token";
  EXPECT_EQ(
      post(editor, url, {{"_csrf", csrf}, {"action", "role"}, {"role", "UN special envoy"}}).status,
      303);
  EXPECT_EQ(insight_->find_entity(EntityKind::Person, "amara-obi")->role.value_or(""),
            "UN special envoy");
  EXPECT_EQ(post(editor, "/admin/entities/" + std::to_string(obie->id),
                 {{"_csrf", csrf}, {"action", "merge"}, {"into", "person/no-such-person"}})
                .status,
            400);
  EXPECT_EQ(post(editor, "/admin/entities/" + std::to_string(obie->id),
                 {{"_csrf", csrf}, {"action", "merge"}, {"into", "person/amara-obi"}})
                .status,
            303);
  auto box = insight_->for_article(article_);
  ASSERT_EQ(box->people.size(), 1u) << "the two spellings are one person now";
  EXPECT_EQ(post(editor, url, {{"_csrf", csrf}, {"action", "explode"}}).status, 400);

  auto quotes = get(editor, "/admin/quotes?article=" + std::to_string(article_));
  EXPECT_EQ(quotes.status, 200);
  EXPECT_NE(quotes.body.find("Progress is slow,"), std::string::npos);
  auto quote = box->quotes.at(0).id;
  EXPECT_EQ(post(editor, "/admin/quotes/" + std::to_string(quote),
                 {{"_csrf", csrf}, {"speaker", ""}, {"article", std::to_string(article_)}})
                .status,
            303);
  ASSERT_TRUE(insight_->analyze_article(article_).ok());
  EXPECT_FALSE(insight_->for_article(article_)->quotes.at(0).speaker)
      << "the editor said nobody is named, and re-analysis keeps it";
  EXPECT_EQ(post(editor, "/admin/entities/" + std::to_string(obi->id),
                 {{"_csrf", csrf}, {"action", "hide"}})
                .status,
            303);
  EXPECT_EQ(get("/people/amara-obi").status, 404);
}

}  // namespace
}  // namespace dossier::insight
