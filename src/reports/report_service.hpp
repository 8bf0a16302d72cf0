#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

#include "core/event_bus.hpp"
#include "core/result.hpp"
#include "reports/report.hpp"
#include "reports/report_pdf.hpp"

namespace dossier::store {
class Database;
}
namespace dossier::render {
class Theme;
}
namespace dossier::publishing {
class PublishingService;
struct ArticleView;
}  // namespace dossier::publishing

namespace dossier::reports {

using Clock = std::function<UnixTime()>;

struct ReportContext {
  store::Database& db;
  publishing::PublishingService& publishing;
  render::Theme const& theme;
  Clock clock;
  EventBus const* events = nullptr;  // null in tools: nothing cached to drop
  std::filesystem::path data_dir;    // PDFs under DATA/reports, images from DATA/media
  PdfEngine engine;
};

// The rules of a report's structured parts (reports/report.hpp): validation, Markdown
// rendered at save time, the PDF. Holds no HTTP types.
class ReportService {
 public:
  explicit ReportService(ReportContext ctx);

  std::optional<ReportParts> parts(Id article_id);
  // Every problem of the input, one per field, for an article of `kind`: a report needs a
  // summary; rows need their names; scores lie in 1..5; lengths and counts are bounded.
  // Rows left wholly empty (the editor's spare rows) are not problems: save() drops them.
  static std::vector<FieldError> validate(ReportInput const& input, publishing::ArticleKind kind);
  // Saves the parts (all or nothing) and drops the article's cached pages. `actor` is the
  // newsroom user, for the log.
  Result<ReportParts> save(Id article_id, ReportInput input, Id actor);

  // The report's PDF, printed by chromium for the article's current text and parts and kept
  // until either changes (reports/report_pdf.hpp). NotFound for no article; Internal with the
  // reason when the engine is missing or fails (no file is left then).
  Result<std::filesystem::path> pdf(Id article_id);
  // The PDF of the current revision when it is already built (no printing).
  std::optional<std::filesystem::path> kept_pdf(Id article_id);
  // Why a PDF cannot be printed now, if it cannot.
  std::optional<std::string> pdf_problem() const { return pdf_.engine_problem(); }
  // The HTML printed for the article (the print template filled), and its revision's name.
  std::optional<std::pair<std::string, std::string>> print_page(Id article_id);
  PdfBuilder const& pdf_builder() const { return pdf_; }

 private:
  std::string print_html(publishing::ArticleView const& view,
                         std::optional<ReportParts> const& parts);
  ReportContext ctx_;
  PdfBuilder pdf_;
};

}  // namespace dossier::reports
