#pragma once

#include <optional>
#include <string>

#include "reports/report.hpp"
#include "site/fragment_cache.hpp"

namespace ctemplate {
class TemplateDictionary;
}
namespace dossier::publishing {
struct ArticleView;
}

namespace dossier::reports {

class ReportService;

// The report's sections of the article page (publishing/article_sections.hpp), filling the
// include points of article.tpl:
// - REPORT_LEAD (reports/lead.tpl), on a teaser too: the summary, and the key findings; on a
//   teaser only their headings and only when the editor allows, never their details;
// - REPORT_REST (reports/rest.tpl), only for a reader with Full access: the risk matrix and
//   its table, recommendations, methodology, sources.
// A teaser's dictionary never receives what it must not show (publishing/access.hpp).
class ReportSections {
 public:
  ReportSections(ReportService& reports, site::ChangeCounter const& changes, std::string css_url)
      : reports_(reports), parts_(changes), css_url_(std::move(css_url)) {}

  void fill_lead(ctemplate::TemplateDictionary& d, publishing::ArticleView const& view);
  void fill_rest(ctemplate::TemplateDictionary& d, publishing::ArticleView const& view);

 private:
  std::shared_ptr<std::optional<ReportParts> const> parts_of(Id article_id);
  ReportService& reports_;
  // An article's parts, kept until the next write (most articles have none: kept as nullopt).
  site::FragmentCache<Id, std::optional<ReportParts>> parts_;
  std::string css_url_;
};

// The page's parts after the risks, in the order they print: (id, heading, part).
struct NamedPart {
  char const* id;
  char const* heading;
  Part const ReportParts::*part;
};
inline constexpr NamedPart kClosingParts[] = {
    {"recommendations", "Recommendations", &ReportParts::recommendations},
    {"methodology", "Methodology", &ReportParts::methodology},
    {"sources", "Sources", &ReportParts::sources},
};

}  // namespace dossier::reports
