#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "publishing/article.hpp"

namespace dossier::reports {

using Id = publishing::Id;

// Limits of a report's parts: a report is long, but each part is a summary of the work, and
// the article's body holds the rest. Counts bound the editor's repeated rows and the risk
// matrix's markers (a 5x5 grid stays readable with a few dozen numbered markers at most).
constexpr std::size_t kMaxPartBytes = 64 * 1024;  // one Markdown part
constexpr std::size_t kMaxHeadingBytes = 300;     // a finding's heading
constexpr std::size_t kMaxDetailBytes = 16 * 1024;
constexpr std::size_t kMaxRiskNameBytes = 200;
constexpr std::size_t kMaxRiskNoteBytes = 1000;
constexpr std::size_t kMaxFindings = 20;
constexpr std::size_t kMaxRisks = 25;
// Likelihood and impact are scored on the usual five-point scales of a risk matrix
// (ISO 31000 leaves the scale to the organisation; five steps is the common choice).
constexpr int kMinScore = 1;
constexpr int kMaxScore = 5;

// Whether a teaser (publishing/access.hpp) lists the key findings' headings.
enum class TeaserFindings { Hidden, Headings };

struct Finding {
  std::string heading;
  std::string detail_markdown;  // optional
  std::string detail_html;      // rendered at save time
};

struct Risk {
  std::string name;
  int likelihood = kMinScore;  // 1 (rare) .. 5 (almost certain)
  int impact = kMinScore;      // 1 (negligible) .. 5 (severe)
  std::string note;            // optional, plain text
};

// What the newsroom submits: the Markdown sources and the rows.
struct ReportInput {
  std::string summary;
  std::vector<Finding> findings;  // heading and detail_markdown
  std::vector<Risk> risks;
  std::string recommendations;
  std::string methodology;
  std::string sources;
  TeaserFindings teaser_findings = TeaserFindings::Hidden;
};

// One Markdown part as saved: its source and its HTML.
struct Part {
  std::string markdown;
  std::string html;
  bool empty() const { return markdown.empty(); }
};

// A report's parts as stored.
struct ReportParts {
  Id article_id = 0;
  Part summary;
  std::vector<Finding> findings;
  std::vector<Risk> risks;
  Part recommendations;
  Part methodology;
  Part sources;
  TeaserFindings teaser_findings = TeaserFindings::Hidden;
  UnixTime updated_at = 0;
};

// One field's problem, for the editor to show beside the field.
struct FieldError {
  std::string field;  // "summary", "risks.2.likelihood", ...
  std::string message;
};

}  // namespace dossier::reports
