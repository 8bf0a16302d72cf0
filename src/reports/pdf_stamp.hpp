#pragma once

#include <filesystem>
#include <string>

#include "core/result.hpp"

namespace dossier::reports {

// Who a copy of a report was downloaded for: printed on each of its pages, so a copy that
// travels further says whose it was.
struct Stamp {
  std::string organisation;
  std::string email;
  std::string date;         // as it should read, e.g. "7 December 2026"
  std::string download_id;  // the audit's id of this download
};

// The longest text a stamp line carries: a line at the foot of an A4 page in 7-point
// Helvetica holds about 130 characters; longer fields are cut.
constexpr std::size_t kMaxStampField = 80;

// A copy of the PDF with, on every page, a line at the bottom margin ("Licensed to ORG ·
// EMAIL · DATE · Download ID") and a light diagonal watermark with the organisation and the
// download id. The text is in the standard Type 1 font Helvetica (PDF 1.7, ISO 32000-1,
// section 9.6.2.2: every reader has it, nothing is embedded), WinAnsi-encoded, so text
// extraction (pdftotext) reads it back. Characters outside WinAnsi print as "?".
// Done in-process with libqpdf; an unreadable PDF is an Invalid error.
Result<std::string> stamp(std::string const& pdf, Stamp const& stamp);
Result<std::string> stamp_file(std::filesystem::path const& pdf, Stamp const& stamp);

}  // namespace dossier::reports
