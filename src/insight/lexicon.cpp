#include "insight/lexicon.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/strings.hpp"
#include "insight/text.hpp"

namespace dossier::insight {

namespace {

struct Line {
  int number = 0;
  std::vector<std::string> columns;
};

// The records of a data file: '#' lines and blank lines skipped, columns split on tabs.
std::vector<Line> records(std::string_view name) {
  auto text = embedded_data(name);
  if (text.empty()) throw std::runtime_error(fmt::format("insight data file {} is missing", name));
  std::vector<Line> out;
  int number = 0;
  for (auto line : split(text, '\n')) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty() || line.front() == '#') continue;
    Line l{number, {}};
    for (auto c : split(line, '\t')) l.columns.emplace_back(trim(c));
    out.push_back(std::move(l));
  }
  return out;
}

std::vector<std::string> items(std::string const& column) {
  std::vector<std::string> out;
  if (column.empty()) return out;
  for (auto item : split(column, '|'))
    if (!trim(item).empty()) out.emplace_back(trim(item));
  return out;
}

std::string column(Line const& l, std::size_t i) {
  return i < l.columns.size() ? l.columns[i] : "";
}

// "ambiguous:Chad,sovereign:DK" -> the forms flagged ambiguous.
std::set<std::string> ambiguous_forms(std::string const& flags) {
  std::set<std::string> out;
  for (auto f : split(flags, ',')) {
    f = trim(f);
    if (f.starts_with("ambiguous:")) out.emplace(f.substr(10));
  }
  return out;
}

std::size_t words_in(std::string const& key) {
  return static_cast<std::size_t>(std::count(key.begin(), key.end(), ' ')) + 1;
}

}  // namespace

std::string phrase_key(std::string_view text) {
  std::string key;
  for (auto const& w : split_words(text)) {
    if (!key.empty()) key += ' ';
    // Curly apostrophes are folded so "Côte d’Ivoire" and "Côte d'Ivoire" are one phrase.
    std::string folded;
    for (std::size_t i = 0; i < w.size(); ++i) {
      if (w.compare(i, 3, "\xE2\x80\x99") == 0) {
        folded += '\'';
        i += 2;
      } else {
        folded += w[i];
      }
    }
    key += folded;
  }
  return key;
}

bool Lexicon::is(std::string_view word_lower, std::string_view word_class) const {
  auto [from, to] = context_words.equal_range(std::string(word_lower));
  for (auto it = from; it != to; ++it)
    if (it->second == word_class) return true;
  return false;
}

std::optional<int> Lexicon::country(std::string_view iso2) const {
  auto it = country_by_iso2.find(std::string(iso2));
  if (it == country_by_iso2.end()) return std::nullopt;
  return it->second;
}

namespace {

void add_phrase(Lexicon& lx, std::string const& text, Phrase phrase) {
  auto key = phrase_key(text);
  if (key.empty()) return;
  // The first meaning listed wins: a country's own name before another row's alias.
  if (lx.phrases.emplace(key, phrase).second) {
    lx.longest_phrase = std::max(lx.longest_phrase, words_in(key));
    lx.phrase_first_words.insert(key.substr(0, key.find(' ')));
  }
}

void add_countries(Lexicon& lx) {
  // ISO 3166-1 names first: they define the countries; countries.tsv adds news names.
  auto iso = nlohmann::json::parse(embedded_data("iso_3166-1.json"));
  std::map<std::string, nlohmann::json> by_code;
  for (auto const& c : iso.at("3166-1")) by_code[c.at("alpha_2").get<std::string>()] = c;
  for (auto const& l : records("countries.tsv")) {
    auto iso2 = column(l, 0);
    auto it = by_code.find(iso2);
    if (it == by_code.end())
      throw std::runtime_error(fmt::format("countries.tsv:{}: unknown code {}", l.number, iso2));
    auto const& c = it->second;
    auto aliases = items(column(l, 1));
    auto demonyms = items(column(l, 2));
    auto capitals = items(column(l, 3));
    auto ambiguous = ambiguous_forms(column(l, 4));
    auto name = c.at("name").get<std::string>();
    // The name news uses: iso-codes' common name, else the first alias when the ISO name is
    // a formal one ("Russian Federation", "Congo, The Democratic Republic of the").
    std::string common = c.value("common_name", "");
    if (common.empty())
      common = (!aliases.empty() && (name.find(',') != std::string::npos ||
                                     name.find("Federation") != std::string::npos ||
                                     name.find("Republic") != std::string::npos))
                   ? aliases.front()
                   : name;
    int index = static_cast<int>(lx.countries.size());
    lx.countries.push_back({iso2, common, demonyms.empty() ? "" : demonyms.front()});
    lx.country_by_iso2[iso2] = index;
    auto phrase = [&](std::string const& form, PhraseKind kind) {
      add_phrase(lx, form, {kind, index, ambiguous.contains(form)});
    };
    phrase(common, PhraseKind::CountryName);
    for (auto const& a : aliases) phrase(a, PhraseKind::CountryName);
    if (name.find(',') == std::string::npos) phrase(name, PhraseKind::CountryName);
    if (c.contains("official_name")) {
      auto official = c.at("official_name").get<std::string>();
      if (official.starts_with("the ")) official = official.substr(4);
      phrase(official, PhraseKind::CountryName);
    }
    for (auto const& d : demonyms) phrase(d, PhraseKind::Demonym);
    for (auto const& cap : capitals) phrase(cap, PhraseKind::Capital);
  }
}

void add_organizations(Lexicon& lx) {
  for (auto const& l : records("organizations.tsv")) {
    auto name = column(l, 0);
    if (name.empty())
      throw std::runtime_error(fmt::format("organizations.tsv:{}: no name", l.number));
    int index = static_cast<int>(lx.organizations.size());
    lx.organizations.push_back({name, column(l, 2), column(l, 3)});
    lx.organization_type.emplace(name, column(l, 2));
    auto ambiguous = ambiguous_forms(column(l, 4));
    add_phrase(lx, name, {PhraseKind::Organization, index, ambiguous.contains(name)});
    for (auto const& a : items(column(l, 1)))
      add_phrase(lx, a, {PhraseKind::Organization, index, ambiguous.contains(a)});
  }
}

// Regions, then the word lists: organization words, roles, honorifics, name stop words,
// context words, speech verbs and institution words.
void add_word_lists(Lexicon& lx) {
  // Regions after countries and organizations: a name both have is theirs.
  for (auto const& l : records("regions.txt"))
    add_phrase(lx, column(l, 0), {PhraseKind::Region, 0, false});
  for (auto const& l : records("org_words.txt")) {
    auto key = phrase_key(column(l, 0));
    auto category = column(l, 1);
    (category == "prefix"    ? lx.org_prefixes
     : category == "company" ? lx.org_company_words
                             : lx.org_heads)
        .insert(key);
  }
  for (auto const& l : records("roles.txt")) {
    auto key = to_lower(phrase_key(column(l, 0)));
    lx.roles.insert(key);
    lx.longest_role = std::max(lx.longest_role, words_in(key));
  }
  for (auto const& l : records("honorifics.txt")) {
    auto key = phrase_key(column(l, 0));
    lx.honorifics.insert(key);
    lx.longest_honorific = std::max(lx.longest_honorific, words_in(key));
  }
  for (auto const& l : records("name_stopwords.txt")) lx.name_stopwords.insert(column(l, 0));
  for (auto const& l : records("context_words.tsv"))
    lx.context_words.emplace(to_lower(column(l, 0)), column(l, 1));
  for (auto const& l : records("speech_verbs.txt")) {
    bool quote = column(l, 1) == "quote";
    for (auto const& form : items(column(l, 0))) {
      auto lower = to_lower(form);
      lx.speech_verbs.insert(lower);
      if (quote) lx.quote_verbs.insert(lower);
    }
  }
  for (auto const& l : records("institution_words.txt")) {
    auto key = to_lower(phrase_key(column(l, 0)));
    if (column(l, 1) == "modifier") {
      lx.institution_modifiers.insert(key);
    } else if (column(l, 1) == "person") {
      lx.unnamed_people.insert(key);
    } else {
      lx.institution_first_words.insert(key.substr(0, key.find(' ')));
      lx.institution_heads.insert(key);
      lx.longest_institution_head = std::max(lx.longest_institution_head, words_in(key));
    }
  }
}

}  // namespace

Lexicon const& Lexicon::embedded() {
  static Lexicon const lexicon = [] {
    Lexicon lx;
    add_countries(lx);
    add_organizations(lx);
    add_word_lists(lx);
    return lx;
  }();
  return lexicon;
}

}  // namespace dossier::insight
