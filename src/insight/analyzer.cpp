#include "insight/analyzer.hpp"

#include <algorithm>
#include <utility>

#include "core/strings.hpp"
#include "insight/reader.hpp"

namespace dossier::insight {

namespace reading {

Analysis Reader::run() {
  join_title_sentences();
  find_known_speakers();
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
  known_speakers_ = {};
  for (auto& s : speakers) {
    auto words = split_words(s.name);
    if (words.empty() || s.kind == SpeakerKind::None || s.kind == SpeakerKind::Country) continue;
    std::string key;
    for (auto const& w : words) key += (key.empty() ? "" : " ") + reading::fold_apostrophes(w);
    // The first confirmation of a name wins: an editor's later one for the same words is the
    // same speaker.
    if (!known_speakers_.by_key.emplace(key, known_speakers_.speakers.size()).second) continue;
    known_speakers_.first_words.insert(reading::fold_apostrophes(words.front()));
    known_speakers_.longest = std::max(known_speakers_.longest, words.size());
    known_speakers_.speakers.push_back(std::move(s));
  }
}

Analysis Analyzer::analyze(Document const& doc) const {
  return reading::Reader(lexicon_, options_, known_surnames_, doc)
      .with_known_speakers(known_speakers_)
      .run();
}

}  // namespace dossier::insight
