// The WordPress importer over a real SQLite file: what each WordPress status, category level
// and comment state becomes; a second import changes nothing; a file that fails the check
// writes nothing; a dry run writes nothing.
#include <gtest/gtest.h>

#include <soci/soci.h>

#include "media/media_library.hpp"
#include "support/newsroom_stack.hpp"
#include "wordpress/importer.hpp"

namespace dossier::wordpress {
namespace {

// A small export written for this test: two authors (one with the address of an existing
// newsroom user), three levels of categories, a tag, a post of each status, a page, a menu
// item, and comments with a thread, a pingback and each state.
constexpr char const* kExport = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Harbour Studies</title>
  <link>https://harbour.example</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://harbour.example</wp:base_site_url>
  <wp:author><wp:author_id>2</wp:author_id><wp:author_login>mlind</wp:author_login>
    <wp:author_email>M.Lind@Example.org</wp:author_email>
    <wp:author_display_name>Mira Lind</wp:author_display_name></wp:author>
  <wp:author><wp:author_id>3</wp:author_id><wp:author_login>okeefe</wp:author_login>
    <wp:author_email>okeefe@example.org</wp:author_email>
    <wp:author_display_name>Dana O'Keefe</wp:author_display_name></wp:author>
  <wp:category><wp:term_id>10</wp:term_id><wp:category_nicename>regions</wp:category_nicename>
    <wp:category_parent></wp:category_parent><wp:cat_name>Regions</wp:cat_name></wp:category>
  <wp:category><wp:term_id>11</wp:term_id><wp:category_nicename>baltic</wp:category_nicename>
    <wp:category_parent>regions</wp:category_parent><wp:cat_name>Baltic</wp:cat_name></wp:category>
  <wp:category><wp:term_id>12</wp:term_id><wp:category_nicename>ports</wp:category_nicename>
    <wp:category_parent>baltic</wp:category_parent><wp:cat_name>Ports</wp:cat_name></wp:category>
  <wp:tag><wp:term_id>20</wp:term_id><wp:tag_slug>shipping</wp:tag_slug><wp:tag_name>Shipping</wp:tag_name></wp:tag>
  <item><title>Ferry lines reopen</title><link>https://harbour.example/2021/05/04/ferry-lines-reopen/</link>
    <dc:creator>mlind</dc:creator><content:encoded><![CDATA[<p>The <strong>ferries</strong> run again.</p>]]></content:encoded>
    <excerpt:encoded><![CDATA[<p>Ferries &amp; quays.</p>]]></excerpt:encoded>
    <wp:post_id>100</wp:post_id><wp:post_date>2021-05-04 09:00:00</wp:post_date>
    <wp:post_date_gmt>2021-05-04 07:00:00</wp:post_date_gmt><wp:post_name>ferry-lines-reopen</wp:post_name>
    <wp:status>publish</wp:status><wp:post_type>post</wp:post_type><wp:is_sticky>1</wp:is_sticky>
    <category domain="category" nicename="ports"><![CDATA[Ports]]></category>
    <category domain="post_tag" nicename="shipping"><![CDATA[Shipping]]></category>
    <wp:comment><wp:comment_id>500</wp:comment_id><wp:comment_author>Ana</wp:comment_author>
      <wp:comment_author_email>ana@example.net</wp:comment_author_email>
      <wp:comment_date_gmt>2021-05-05 10:00:00</wp:comment_date_gmt>
      <wp:comment_content>Good news.</wp:comment_content><wp:comment_approved>1</wp:comment_approved>
      <wp:comment_type>comment</wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>
    <wp:comment><wp:comment_id>501</wp:comment_id><wp:comment_author>Ben</wp:comment_author>
      <wp:comment_date_gmt>2021-05-05 11:00:00</wp:comment_date_gmt>
      <wp:comment_content>Agreed.</wp:comment_content><wp:comment_approved>1</wp:comment_approved>
      <wp:comment_type></wp:comment_type><wp:comment_parent>500</wp:comment_parent></wp:comment>
    <wp:comment><wp:comment_id>502</wp:comment_id><wp:comment_author>Cheap pills</wp:comment_author>
      <wp:comment_date_gmt>2021-05-05 12:00:00</wp:comment_date_gmt>
      <wp:comment_content>Buy now</wp:comment_content><wp:comment_approved>spam</wp:comment_approved>
      <wp:comment_type></wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>
    <wp:comment><wp:comment_id>503</wp:comment_id><wp:comment_author>Cleo</wp:comment_author>
      <wp:comment_date_gmt>2021-05-06 12:00:00</wp:comment_date_gmt>
      <wp:comment_content>Waiting.</wp:comment_content><wp:comment_approved>0</wp:comment_approved>
      <wp:comment_type></wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>
    <wp:comment><wp:comment_id>504</wp:comment_id><wp:comment_author>Other blog</wp:comment_author>
      <wp:comment_date_gmt>2021-05-06 13:00:00</wp:comment_date_gmt>
      <wp:comment_content>Linked.</wp:comment_content><wp:comment_approved>1</wp:comment_approved>
      <wp:comment_type>pingback</wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>
  </item>
  <item><title>Draft on tolls</title><link>https://harbour.example/?p=101</link><dc:creator>okeefe</dc:creator>
    <content:encoded><![CDATA[<p>Not yet.</p>]]></content:encoded><wp:post_id>101</wp:post_id>
    <wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt><wp:post_name></wp:post_name>
    <wp:status>draft</wp:status><wp:post_type>post</wp:post_type></item>
  <item><title>Pending review</title><link>https://harbour.example/?p=102</link><dc:creator>okeefe</dc:creator>
    <content:encoded><![CDATA[<p>Check me.</p>]]></content:encoded><wp:post_id>102</wp:post_id>
    <wp:post_date_gmt>2021-06-01 00:00:00</wp:post_date_gmt><wp:post_name>pending-review</wp:post_name>
    <wp:status>pending</wp:status><wp:post_type>post</wp:post_type></item>
  <item><title>Members briefing</title><link>https://harbour.example/2021/06/02/members-briefing/</link><dc:creator>mlind</dc:creator>
    <content:encoded><![CDATA[<p>For members.</p>]]></content:encoded><wp:post_id>103</wp:post_id>
    <wp:post_date_gmt>2021-06-02 00:00:00</wp:post_date_gmt><wp:post_name>members-briefing</wp:post_name>
    <wp:status>private</wp:status><wp:post_type>post</wp:post_type></item>
  <item><title>Old trash</title><link>https://harbour.example/?p=104</link><dc:creator>mlind</dc:creator>
    <content:encoded><![CDATA[<p>Gone.</p>]]></content:encoded><wp:post_id>104</wp:post_id>
    <wp:post_date_gmt>2021-06-03 00:00:00</wp:post_date_gmt><wp:post_name>old-trash</wp:post_name>
    <wp:status>trash</wp:status><wp:post_type>post</wp:post_type></item>
  <item><title>About</title><link>https://harbour.example/about/</link><dc:creator>mlind</dc:creator>
    <content:encoded><![CDATA[<p>See <a href="https://harbour.example/2021/05/04/ferry-lines-reopen/">the ferries</a>.</p>]]></content:encoded>
    <wp:post_id>105</wp:post_id><wp:post_date_gmt>2020-01-01 00:00:00</wp:post_date_gmt>
    <wp:post_name>about</wp:post_name><wp:status>publish</wp:status><wp:post_type>page</wp:post_type></item>
  <item><title>Menu</title><link>https://harbour.example/?p=106</link><dc:creator>mlind</dc:creator>
    <wp:post_id>106</wp:post_id><wp:post_name>menu</wp:post_name><wp:status>publish</wp:status>
    <wp:post_type>nav_menu_item</wp:post_type></item>
</channel>
</rss>
)";

class ImporterTest : public test::NewsroomStack, public ::testing::Test {
 protected:
  ImporterTest() : NewsroomStack("dossier-importer") {
    existing_ = add_user("m.lind@example.org", auth::Role::Editor);
    library_ = std::make_unique<media::MediaLibrary>(*db_, nullptr);
  }

  ImportServices services() {
    return {*db_,      *publishing_, *editorial_,   *site_admin_, *comment_service_,
            *library_, {},           moving_clock()};
  }

  Result<ImportSummary> import(std::string const& xml, bool dry_run = false) {
    ImportOptions o;
    o.file = dir_.write("export.xml", xml).string();
    o.library_dir = dir_.path() / "media";
    o.dry_run = dry_run;
    return import_wordpress(services(), o);
  }

  long long count(std::string const& table) {
    soci::session sql(db_->pool());
    long long n = 0;
    sql << "SELECT COUNT(*) FROM " + table, soci::into(n);
    return n;
  }

  std::vector<long long> counts() {
    std::vector<long long> all;
    for (auto const* t : {"users", "articles", "categories", "tags", "comments", "media",
                          "wordpress_ids", "revisions", "article_categories"})
      all.push_back(count(t));
    return all;
  }

  auth::User existing_;
  std::unique_ptr<media::MediaLibrary> library_;
};

TEST_F(ImporterTest, MapsStatusesCategoriesAuthorsAndComments) {
  auto summary = import(kExport);
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(summary->authors.imported, 2);
  EXPECT_EQ(summary->categories.imported, 3);
  EXPECT_EQ(summary->flattened_categories, 1);
  EXPECT_EQ(summary->tags.imported, 1);
  EXPECT_EQ(summary->posts.imported, 4);
  EXPECT_EQ(summary->posts.skipped, 1);  // the trashed one
  EXPECT_EQ(summary->pages.imported, 1);
  EXPECT_EQ(summary->other_post_types.at("nav_menu_item"), 1);
  EXPECT_EQ(summary->sticky, 1);
  EXPECT_EQ(summary->comments.imported, 4);
  EXPECT_EQ(summary->pingbacks, 1);

  // The author with an existing user's address (in another case) is that user.
  EXPECT_EQ(count("users"), 2);

  auto ferry = publishing_->read_article("ferry-lines-reopen");
  ASSERT_TRUE(ferry);
  EXPECT_EQ(ferry->article.author_id, existing_.id);
  EXPECT_EQ(ferry->article.published_at, 1620111600);  // 2021-05-04 07:00:00 UTC
  EXPECT_EQ(ferry->article.dek, "Ferries & quays.");
  EXPECT_NE(ferry->article.body_html.find("<strong>ferries</strong>"), std::string::npos);
  // "ports" sits under "baltic" under "regions": Dossier keeps two levels, so it hangs under
  // "regions" beside "baltic".
  ASSERT_EQ(ferry->categories.size(), 1u);
  auto regions = publishing_->category("regions");
  ASSERT_TRUE(regions);
  EXPECT_EQ(ferry->categories[0].parent_id, regions->id);
  ASSERT_EQ(ferry->tags.size(), 1u);
  // Approved comments count; the reply hangs under its parent.
  EXPECT_EQ(ferry->article.comment_count, 2);
  auto shown = comment_service_->approved(ferry->article.id);
  ASSERT_EQ(shown.size(), 2u);
  EXPECT_EQ(shown[1].parent_id, shown[0].id);
  auto c = comment_service_->counts();
  EXPECT_EQ(c.spam, 1);
  EXPECT_EQ(c.pending, 1);

  // The page's link to the old post now points at its new address.
  auto about = publishing_->read_article("about");
  ASSERT_TRUE(about);
  EXPECT_NE(about->article.body_html.find("href=\"/articles/ferry-lines-reopen\""),
            std::string::npos)
      << about->article.body_html;

  // A draft and a post in review are not public; the private one is for clients only.
  EXPECT_FALSE(publishing_->read_article("pending-review"));
  auto members = publishing_->read_published("members-briefing");
  ASSERT_TRUE(members);
  EXPECT_EQ(members->article.visibility, publishing::Visibility::Clients);
  auto in_review = editorial_->browse({.state = publishing::EditorialState::InReview});
  EXPECT_EQ(in_review.total, 1);
}

TEST_F(ImporterTest, ASecondImportChangesNothing) {
  ASSERT_TRUE(import(kExport));
  auto before = counts();
  auto again = import(kExport);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(counts(), before);
  EXPECT_EQ(again->posts.imported, 0);
  EXPECT_EQ(again->posts.unchanged, 4);
  EXPECT_EQ(again->comments.unchanged, 4);
  EXPECT_EQ(again->authors.unchanged, 2);
}

TEST_F(ImporterTest, AnInterruptedImportIsFinishedByARerun) {
  ASSERT_TRUE(import(kExport));
  auto complete = counts();
  // As if the run had stopped before the last post's comments: they are written again.
  {
    soci::session sql(db_->pool());
    sql << "DELETE FROM comments WHERE author_name = 'Cleo'";
    sql << "DELETE FROM wordpress_ids WHERE kind = 'comment' AND wp_id = 503";
  }
  auto rerun = import(kExport);
  ASSERT_TRUE(rerun);
  EXPECT_EQ(rerun->comments.imported, 1);
  EXPECT_EQ(counts(), complete);
}

TEST_F(ImporterTest, BadFilesWriteNothing) {
  auto before = counts();
  std::string truncated(kExport);
  truncated.resize(truncated.size() / 2);
  std::string unknown_author(kExport);
  unknown_author.replace(unknown_author.find("<dc:creator>okeefe"), 18, "<dc:creator>nobody");
  std::string wrong_version(kExport);
  wrong_version.replace(wrong_version.find(">1.2<"), 5, ">9.9<");
  for (auto const* bad : {truncated.c_str(), unknown_author.c_str(), wrong_version.c_str(),
                          "<html><body>not an export</body></html>"}) {
    auto result = import(bad);
    EXPECT_FALSE(result) << bad;
    EXPECT_EQ(counts(), before);
  }
}

TEST_F(ImporterTest, ADryRunWritesNothing) {
  auto before = counts();
  auto summary = import(kExport, true);
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_TRUE(summary->dry_run);
  EXPECT_EQ(summary->posts.imported, 4);
  EXPECT_EQ(counts(), before);
}

TEST_F(ImporterTest, MissingMediaIsListedNotFatal) {
  std::string with_image(kExport);
  with_image.replace(with_image.find("</channel>"), 0, R"(
  <item><title>Quay</title><link>https://harbour.example/quay/</link><dc:creator>mlind</dc:creator>
    <wp:post_id>300</wp:post_id><wp:post_date_gmt>2021-05-01 00:00:00</wp:post_date_gmt>
    <wp:post_name>quay</wp:post_name><wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type>
    <wp:attachment_url>https://harbour.example/wp-content/uploads/2021/05/quay.jpg</wp:attachment_url>
    <wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>2021/05/quay.jpg</wp:meta_value></wp:postmeta>
  </item>
)");
  ImportOptions o;
  o.file = dir_.write("export.xml", with_image).string();
  o.library_dir = dir_.path() / "media";
  std::filesystem::create_directories(dir_.path() / "uploads");
  o.media_dir = dir_.path() / "uploads";
  auto summary = import_wordpress(services(), o);
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(summary->media.failed, 1);
  ASSERT_EQ(summary->missing_media.size(), 1u);
  EXPECT_EQ(summary->missing_media[0], "2021/05/quay.jpg");
  EXPECT_EQ(summary->posts.imported, 4);
}

}  // namespace
}  // namespace dossier::wordpress
