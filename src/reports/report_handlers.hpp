#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "admin/newsroom.hpp"
#include "reports/report.hpp"

namespace dossier::publishing {
class PublishingService;
}

namespace dossier::reports {

class ReportService;

// How often a report was read and downloaded, as the audit of client reading counts them.
struct ReaderCounts {
  long long views = 0;
  long long downloads = 0;
};
// Where the report page's counts come from: the portal's audit, wired in app/ (it sits above
// reports). nullopt, or no source set: the page shows no counts.
using ReaderCountsSource = std::function<std::optional<ReaderCounts>(Id article_id)>;

// Empty rows the editor offers below a report's findings and risks, to add more without
// script (each save offers as many again).
constexpr std::size_t kSpareRows = 3;

// The newsroom's report page (/admin/articles/{id}/report): the parts' editor, the PDF's
// state and its build, and the newsroom's own download of the PDF. Behind the newsroom's
// gate (admin/newsroom.hpp); changing parts needs the right to edit the article.
class ReportHandlers {
 public:
  ReportHandlers(admin::Newsroom& newsroom, ReportService& reports,
                 publishing::PublishingService& publishing, std::string css_url)
      : newsroom_(newsroom),
        reports_(reports),
        publishing_(publishing),
        css_url_(std::move(css_url)) {}

  http::Response read(admin::Visit& v);
  http::Response edit(admin::Visit& v);
  http::Response build_pdf(admin::Visit& v);
  http::Response download_pdf(admin::Visit& v);

  // The hook for the report page's "Views / downloads" (set while wiring, before serving).
  void set_reader_counts(ReaderCountsSource source) { counts_ = std::move(source); }

 private:
  struct PageState;
  http::Response page(admin::Visit& v, int status, PageState const& s);
  admin::Newsroom& newsroom_;
  ReportService& reports_;
  publishing::PublishingService& publishing_;
  std::string css_url_;
  ReaderCountsSource counts_;
};

// The submitted form as a report's input (rows aligned by position; a score that is not a
// number reads as 0, which validation refuses).
ReportInput input_of(http::Form const& form);

}  // namespace dossier::reports
