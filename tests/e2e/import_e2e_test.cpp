// `dossier import wordpress` through the real binary: the team's WXR 1.2 fixture with its
// uploads imports into a fresh data directory, and the server then shows the published
// articles, keeps drafts and posts in review out of sight, serves the client-only post to no
// anonymous reader, files articles under the (flattened) categories, shows comments threaded
// and moderated, and serves the imported images. A second import changes nothing; each bad
// fixture and a dry run store nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "newsroom_client.hpp"
#include "support/test_paths.hpp"
#include "test_client.hpp"
#include "test_process.hpp"

namespace dossier::test {
namespace {

namespace fs = std::filesystem;

std::string fixtures() {
  return (fs::path(::dossier::test::test_dir()) / "fixtures/wordpress").string();
}

class ImportE2e : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = make_temp_dir("dossier-import-e2e");
    db_ = data_ + "/dossier.db";
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "init"}).exit_code, 0);
  }
  void TearDown() override { remove_tree(data_); }

  RunResult import(std::vector<std::string> args) {
    std::vector<std::string> argv{dossier_binary(), "--data", data_, "import", "wordpress"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
  }
  RunResult import_institute() {
    return import({fixtures() + "/institute-1.2.xml", "--media-dir", fixtures() + "/uploads"});
  }

  // Row counts of every table an import writes, and the media files on disk.
  std::string counts() {
    std::string all;
    for (auto const* t : {"users", "articles", "categories", "tags", "article_categories",
                          "article_tags", "comments", "media", "wordpress_ids", "revisions"})
      all +=
          std::string(t) + "=" + sqlite_value(db_, std::string("SELECT COUNT(*) FROM ") + t) + " ";
    int files = 0;
    if (fs::exists(data_ + "/media"))
      for (auto const& e : fs::recursive_directory_iterator(data_ + "/media"))
        files += e.is_regular_file();
    return all + "files=" + std::to_string(files);
  }

  std::string data_;
  std::string db_;
};

TEST_F(ImportE2e, ImportsTheInstituteAndServesIt) {
  auto first = import_institute();
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_NE(first.out.find("posts"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("items of post type \"event\" skipped"), std::string::npos) << first.out;
  // The three-level World > Africa > Sahel tree: Sahel hangs under World.
  EXPECT_NE(first.out.find("1 categories deeper than two levels"), std::string::npos) << first.out;
  EXPECT_EQ(sqlite_value(db_,
                         "SELECT p.slug FROM categories c JOIN categories p ON p.id = c.parent_id "
                         "WHERE c.slug = 'sahel'"),
            "world");

  // The future post waits for its time (checked before a server's jobs thread could publish
  // it: its date may be past by the time the test runs).
  EXPECT_EQ(sqlite_value(db_, "SELECT status FROM articles WHERE slug = 'next-rainy-season'"),
            "scheduled");
  {
    ServerProcess server(data_);
    ASSERT_TRUE(server.started());
    auto article = request(server.port(), "GET", "/articles/sahel-water-outlook");
    ASSERT_TRUE(article);
    EXPECT_EQ(article->status, 200);
    EXPECT_NE(article->body.find("Sahel water outlook"), std::string::npos);
    // The featured image and the content's image point at the imported files.
    std::smatch image;
    ASSERT_TRUE(
        std::regex_search(article->body, image,
                          std::regex(R"re(/media/2025/03/sahel-rainfall[^"' ]*\.(png|webp))re")))
        << article->body;
    auto file = request(server.port(), "GET", image.str(0));
    ASSERT_TRUE(file);
    EXPECT_EQ(file->status, 200) << image.str(0);
    // Comments: approved ones shown (the reply of a reply under its thread), pending, spam,
    // trash and the pingback not.
    EXPECT_EQ(sqlite_value(db_,
                           "SELECT comment_count FROM articles WHERE slug = "
                           "'sahel-water-outlook'"),
              sqlite_value(db_,
                           "SELECT COUNT(*) FROM comments c JOIN articles a ON a.id = "
                           "c.article_id WHERE a.slug = 'sahel-water-outlook' AND c.status "
                           "= 'approved'"));
    EXPECT_EQ(sqlite_value(db_, "SELECT COUNT(*) FROM comments WHERE status = 'spam'"), "1");
    EXPECT_EQ(sqlite_value(db_, "SELECT COUNT(*) FROM comments WHERE status = 'pending'"), "1");
    EXPECT_EQ(sqlite_value(db_,
                           "SELECT COUNT(*) FROM comments c JOIN comments p ON p.id = "
                           "c.parent_id WHERE p.parent_id IS NOT NULL"),
              "0");
    EXPECT_NE(sqlite_value(db_, "SELECT COUNT(*) FROM comments WHERE parent_id IS NOT NULL"), "0");
    // A draft and a post in review are not public; the private post is client-only.
    auto pending = request(server.port(), "GET", "/articles/observers-preliminary-count");
    ASSERT_TRUE(pending);
    EXPECT_EQ(pending->status, 404);
    EXPECT_EQ(sqlite_value(db_,
                           "SELECT status || ' ' || visibility FROM articles WHERE slug = "
                           "'travel-security'"),
              "published clients");
    auto memo = request(server.port(), "GET", "/articles/travel-security");
    ASSERT_TRUE(memo);
    // An anonymous reader gets no more than the teaser of a client-only article.
    EXPECT_EQ(memo->body.find("For staff only."), std::string::npos);
    EXPECT_EQ(sqlite_value(db_, "SELECT COUNT(*) FROM articles WHERE title LIKE 'An old note%'"),
              "0");
    // Categories: the article is listed on its category's page.
    auto category = request(server.port(), "GET", "/category/sahel");
    ASSERT_TRUE(category);
    EXPECT_EQ(category->status, 200);
    EXPECT_NE(category->body.find("/articles/sahel-water-outlook"), std::string::npos);
    auto page = request(server.port(), "GET", "/about");
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200);
    EXPECT_EQ(server.terminate(), 0);
  }

  auto before = counts();
  auto second = import_institute();
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  EXPECT_EQ(counts(), before);
  EXPECT_NE(second.out.find("unchanged"), std::string::npos);
}

TEST_F(ImportE2e, BadFilesStoreNothing) {
  auto before = counts();
  for (auto const* bad : {"malformed.xml", "truncated.xml", "wrong-version.xml", "not-wxr.xml",
                          "not-xml.html", "empty.xml", "laughs.xml"}) {
    auto r = import({fixtures() + "/" + bad, "--media-dir", fixtures() + "/uploads"});
    EXPECT_NE(r.exit_code, 0) << bad << ": " << r.out;
    EXPECT_FALSE(r.err.empty()) << bad;
    EXPECT_EQ(counts(), before) << bad;
  }
}

TEST_F(ImportE2e, ADryRunStoresNothing) {
  auto before = counts();
  auto r = import(
      {fixtures() + "/institute-1.2.xml", "--media-dir", fixtures() + "/uploads", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Dry run"), std::string::npos);
  EXPECT_EQ(counts(), before);
}

}  // namespace
}  // namespace dossier::test
