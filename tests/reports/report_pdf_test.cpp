// The report's PDF (reports/report_pdf.hpp) printed by the real chromium, kept per revision,
// built once for concurrent requests, refused clearly without an engine; and the stamp of a
// downloaded copy (reports/pdf_stamp.hpp), read back from every page by poppler's pdftotext.
// Chromium prints two PDFs in this file (a few seconds each): keep it that way.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <thread>

#include <fmt/format.h>
#include <soci/soci.h>

#include "publishing/taxonomy_store.hpp"
#include "reports/pdf_stamp.hpp"
#include "reports/report_service.hpp"
#include "support/site_stack.hpp"

namespace dossier::reports {
namespace {

namespace fs = std::filesystem;
constexpr UnixTime kNow = 1'790'000'000;

bool has(std::string const& text, std::string const& part) {
  return text.find(part) != std::string::npos;
}

// The standard output of a shell command (poppler's tools).
std::string output_of(std::string const& command) {
  std::string out;
  if (FILE* p = ::popen(command.c_str(), "r")) {
    char buf[4096];
    while (auto n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    ::pclose(p);
  }
  return out;
}

int page_count(fs::path const& pdf) {
  auto info = output_of("pdfinfo '" + pdf.string() + "'");
  auto at = info.find("Pages:");
  return at == std::string::npos ? 0 : std::stoi(info.substr(at + 6));
}

std::string page_text(fs::path const& pdf, int page) {
  return output_of(fmt::format("pdftotext -f {0} -l {0} '{1}' -", page, pdf.string()));
}

std::string read_file(fs::path const& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A body long enough for a report of several pages.
std::string long_body() {
  std::string body;
  for (int i = 1; i <= 40; ++i)
    body += fmt::format(
        "## Section {0}\n\nThe harbour authority reported in section {0} that tonnage fell "
        "again, as insurers priced the passage higher and shippers chose the longer route "
        "around the cape. Analysts expect the trend to hold through the winter months, with "
        "freight rates following the premiums and the smaller carriers leaving first.\n\n",
        i);
  return body;
}

class ReportPdfTest : public ::testing::Test, protected test::SiteStack {
 protected:
  ReportPdfTest() : SiteStack("dossier-report-pdf", kNow) {
    soci::session sql(db_->pool());
    author_ = publishing::TaxonomyStore::insert_author(
        sql, {0, "ada", "Ada Reporter", "", "author"}, "", kNow);
  }

  void SetUp() override {
    publishing::ArticleInput in;
    in.title = "Strait shipping outlook";
    in.kind = publishing::ArticleKind::Report;
    in.body_markdown = long_body();
    in.status = publishing::ArticleStatus::Published;
    in.author_id = author_;
    in.published_at = kNow - 60;
    auto id = publishing_->add_article(in);
    ASSERT_TRUE(id.ok()) << id.error().message;
    id_ = *id;
  }

  std::unique_ptr<ReportService> service(std::string engine) {
    return std::make_unique<ReportService>(ReportContext{
        *db_, *publishing_, *theme_, clock(), nullptr, dir_.path(), PdfEngine{std::move(engine)}});
  }

  ReportInput input(std::string summary) {
    ReportInput in;
    in.summary = std::move(summary);
    in.findings = {{"Insurers raised premiums", "By a third.", ""}};
    in.risks = {{"Blockade of the strait", 2, 5, ""}, {"Insurance withdrawal", 4, 4, ""}};
    in.methodology = "Interviews with twelve shipping firms.";
    return in;
  }

  Id author_ = 0;
  Id id_ = 0;
};

TEST_F(ReportPdfTest, ChromiumPrintsOncePerRevisionAndTheStampIsOnEveryPage) {
  if (!locate_chromium("").ok()) GTEST_SKIP() << "no chromium on PATH";
  auto reports = service("");
  ASSERT_TRUE(reports->save(id_, input("The first summary."), author_).ok());

  // Four requests at once for a PDF not built yet: chromium runs once, all get its file.
  std::vector<Result<fs::path>> results(4, Error{ErrorKind::Internal, "not run"});
  {
    std::vector<std::thread> threads;
    for (auto& r : results) threads.emplace_back([&] { r = reports->pdf(id_); });
    for (auto& t : threads) t.join();
  }
  for (auto const& r : results) {
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(*r, *results[0]);
  }
  EXPECT_EQ(reports->pdf_builder().engine_runs(), 1);
  auto first = *results[0];
  EXPECT_EQ(first.parent_path(), dir_.path() / "reports");
  EXPECT_TRUE(first.filename().string().starts_with(std::to_string(id_) + "-"));
  auto bytes = read_file(first);
  EXPECT_TRUE(bytes.starts_with("%PDF-"));
  int pages = page_count(first);
  EXPECT_GE(pages, 5);
  auto cover = page_text(first, 1);
  EXPECT_TRUE(has(cover, "Strait shipping outlook")) << cover;
  EXPECT_TRUE(has(cover, "Special report") || has(cover, "Report")) << cover;
  auto all = output_of("pdftotext '" + first.string() + "' -");
  for (auto const* part :
       {"Contents", "The first summary.", "Insurers raised premiums", "Blockade of the strait",
        "Interviews with twelve shipping firms.", "Section 40", "Page 2 of"})
    EXPECT_TRUE(has(all, part)) << part;

  // Asked again: the same file, no print.
  auto again = reports->pdf(id_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, first);
  EXPECT_EQ(reports->pdf_builder().engine_runs(), 1);

  // The stamp, on every page of the copy.
  Stamp stamp{"Harbour & Sons (Zürich)", "reader@example.org", "7 December 2026", "DL-4711"};
  auto stamped = stamp_file(first, stamp);
  ASSERT_TRUE(stamped.ok()) << stamped.error().message;
  auto copy = dir_.path() / "stamped.pdf";
  std::ofstream(copy, std::ios::binary) << *stamped;
  ASSERT_EQ(page_count(copy), pages);
  for (int page = 1; page <= pages; ++page) {
    auto text = page_text(copy, page);
    EXPECT_TRUE(has(text, "Licensed to Harbour & Sons (Zürich)")) << "page " << page << text;
    EXPECT_TRUE(has(text, "DL-4711")) << "page " << page;
    EXPECT_TRUE(has(text, "reader@example.org")) << "page " << page;
  }
  // The original is left as it was.
  EXPECT_EQ(read_file(first), bytes);

  // A new revision: a new file, the old one gone. Its summary names an image on another
  // server (here a listener of the test's): the print reaches no network, so the server
  // cannot be made to fetch from anywhere by what an editor writes.
  int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&addr), len), 0);
  ASSERT_EQ(::listen(listener, 8), 0);
  ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  auto probe = fmt::format("The second summary. ![probe](http://127.0.0.1:{}/probe.png)",
                           ntohs(addr.sin_port));
  ASSERT_TRUE(reports->save(id_, input(probe), author_).ok());
  auto second = reports->pdf(id_);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_LT(::accept(listener, nullptr, nullptr), 0) << "the print connected to another server";
  ::close(listener);
  EXPECT_NE(*second, first);
  EXPECT_FALSE(fs::exists(first));
  EXPECT_EQ(reports->pdf_builder().engine_runs(), 2);
  EXPECT_TRUE(has(output_of("pdftotext '" + second->string() + "' -"), "The second summary."));

  // A kept PDF needs no engine: a service whose engine is missing still serves it.
  auto without_engine = service("/nonexistent/chromium");
  auto kept = without_engine->pdf(id_);
  ASSERT_TRUE(kept.ok()) << kept.error().message;
  EXPECT_EQ(*kept, *second);
  EXPECT_EQ(without_engine->pdf_builder().engine_runs(), 0);
}

TEST_F(ReportPdfTest, AMissingEngineIsAClearErrorAndLeavesNoFile) {
  auto reports = service("/nonexistent");
  ASSERT_TRUE(reports->save(id_, input("A summary."), author_).ok());
  auto built = reports->pdf(id_);
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.error().kind, ErrorKind::Internal);
  EXPECT_EQ(built.error().message, "chromium not found at /nonexistent");
  EXPECT_EQ(reports->pdf_problem(), "chromium not found at /nonexistent");
  EXPECT_FALSE(reports->kept_pdf(id_));
  auto dir = dir_.path() / "reports";
  if (fs::exists(dir)) EXPECT_TRUE(fs::is_empty(dir));
}

TEST_F(ReportPdfTest, AnEngineThatPrintsNothingLeavesNoFile) {
  // /bin/true runs and exits 0 without writing a PDF: the output check refuses it.
  auto reports = service("/bin/true");
  ASSERT_TRUE(reports->save(id_, input("A summary."), author_).ok());
  auto built = reports->pdf(id_);
  ASSERT_FALSE(built.ok());
  EXPECT_TRUE(has(built.error().message, "without a PDF")) << built.error().message;
  auto dir = dir_.path() / "reports";
  if (fs::exists(dir)) EXPECT_TRUE(fs::is_empty(dir));
}

TEST(ReportPdf, FileUrlsEncodeWhatAPathMayHold) {
  EXPECT_EQ(file_url("/data/media/2026/a b/é#1.jpg"),
            "file:///data/media/2026/a%20b/%C3%A9%231.jpg");
}

TEST(PdfStamp, RefusesWhatIsNotAPdf) {
  auto r = stamp("not a pdf at all", {"Org", "", "", "1"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
}

}  // namespace
}  // namespace dossier::reports
