#include "insight/analyzer.hpp"

#include <utility>

#include "core/strings.hpp"
#include "insight/reader.hpp"

namespace dossier::insight {

namespace reading {

Analysis Reader::run() {
  find_gazetteer_names();
  find_organization_names();
  find_acronyms();
  find_people();
  resolve_short_names();
  Analysis out;
  assemble_entities(out);
  find_quotes(out);
  find_figures_with_sources(out);
  return out;
}

}  // namespace reading

Analyzer::Analyzer(Lexicon const& lexicon, AnalyzerOptions options)
    : lexicon_(lexicon), options_(options) {}

void Analyzer::set_known_people(std::vector<std::string> names) {
  known_surnames_.clear();
  for (auto const& name : names) add_known_person(name);
}

void Analyzer::add_known_person(std::string const& name) {
  // Surname -> full name; a surname two known people share resolves to neither (empty).
  auto w = split_words(name);
  if (w.size() < 2) return;
  auto [it, added] = known_surnames_.emplace(w.back(), name);
  if (!added && it->second != name) it->second.clear();
}

void Analyzer::set_known_speakers(std::vector<KnownSpeaker> speakers) {
  known_speakers_ = std::move(speakers);
}

Analysis Analyzer::analyze(Document const& doc) const {
  reading::Reader reader(lexicon_, options_, known_surnames_, doc);
  reader.set_known_speakers(known_speakers_);
  return reader.run();
}

}  // namespace dossier::insight
