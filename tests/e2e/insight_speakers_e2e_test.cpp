// Institution speakers and the /quotes filters through the real binary (issue 19): an editor
// names a new institution as a quotation's speaker in the newsroom, the server analyses the
// article again, and the institution's page and /quotes?kind=institution&country=fr show the
// quotation; bad filter values are a 400 with a message.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "newsroom_client.hpp"
#include "test_client.hpp"
#include "test_process.hpp"

namespace dossier::test {
namespace {

constexpr auto kPatience = std::chrono::seconds(60);
constexpr char const* kQuote = "The crossing stays closed until the inspection ends";

// Polls `done` every 100 ms until it holds or the patience runs out.
template <typename F>
bool eventually(F done) {
  auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

TEST(InsightSpeakersE2e, AnEditorsInstitutionIsShownAndFiltered) {
  auto dir = make_temp_dir("dossier-insight-speakers");
  ASSERT_EQ(run({dossier_binary(), "--data", dir, "init"}).exit_code, 0);
  ASSERT_EQ(run({dossier_binary(), "--data", dir, "demo"}).exit_code, 0);
  auto db = dir + "/dossier.db";
  {
    ServerProcess server(dir, {{"DOSSIER_JOBS_INTERVAL_MS", "100"}});
    ASSERT_TRUE(server.started());
    auto port = server.port();
    auto editor = NewsroomClient::sign_in_demo_admin(port, dir);
    ASSERT_TRUE(editor);
    ASSERT_EQ(editor->publish("Calais crossing shut",
                              std::string("\"") + kQuote + ",\" a notice on the gate said."),
              303);
    std::string ids;
    ASSERT_TRUE(eventually([&] {
      // The stored text is what stands between the marks, the closing comma included.
      ids = sqlite_command(db, std::string("SELECT id || ' ' || article_id FROM quotes WHERE text"
                                           " LIKE '") +
                                   kQuote + "%';")
                .out;
      return !ids.empty();
    })) << "the article was never analysed";
    auto quote = ids.substr(0, ids.find(' '));
    auto article = ids.substr(ids.find(' ') + 1, ids.find('\n') - ids.find(' ') - 1);

    auto bad = editor->post(
        "/admin/quotes/" + quote,
        {{"article", article}, {"institution", "Port Authority of Calais"}, {"country", "France"}});
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->status, 400) << "a country is a two-letter code";
    // The demo's own articles have institution speakers of their own (analysed meanwhile), so
    // the check is on the name the refused form gave.
    EXPECT_EQ(sqlite_command(db,
                             "SELECT COUNT(*) FROM entities WHERE name = 'Port Authority of "
                             "Calais';")
                  .out,
              "0\n")
        << "nothing was made";
    auto saved = editor->post(
        "/admin/quotes/" + quote,
        {{"article", article}, {"institution", "Port Authority of Calais"}, {"country", "fr"}});
    ASSERT_TRUE(saved);
    EXPECT_EQ(saved->status, 303);

    std::optional<HttpResponse> page;
    ASSERT_TRUE(eventually([&] {
      page = request(port, "GET", "/organizations/port-authority-of-calais");
      return page && page->status == 200;
    })) << "the institution's page never appeared";
    EXPECT_NE(page->body.find(kQuote), std::string::npos);
    EXPECT_NE(page->body.find("href=\"/countries/fr\""), std::string::npos);

    auto listed = request(port, "GET", "/quotes?kind=institution&country=fr");
    ASSERT_TRUE(listed);
    EXPECT_EQ(listed->status, 200);
    EXPECT_NE(listed->body.find(kQuote), std::string::npos);
    EXPECT_NE(listed->body.find("<label for=\"quotes-country\">"), std::string::npos);
    auto people = request(port, "GET", "/quotes?kind=person&country=fr");
    ASSERT_TRUE(people);
    EXPECT_EQ(people->status, 200);
    EXPECT_EQ(people->body.find(kQuote), std::string::npos) << "an institution is not a person";
    auto elsewhere = request(port, "GET", "/quotes?kind=institution&country=de");
    ASSERT_TRUE(elsewhere);
    EXPECT_EQ(elsewhere->body.find(kQuote), std::string::npos);
    for (auto const* target : {"/quotes?kind=robot", "/quotes?country=France"}) {
      auto r = request(port, "GET", target);
      ASSERT_TRUE(r) << target;
      EXPECT_EQ(r->status, 400) << target;
      EXPECT_NE(r->body.find("role=\"alert\""), std::string::npos) << target;
    }
    auto api = request(port, "GET", "/api/quotes?country=fr&kind=institution");
    ASSERT_TRUE(api);
    EXPECT_NE(api->body.find("\"institution\":true"), std::string::npos) << api->body;
    EXPECT_EQ(server.terminate(), 0);
  }
  remove_tree(dir);
}

}  // namespace
}  // namespace dossier::test
