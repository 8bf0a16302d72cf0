#include "core/strings.hpp"
#include "insight/analysis.hpp"

namespace dossier::insight {

Document make_document(std::string const& title, std::vector<std::string> const& paragraphs) {
  Document doc;
  auto add = [&doc](std::string_view part) {
    part = trim(part);
    if (part.empty()) return;
    if (!doc.text.empty()) doc.text += "\n\n";
    doc.paragraphs.push_back({doc.text.size(), doc.text.size() + part.size()});
    doc.text += part;
  };
  add(title);
  for (auto const& p : paragraphs) add(p);
  return doc;
}

Document parse_document(std::string const& file_text) {
  // Paragraphs are separated by blank lines (lines holding only white space); offsets stay
  // those of the file's own text, so mentions are substrings of the input.
  Document doc;
  doc.text = file_text;
  std::size_t at = 0;
  std::size_t start = std::string::npos;
  std::size_t last_end = 0;
  while (at <= file_text.size()) {
    auto eol = file_text.find('\n', at);
    if (eol == std::string::npos) eol = file_text.size();
    auto line = std::string_view(file_text).substr(at, eol - at);
    bool blank = trim(line).empty();
    if (!blank && start == std::string::npos) start = at;
    if (!blank) last_end = at + line.find_last_not_of(" \t\r") + 1;
    if ((blank || eol == file_text.size()) && start != std::string::npos) {
      doc.paragraphs.push_back({start, last_end});
      start = std::string::npos;
    }
    at = eol + 1;
  }
  return doc;
}

}  // namespace dossier::insight
