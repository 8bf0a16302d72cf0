#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "reports/report.hpp"

namespace dossier::reports {

// Printing one report takes chromium about a second; a page that has not printed in this
// long never will (a hung renderer), and the newsroom's request must not wait for ever.
constexpr auto kPdfTimeout = std::chrono::seconds(60);
// A printed report is never smaller than this: chromium's output for an empty page is about
// 1 KB, and a cover page with text several more. Anything smaller is a broken print.
constexpr std::uintmax_t kMinPdfBytes = 1024;

// Where the engine comes from: reports.chromium (or DOSSIER_CHROMIUM), else `chromium` on PATH.
struct PdfEngine {
  std::string configured;  // empty = search PATH
  std::chrono::seconds timeout = kPdfTimeout;
};

// The chromium binary to run, or why there is none ("chromium not found at /x").
Result<std::filesystem::path> locate_chromium(std::string const& configured);

// Prints HTML files to PDF with Debian's chromium, headless, and keeps one PDF per article
// and revision under `dir` (DATA/reports/ID-REVISION.pdf). A new revision's file replaces the
// old one. Requests for the same article's PDF are served one at a time (a mutex per
// article), so concurrent requests for a PDF not built yet start chromium once; different
// articles print in parallel.
class PdfBuilder {
 public:
  PdfBuilder(std::filesystem::path dir, PdfEngine engine);

  // The PDF of `article_id` at `revision` (a hash of what it prints), built from `html`
  // (a function, so that a cached PDF costs no rendering) when it is not kept yet.
  Result<std::filesystem::path> get(Id article_id, std::string const& revision,
                                    std::function<std::string()> const& html);
  // The kept PDF of this revision, if it was built.
  std::optional<std::filesystem::path> kept(Id article_id, std::string const& revision) const;
  // Why the engine cannot run now (nullopt: it can): the report page shows it before anyone
  // asks for a PDF.
  std::optional<std::string> engine_problem() const;

  // How many times chromium ran (tests and the bench).
  long long engine_runs() const { return engine_runs_.load(); }
  std::filesystem::path const& dir() const { return dir_; }

 private:
  std::shared_ptr<std::mutex> mutex_of(Id article_id);
  Result<std::filesystem::path> build(Id article_id, std::string const& revision,
                                      std::string const& html);
  std::filesystem::path dir_;
  PdfEngine engine_;
  std::atomic<long long> engine_runs_{0};
  std::mutex mutexes_mutex_;
  std::map<Id, std::shared_ptr<std::mutex>> mutexes_;  // under mutexes_mutex_
};

// A file:// URL for an absolute path, its bytes outside RFC 3986's unreserved set and "/"
// percent-encoded (RFC 8089, section 2).
std::string file_url(std::filesystem::path const& absolute);

// A short hex digest of text (FNV-1a, 64 bits): a revision's name, not a security measure.
std::string content_digest(std::string const& text);

}  // namespace dossier::reports
