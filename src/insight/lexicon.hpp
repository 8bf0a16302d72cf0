#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace dossier::insight {

// The analyzer's data files by name ("countries.tsv", "iso_3166-1.json"), compiled into the
// binary from src/insight/data/ and Debian's iso-codes (cmake/embed_insight_data.cmake).
// Empty when there is no such file.
std::string_view embedded_data(std::string_view name);

struct CountryEntry {
  std::string iso2;
  std::string name;  // the common English short name
  std::string
      adjective;  // the first demonym ("Russian"), for names such as "Russian Foreign Ministry"
};

struct OrganizationEntry {
  std::string name;
  std::string
      type;  // intergovernmental, ministry, agency, military, party, company, news_agency ...
  std::string country;  // the home country's ISO 3166-1 alpha-2 code; empty for international
};

// What a gazetteer phrase names.
enum class PhraseKind { CountryName, Demonym, Capital, Organization, Region };

struct Phrase {
  PhraseKind kind = PhraseKind::CountryName;
  int entry = 0;           // index into countries or organizations
  bool ambiguous = false;  // flagged in the data: another common meaning (a given name, a state)
};

// Every lexicon of src/insight/data, loaded once. Phrases are keyed by their words as the
// tokenizer splits them (see text.hpp), joined with single spaces: "U.S ." for "U.S.".
class Lexicon {
 public:
  // The embedded data; throws std::runtime_error naming the file and line of a malformed record.
  static Lexicon const& embedded();

  std::vector<CountryEntry> countries;
  std::vector<OrganizationEntry> organizations;
  // canonical name -> its type ("party", "ngo"): what "the party said" or "the group said" can
  // refer to when the name does not say it ("Orange Democratic Movement", "Human Rights Watch").
  std::unordered_map<std::string, std::string> organization_type;
  std::unordered_map<std::string, Phrase> phrases;     // exact case
  std::size_t longest_phrase = 1;                      // in words
  std::unordered_set<std::string> phrase_first_words;  // a phrase can only start with these
  std::unordered_set<std::string>
      org_heads;  // "Ministry", "Foreign Ministry", "Council" (exact case)
  std::unordered_set<std::string> org_prefixes;  // "Ministry of", "Bank of"
  // Company words (org_words.txt `company`): the run they stand in is a company ("Kyushu Electric
  // Power", "Aerolíneas Argentinas"), and never a person.
  std::unordered_set<std::string> org_company_words;
  std::unordered_set<std::string> roles;  // lower case, "deputy foreign minister"
  std::size_t longest_role = 1;
  std::unordered_set<std::string> honorifics;  // exact case, "Mr.", "Prime Minister"
  std::size_t longest_honorific = 1;
  std::unordered_set<std::string> name_stopwords;  // exact case: "The", "Tuesday"
  // context_words.tsv: word (lower case) -> its classes ("place", "particle", "connector" ...).
  std::unordered_multimap<std::string, std::string> context_words;
  bool is(std::string_view word_lower, std::string_view word_class) const;
  std::unordered_set<std::string> speech_verbs;  // every form, lower case ("said", "told", "adds")
  std::unordered_set<std::string>
      quote_verbs;  // the forms that close a quotation ('"...," she said')
  std::map<std::string, int> country_by_iso2;
  // institution_words.txt: the bodies that speak without being a named organization ("joint
  // statement", "authorities"), lower case, and the words that may stand before them ("interim").
  std::unordered_set<std::string> institution_heads;
  std::size_t longest_institution_head = 1;
  std::unordered_set<std::string> institution_modifiers;
  std::unordered_set<std::string> institution_first_words;  // a head can only start with these
  std::unordered_set<std::string> unnamed_people;           // "officials", "sources"

  std::optional<int> country(std::string_view iso2) const;
};

// The words of a phrase as the tokenizer splits them, joined with single spaces.
std::string phrase_key(std::string_view text);

}  // namespace dossier::insight
