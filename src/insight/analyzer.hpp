#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "insight/analysis.hpp"
#include "insight/lexicon.hpp"

namespace dossier::insight {

struct AnalyzerOptions {
  // "Moscow said": a capital city used for its government counts as that country (a capital
  // after "in", "to", "from" ... is a place and does not).
  bool capital_metonyms = true;
};

// A speaker an editor confirmed (a correction of a quotation's speaker): the analyzer takes an
// exact occurrence of the name as an entity of that kind (a person, an organization) or as an
// institution, so the next article naming it gets it right.
struct KnownSpeaker {
  std::string name;
  SpeakerKind kind = SpeakerKind::Person;
  std::optional<std::string> country;  // ISO 3166-1 alpha-2, when known
};

// Known speakers by the words of their names, as the reader looks them up: the key is the name's
// tokens (text.hpp) joined with single spaces, curly apostrophes folded.
struct KnownSpeakerIndex {
  std::vector<KnownSpeaker> speakers;
  std::unordered_map<std::string, std::size_t> by_key;  // key -> index into speakers
  std::unordered_set<std::string> first_words;          // a name can only start with these
  std::size_t longest = 0;                              // in words
};

// Reads an article the way an analyst would: people with their roles, countries, organizations,
// quotations with their speakers, and figures. No HTTP, no SQL: text in, values out.
class Analyzer {
 public:
  explicit Analyzer(Lexicon const& lexicon, AnalyzerOptions options = {});

  // People the site already knows ("Maria Ellison"): a surname-only mention in an article that
  // never gives the full name resolves to them.
  void set_known_people(std::vector<std::string> names);
  // One more known person (cheap: the analysis job adds each new name it finds).
  void add_known_person(std::string const& name);

  // Replaces the list of speakers editors confirmed (see KnownSpeaker).
  void set_known_speakers(std::vector<KnownSpeaker> speakers);

  Analysis analyze(Document const& doc) const;

 private:
  Lexicon const& lexicon_;
  AnalyzerOptions options_;
  std::unordered_map<std::string, std::string> known_surnames_;
  KnownSpeakerIndex known_speakers_;
};

}  // namespace dossier::insight
