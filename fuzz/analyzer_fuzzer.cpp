// The insight analyzer (src/insight/analyzer.hpp) over any bytes: arbitrary UTF-8, invalid
// sequences, NULs. Besides not crashing, every span it reports must lie inside the text and
// every mention must be the exact substring at one of its spans (analysis.hpp: "a mention is
// always an exact substring of the input").
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "insight/analysis.hpp"
#include "insight/analyzer.hpp"
#include "insight/lexicon.hpp"

namespace {

using dossier::fuzz::check;
using dossier::insight::Span;

void check_span(std::string const& text, Span s) {
  check(s.begin <= s.end && s.end <= text.size(), "span outside the text");
}

template <typename Entity>
void check_entity(std::string const& text, Entity const& e) {
  for (auto s : e.spans) check_span(text, s);
  for (auto const& m : e.mentions) {
    bool found = false;
    for (auto s : e.spans)
      found = found || std::string_view(text).substr(s.begin, s.end - s.begin) == m;
    check(found, "a mention is at none of its spans", m);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  using namespace dossier::insight;
  // Built once: the lexicons are large and never change.
  static Analyzer const analyzer = [] {
    Analyzer a(Lexicon::embedded());
    a.set_known_people({"Maria Ellison", "Luis de la Vega"});
    return a;
  }();
  auto doc = parse_document(std::string(reinterpret_cast<char const*>(data), size));
  for (auto s : doc.paragraphs) check_span(doc.text, s);
  auto a = analyzer.analyze(doc);
  for (auto const& p : a.people) check_entity(doc.text, p);
  for (auto const& c : a.countries) check_entity(doc.text, c);
  for (auto const& o : a.organizations) check_entity(doc.text, o);
  for (auto const& q : a.quotes)
    for (auto s : q.spans) check_span(doc.text, s);
  for (auto const& f : a.numbers) {
    check_span(doc.text, f.span);
    check(doc.text.substr(f.span.begin, f.span.end - f.span.begin) == f.text,
          "a figure's text is not at its span", f.text);
  }
  return 0;
}
