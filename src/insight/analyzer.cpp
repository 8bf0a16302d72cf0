#include "insight/analyzer.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "core/strings.hpp"
#include "insight/figures.hpp"
#include "insight/text.hpp"

namespace dossier::insight {

namespace {

enum class Kind { Person, Country, Organization };

constexpr std::size_t kNone = static_cast<std::size_t>(-1);
constexpr std::size_t kMaxNameWords = 4;        // "Luiz Inácio Lula da Silva" is 5 with "da"
constexpr std::size_t kAttributionWindow = 14;  // tokens after a closing mark
constexpr std::size_t kAppositionWindow = 12;   // tokens of "a spokeswoman for the ministry"

// One place where an entity is named: tokens [first, last].
struct Mention {
  std::size_t first = 0;
  std::size_t last = 0;
  Kind kind = Kind::Person;
  int entity = 0;
};

struct PersonDraft {
  std::string name;
  std::vector<std::string> words;  // the name's words, particles included
  std::optional<std::string> role;
};

bool is_opening_mark(std::string_view t) {
  return t == "\"" || t == "\xE2\x80\x9C";
}
bool is_closing_mark(std::string_view t) {
  return t == "\"" || t == "\xE2\x80\x9D";
}

std::string fold_apostrophes(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 3, "\xE2\x80\x99") == 0) {
      out += '\'';
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

class Reader {
 public:
  Reader(Lexicon const& lx, AnalyzerOptions const& options,
         std::unordered_map<std::string, std::string> const& known, Document const& doc)
      : lx_(lx),
        options_(options),
        known_(known),
        doc_(doc),
        tokens_(tokenize(doc)),
        owner_(tokens_.size(), kNone),
        region_(tokens_.size(), false) {
    // Each token's text with curly apostrophes folded, and in lower case, computed once: the
    // passes below ask for them many times.
    folded_.reserve(tokens_.size());
    lower_.reserve(tokens_.size());
    for (auto const& t : tokens_) {
      folded_.push_back(fold_apostrophes(t.text));
      lower_.push_back(to_lower(folded_.back()));
    }
  }

  Analysis run() {
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

 private:
  // --- tokens ---
  std::string_view text(std::size_t i) const { return tokens_[i].text; }
  std::string const& lower(std::size_t i) const { return lower_[i]; }
  bool word(std::size_t i) const {
    return i < tokens_.size() && tokens_[i].kind == TokenKind::Word;
  }
  bool cap(std::size_t i) const { return word(i) && tokens_[i].capitalized; }
  bool same_paragraph(std::size_t a, std::size_t b) const {
    return tokens_[a].paragraph == tokens_[b].paragraph;
  }
  // No white space between the two tokens ("al" "-" "Sudani").
  bool touching(std::size_t a, std::size_t b) const { return tokens_[a].end == tokens_[b].begin; }
  std::string span_text(std::size_t first, std::size_t last) const {
    return doc_.text.substr(tokens_[first].begin, tokens_[last].end - tokens_[first].begin);
  }
  std::string key(std::size_t first, std::size_t count) const {
    std::string k;
    for (std::size_t i = first; i < first + count && i < tokens_.size(); ++i) {
      if (i > first) k += ' ';
      k += folded_[i];
    }
    return k;
  }
  bool sentence_start(std::size_t i) const {
    return i == 0 || tokens_[i - 1].sentence != tokens_[i].sentence || is_opening_mark(text(i - 1));
  }
  bool owned(std::size_t i) const { return owner_[i] != kNone; }
  // A full stop, question or exclamation mark that ends a sentence (ICU's sentences, so "Ms."
  // and "U.S." do not), or the end of a paragraph.
  bool sentence_end(std::size_t k) const {
    auto t = text(k);
    if (t != "." && t != "?" && t != "!") return false;
    return k + 1 >= tokens_.size() || tokens_[k + 1].sentence != tokens_[k].sentence ||
           !same_paragraph(k, k + 1);
  }

  void add_mention(std::size_t first, std::size_t last, Kind kind, int entity, bool own = true) {
    mentions_.push_back({first, last, kind, entity});
    if (own)
      for (auto i = first; i <= last; ++i)
        if (owner_[i] == kNone) owner_[i] = mentions_.size() - 1;
  }

  int country_entity(int lexicon_index) {
    auto [it, added] = country_ids_.emplace(lexicon_index, static_cast<int>(country_ids_.size()));
    if (added) country_order_.push_back(lexicon_index);
    return it->second;
  }
  int organization_entity(std::string const& name) {
    auto [it, added] = org_ids_.emplace(name, static_cast<int>(org_names_.size()));
    if (added) org_names_.push_back(name);
    return it->second;
  }
  int person_entity(std::string const& name) {
    auto it = person_ids_.find(name);
    if (it != person_ids_.end()) return it->second;
    PersonDraft p;
    p.name = name;
    for (auto const& w : split_words(name)) p.words.push_back(w);
    people_.push_back(std::move(p));
    person_ids_[name] = static_cast<int>(people_.size() - 1);
    return static_cast<int>(people_.size() - 1);
  }

  // --- countries and named organizations from the gazetteer ---
  bool capital_is_place(std::size_t first) const {
    if (!options_.capital_metonyms) return true;
    if (first == 0) return false;
    auto prev = first - 1;
    if (word(prev) && lx_.is(lower(prev), "place")) return true;
    // A dateline ("GENEVA —") or "Washington-based": not the government.
    return false;
  }

  void find_gazetteer_names() {
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      if (owned(i) || tokens_[i].kind == TokenKind::Punct) continue;
      if (!lx_.phrase_first_words.contains(folded_[i])) continue;
      // The longest phrase starting here, its key grown one word at a time.
      std::vector<std::pair<std::size_t, Phrase>> hits;  // (words, phrase), shortest first
      std::string k;
      for (std::size_t len = 1; len <= lx_.longest_phrase && i + len <= tokens_.size(); ++len) {
        auto t = i + len - 1;
        if (!same_paragraph(i, t)) break;
        if (len > 1) k += ' ';
        k += folded_[t];
        if (auto it = lx_.phrases.find(k); it != lx_.phrases.end())
          hits.emplace_back(len, it->second);
      }
      for (auto h = hits.rbegin(); h != hits.rend(); ++h) {
        auto len = h->first;
        auto last = i + len - 1;
        auto const& phrase = h->second;
        bool followed_by_name = cap(last + 1) && !sentence_start(last + 1) &&
                                tokens_[last + 1].sentence == tokens_[last].sentence;
        if (phrase.ambiguous && (followed_by_name || (i > 0 && cap(i - 1) && !sentence_start(i))))
          continue;  // "Chad Harper", "Georgia Lewis": a given name
        if (phrase.kind == PhraseKind::Capital) {
          if (capital_is_place(i) || followed_by_name) continue;
        }
        if (phrase.kind == PhraseKind::Region) {
          // A region is nobody: its words are taken so no name is built from them.
          for (auto k = i; k <= last; ++k) region_[k] = true;
          i = last;
          break;
        }
        if (phrase.kind == PhraseKind::Organization) {
          add_mention(
              i, last, Kind::Organization,
              organization_entity(lx_.organizations[static_cast<std::size_t>(phrase.entry)].name));
        } else {
          // A demonym directly before a capitalised word may open a longer name ("Russian
          // Foreign Ministry"); the country is still mentioned, the organization pass sees it.
          add_mention(i, last, Kind::Country, country_entity(phrase.entry));
          country_kind_[mentions_.size() - 1] = phrase.kind;
        }
        i = last;
        break;
      }
    }
  }

  // --- organizations named by their form: "Russia's Foreign Ministry", "Ministry of Defence" ---
  bool is_head_at(std::size_t i, std::size_t& words) const {
    for (std::size_t len = 3; len >= 1; --len) {
      if (i + len > tokens_.size()) continue;
      if (lx_.org_heads.contains(key(i, len))) {
        words = len;
        return true;
      }
    }
    return false;
  }
  bool is_prefix_at(std::size_t i, std::size_t& words) const {
    for (std::size_t len = 4; len >= 2; --len) {
      if (i + len > tokens_.size()) continue;
      if (lx_.org_prefixes.contains(key(i, len))) {
        words = len;
        return true;
      }
    }
    return false;
  }

  void find_organization_names() {
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      if (!cap(i)) continue;
      if (owned(i) && mentions_[owner_[i]].kind == Kind::Organization) continue;
      // The run: capitalised words, connectors between them, a possessive after a country.
      std::size_t j = i;
      std::size_t end = kNone;
      while (j < tokens_.size() && same_paragraph(i, j) &&
             tokens_[j].sentence == tokens_[i].sentence) {
        if (owned(j) && mentions_[owner_[j]].kind == Kind::Organization) break;
        if (cap(j)) {
          end = j;
          ++j;
          continue;
        }
        if (is_possessive(text(j)) && j > i && owned(j - 1) &&
            mentions_[owner_[j - 1]].kind == Kind::Country && cap(j + 1)) {
          ++j;
          continue;
        }
        if (word(j) && lx_.is(lower(j), "connector") && cap(j + 1) && j > i) {
          ++j;
          continue;
        }
        break;
      }
      if (end == kNone) continue;
      // Leading sentence words ("The") are not part of the name.
      std::size_t start = i;
      while (start <= end && cap(start) && lx_.name_stopwords.contains(std::string(text(start))) &&
             !owned(start))
        ++start;
      if (start > end) continue;
      // Where the organization's own words begin: after a country or demonym and its 's.
      std::size_t body = start;
      std::optional<std::size_t> country_mention;
      if (owned(body) && mentions_[owner_[body]].kind == Kind::Country) {
        country_mention = owner_[body];
        body = mentions_[owner_[body]].last + 1;
        if (body <= end && is_possessive(text(body))) ++body;
      }
      if (body > end) {
        i = end;
        continue;
      }
      // The name ends at its last head word; a prefix ("Ministry of") takes the rest of the run.
      std::size_t name_end = kNone;
      std::size_t words = 0;
      if (is_prefix_at(body, words) && body + words <= end) name_end = end;
      for (std::size_t k = body; k <= end && name_end == kNone; ++k) {
        // Take the last head in the run: "National Security Council".
        for (std::size_t m = end + 1; m-- > k;) {
          std::size_t w = 0;
          if (cap(m) && is_head_at(m, w) && m + w - 1 <= end) {
            name_end = m + w - 1;
            break;
          }
        }
        break;
      }
      if (name_end == kNone || (name_end == body && !country_mention)) {
        i = end;
        continue;  // one capitalised head word alone ("Ministry officials") is not a name
      }
      bool own_words = false;
      for (auto k = body; k <= name_end; ++k)
        if (!owned(k)) own_words = true;
      if (!own_words) {
        i = end;
        continue;
      }
      std::string name = span_text(body, name_end);
      if (country_mention) {
        auto const& c = lx_.countries[static_cast<std::size_t>(
            country_order_[static_cast<std::size_t>(mentions_[*country_mention].entity)])];
        name = (c.adjective.empty() ? c.name : c.adjective) + " " + name;
      }
      auto first = country_mention ? mentions_[*country_mention].first : body;
      add_mention(first, name_end, Kind::Organization, organization_entity(name), false);
      for (auto k = body; k <= name_end; ++k)
        if (!owned(k)) owner_[k] = mentions_.size() - 1;
      i = name_end;
    }
  }

  // "the International Atomic Energy Agency (IAEA)": the acronym names the same organization
  // in the rest of the article.
  void find_acronyms() {
    std::map<std::string, int> acronyms;
    for (std::size_t m = 0; m < mentions_.size(); ++m) {
      auto const& mention = mentions_[m];
      if (mention.kind != Kind::Organization) continue;
      auto open = mention.last + 1;
      if (open + 2 >= tokens_.size() || text(open) != "(" || text(open + 2) != ")") continue;
      auto acronym = std::string(text(open + 1));
      if (!word(open + 1) || acronym.size() < 2 || to_lower(acronym) == acronym) continue;
      acronyms[acronym] = mention.entity;
    }
    if (acronyms.empty()) return;
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      if (owned(i) || !word(i)) continue;
      auto it = acronyms.find(std::string(text(i)));
      if (it != acronyms.end()) add_mention(i, i, Kind::Organization, it->second);
    }
  }

  // --- people ---
  // The longest honorific or role at `i`, in words (0 when none).
  std::size_t title_at(std::size_t i, std::size_t limit, bool& is_role) const {
    // Grown one word at a time, keeping the longest hit.
    std::size_t best = 0;
    std::string k, lower_k;
    auto longest = std::min(std::max(lx_.longest_honorific, lx_.longest_role), limit - i + 1);
    for (std::size_t len = 1; len <= longest; ++len) {
      auto t = i + len - 1;
      if (len > 1) {
        k += ' ';
        lower_k += ' ';
      }
      k += folded_[t];
      lower_k += lower_[t];
      if (lx_.honorifics.contains(k)) {
        best = len;
        is_role = lx_.roles.contains(lower_k);
      } else if (cap(i) && lx_.roles.contains(lower_k)) {
        best = len;
        is_role = true;
      }
    }
    return best;
  }

  bool role_word(std::size_t i) const { return word(i) && lx_.roles.contains(lower(i)); }

  // ", a spokeswoman for the State Department," after a name: the role it gives.
  std::optional<std::string> role_after(std::size_t last) const {
    auto i = last + 1;
    if (i >= tokens_.size() || text(i) != "," || !same_paragraph(last, i)) return std::nullopt;
    ++i;
    if (word(i) && lx_.is(lower(i), "determiner")) ++i;
    auto start = i;
    bool has_role = false;
    std::size_t stop = start;
    for (; stop < tokens_.size() && stop < start + kAppositionWindow; ++stop) {
      auto t = text(stop);
      if (t == "," || t == "." || t == ";" || t == ":" || is_opening_mark(t) ||
          is_closing_mark(t) || !same_paragraph(last, stop))
        break;
      if (role_word(stop)) has_role = true;
      if (speech_verb(stop)) return std::nullopt;
    }
    if (!has_role || stop == start) return std::nullopt;
    return span_text(start, stop - 1);
  }

  // "Orlov's deputy, Ivan Sedykh" / "The head of the delegation, Gennady Pastukhov": the role
  // in the phrase before the comma.
  std::optional<std::string> role_before(std::size_t first) const {
    if (first < 2 || text(first - 1) != ",") return std::nullopt;
    auto end = first - 2;
    std::size_t start = end;
    bool has_role = false;
    for (std::size_t n = 0; n < kAppositionWindow; ++n) {
      auto t = text(start);
      if (t == "," || t == "." || t == ";" || t == ":" || is_closing_mark(t) ||
          is_opening_mark(t) || !same_paragraph(start, first)) {
        ++start;
        break;
      }
      if (role_word(start)) has_role = true;
      if (speech_verb(start)) return std::nullopt;
      if (start == 0 || sentence_start(start)) break;
      --start;
    }
    if (!has_role || start > end) return std::nullopt;
    if (word(start) && lx_.is(lower(start), "determiner")) ++start;
    if (start > end) return std::nullopt;
    return span_text(start, end);
  }

  // A verb is written in lower case inside a sentence: "States" in "the United States" is not
  // "states".
  bool speech_verb(std::size_t i) const {
    return word(i) && (!tokens_[i].capitalized || sentence_start(i)) && !owned(i) &&
           lx_.speech_verbs.contains(lower(i));
  }

  void find_people() {
    struct Candidate {
      std::size_t first, last;  // the name's tokens
      std::optional<std::string> role;
      bool evidence = false;
      bool titled = false;  // "President Adeyemi", "Mr. Orlov"
    };
    std::vector<Candidate> candidates;
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      if (!cap(i) || owned(i) || region_[i]) continue;
      // The run: capitalised words, "Mr." abbreviations, particles and hyphens inside names,
      // role words such as "of" in "Secretary of State".
      std::size_t j = i, end = i;
      while (j < tokens_.size() && !owned(j) && !region_[j] &&
             tokens_[j].sentence == tokens_[i].sentence) {
        if (cap(j)) {
          end = j;
          ++j;
          if (j < tokens_.size() && text(j) == "." && touching(j - 1, j) &&
              lx_.honorifics.contains(key(j - 1, 2))) {
            end = j;
            ++j;
          }
          continue;
        }
        if (j > i && text(j) == "-" && touching(j - 1, j) && j + 1 < tokens_.size() &&
            touching(j, j + 1) && word(j + 1)) {
          j += 2;
          end = j - 1;
          continue;
        }
        // Particles, one or several, inside a name: "Luis de la Vega", "van den Berg".
        if (j > i && word(j) && !tokens_[j].capitalized &&
            (lx_.is(lower(j), "particle") || lower(j) == "of")) {
          auto k = j;
          while (k < tokens_.size() && word(k) && !tokens_[k].capitalized &&
                 (lx_.is(lower(k), "particle") || lower(k) == "of"))
            ++k;
          if (k < tokens_.size() && (cap(k) || text(k) == "-")) {
            j = k;
            continue;
          }
        }
        break;
      }
      std::size_t start = i;
      while (start <= end && lx_.name_stopwords.contains(std::string(text(start)))) ++start;
      // Titles before the name: "Deputy Foreign Minister", "Mr.", "Lt. Gen.".
      // A run that is a title and nothing else ("the High Representative said") names nobody.
      {
        bool is_role = false;
        if (start <= end && title_at(start, end, is_role) == end - start + 1) {
          i = end;
          continue;
        }
      }
      // The name follows the last title in the run, and everything before it is the title:
      // "Energy Commissioner Lars Vestergaard", "Under Secretary of State Maria Ellison".
      std::size_t title_first = start, title_last = kNone;
      bool titled_role = false;
      for (auto k = start; k < end; ++k) {
        if (!cap(k)) continue;
        bool is_role = false;
        auto len = title_at(k, end, is_role);
        if (len == 0 || k + len > end) continue;  // a name must remain after it
        titled_role = titled_role || is_role;
        title_last = k + len - 1;
        k = title_last;
      }
      if (title_last != kNone) {
        start = title_last + 1;
        if (start <= end && text(start) == ".") ++start;
      }
      std::size_t stop = end;
      while (stop >= start && stop != kNone &&
             lx_.name_stopwords.contains(std::string(text(stop)))) {
        if (stop == 0) break;
        --stop;
      }
      i = end;
      if (start > stop || stop == kNone) continue;
      // Names are at most a few words; longer runs are titles of things.
      std::size_t words = 0;
      for (auto k = start; k <= stop; ++k)
        if (cap(k)) ++words;
      if (words == 0 || words > kMaxNameWords) continue;
      bool any_head = false;
      for (auto k = start; k <= stop; ++k) {
        std::size_t w = 0;
        if (cap(k) && is_head_at(k, w)) any_head = true;
      }
      if (any_head) continue;
      Candidate c{start, stop, std::nullopt, false, title_last != kNone};
      if (title_last != kNone) {
        c.evidence = true;
        if (titled_role) c.role = span_text(title_first, title_last);
      }
      if (!c.role) {
        // "Kenyan police commander Joseph Kiprono", "China Coast Guard spokesman Liu Dekai".
        for (std::size_t len = std::min<std::size_t>(lx_.longest_role, start); len >= 1 && !c.role;
             --len) {
          auto from = start - len;
          if (tokens_[from].capitalized || !word(from)) continue;
          if (lx_.roles.contains(to_lower(key(from, len)))) c.role = span_text(from, start - 1);
        }
      }
      if (!c.role) c.role = role_after(stop);
      if (!c.role) c.role = role_before(start);
      if (c.role) c.evidence = true;
      if (speech_verb(stop + 1) || (start > 0 && speech_verb(start - 1) && !sentence_start(start)))
        c.evidence = true;
      if (stop + 2 < tokens_.size() && is_possessive(text(stop + 1)) && role_word(stop + 2))
        c.evidence = true;
      if (stop + 3 < tokens_.size() && text(stop + 1) == "," &&
          tokens_[stop + 2].kind == TokenKind::Number && text(stop + 3) == ",")
        c.evidence = true;  // an age: "Ocampo, 54,"
      // ", who leads the mission,": only people are "who".
      if (stop + 2 < tokens_.size() && text(stop + 1) == "," && word(stop + 2) &&
          lower(stop + 2) == "who")
        c.evidence = true;
      // "Grace Achieng, a health specialist with UNICEF, said": a name, a description, a verb.
      if (!c.evidence && stop + 1 < tokens_.size() && text(stop + 1) == ",") {
        for (auto k = stop + 2; k < tokens_.size() && k < stop + 2 + kAppositionWindow; ++k) {
          if (sentence_end(k) || !same_paragraph(stop, k)) break;
          if (text(k) == ",") {
            if (speech_verb(k + 1)) c.evidence = true;
            break;
          }
        }
      }
      // One word is a name only with strong signs: a title ("President Ruto") or a speech verb
      // before it and a description after it ('said Nadège, a market trader').
      if (words == 1 && title_last == kNone) {
        bool said_before = start > 0 && speech_verb(start - 1);
        if (!(said_before && role_after(stop))) continue;
        c.titled = true;  // kept as a one-word name below
      }
      candidates.push_back(c);
    }
    // A multi-word name without a sign of its own counts when its last word recurs alone.
    auto recurs_alone = [&](Candidate const& c) {
      auto surname = text(c.last);
      for (std::size_t k = 0; k < tokens_.size(); ++k)
        if ((k < c.first || k > c.last) && text(k) == surname && !owned(k) &&
            (k + 1 >= tokens_.size() || !cap(k + 1)) && (k == 0 || !cap(k - 1)))
          return true;
      return false;
    };
    for (auto const& c : candidates) {
      std::size_t words = 0;
      for (auto k = c.first; k <= c.last; ++k)
        if (cap(k)) ++words;
      if (words < 2) continue;
      if (!c.evidence && !recurs_alone(c)) continue;
      auto id = person_entity(span_text(c.first, c.last));
      if (c.role && !people_[static_cast<std::size_t>(id)].role)
        people_[static_cast<std::size_t>(id)].role = c.role;
      add_mention(c.first, c.last, Kind::Person, id);
    }
    // One-word names after a title ("President Adeyemi") wait for the full names above.
    for (auto const& c : candidates) {
      if (c.first != c.last || owned(c.first) || !c.titled) continue;
      single_titled_.push_back({c.first, c.role, c.evidence});
    }
  }

  struct Single {
    std::size_t token;
    std::optional<std::string> role;
    bool titled;
  };

  void resolve_short_names() {
    // Surnames (and, when unambiguous, given names) of the people found.
    std::map<std::string, std::set<int>> by_surname, by_given;
    for (std::size_t p = 0; p < people_.size(); ++p) {
      auto const& w = people_[p].words;
      if (w.size() < 2) continue;
      by_surname[w.back()].insert(static_cast<int>(p));
      by_given[w.front()].insert(static_cast<int>(p));
    }
    auto resolve = [&](std::string const& word) -> std::optional<int> {
      if (auto it = by_surname.find(word); it != by_surname.end() && it->second.size() == 1)
        return *it->second.begin();
      if (auto it = by_given.find(word);
          it != by_given.end() && it->second.size() == 1 && !by_surname.contains(word))
        return *it->second.begin();
      if (auto it = known_.find(word); it != known_.end() && !it->second.empty())
        return person_entity(it->second);
      return std::nullopt;
    };
    for (auto const& s : single_titled_) {
      auto id = resolve(std::string(text(s.token)));
      if (!id) id = person_entity(std::string(text(s.token)));  // a one-word name: "President Ruto"
      if (s.role && !people_[static_cast<std::size_t>(*id)].role)
        people_[static_cast<std::size_t>(*id)].role = s.role;
      add_mention(s.token, s.token, Kind::Person, *id);
    }
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      if (!cap(i) || owned(i)) continue;
      if (lx_.name_stopwords.contains(std::string(text(i)))) continue;
      auto id = resolve(std::string(text(i)));
      if (id) add_mention(i, i, Kind::Person, *id);
    }
  }

  // --- output ---
  void assemble_entities(Analysis& out) {
    std::vector<int> person_slot(people_.size(), -1), country_slot(country_order_.size(), -1),
        org_slot(org_names_.size(), -1);
    auto surface = [&](Mention const& m) {
      // A mention's text, without a possessive ending.
      auto last = m.last;
      while (last > m.first && is_possessive(text(last))) --last;
      return Span{tokens_[m.first].begin, tokens_[last].end};
    };
    auto add_span = [&](auto& entity, Span s) {
      auto t = doc_.text.substr(s.begin, s.end - s.begin);
      if (std::find(entity.mentions.begin(), entity.mentions.end(), t) == entity.mentions.end())
        entity.mentions.push_back(t);
      entity.spans.push_back(s);
    };
    // In the order of the text (owner_ keeps indices into mentions_, so a sorted copy).
    auto ordered = mentions_;
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](Mention const& a, Mention const& b) { return a.first < b.first; });
    for (auto const& mention : ordered) {
      auto e = static_cast<std::size_t>(mention.entity);
      auto s = surface(mention);
      if (mention.kind == Kind::Person) {
        if (person_slot[e] < 0) {
          person_slot[e] = static_cast<int>(out.people.size());
          out.people.push_back({people_[e].name, {}, {}, people_[e].role});
        }
        add_span(out.people[static_cast<std::size_t>(person_slot[e])], s);
      } else if (mention.kind == Kind::Country) {
        if (country_slot[e] < 0) {
          country_slot[e] = static_cast<int>(out.countries.size());
          auto const& c = lx_.countries[static_cast<std::size_t>(country_order_[e])];
          out.countries.push_back({c.name, c.iso2, {}, {}});
        }
        add_span(out.countries[static_cast<std::size_t>(country_slot[e])], s);
      } else {
        if (org_slot[e] < 0) {
          org_slot[e] = static_cast<int>(out.organizations.size());
          out.organizations.push_back({org_names_[e], {}, {}});
        }
        add_span(out.organizations[static_cast<std::size_t>(org_slot[e])], s);
      }
    }
  }

  // The mention that owns token i, if any.
  std::optional<Mention> mention_at(std::size_t i) const {
    if (i >= tokens_.size() || !owned(i)) return std::nullopt;
    return mentions_[owner_[i]];
  }

  std::string canonical(Mention const& m) const {
    auto e = static_cast<std::size_t>(m.entity);
    if (m.kind == Kind::Person) return people_[e].name;
    if (m.kind == Kind::Country)
      return lx_.countries[static_cast<std::size_t>(country_order_[e])].name;
    return org_names_[e];
  }
  static SpeakerKind speaker_kind(Kind k) {
    return k == Kind::Person    ? SpeakerKind::Person
           : k == Kind::Country ? SpeakerKind::Country
                                : SpeakerKind::Organization;
  }

  // Who is named at token i as a speaker. `found` says whether a speaker was named at all: "an
  // ASEAN diplomat" names one (unnamed: an empty result with found = true).
  struct Speaker {
    bool found = false;
    std::optional<Mention> who;
  };
  static Speaker named(std::optional<Mention> m) { return {m.has_value(), m}; }

  // The person a "he" or "she" at token i stands for: the last person who spoke (or the
  // unnamed official who did), else the last person named before it.
  Speaker last_person_before(std::size_t i) const {
    std::optional<Mention> best;
    for (auto const& m : mentions_)
      if (m.kind == Kind::Person && m.last < i && (!best || m.last > best->last)) best = m;
    // An unnamed official who spoke after the last person named ("said an ASEAN diplomat ...
    // He described it as ...") is who "he" is.
    if (last_person_speaker_ && last_person_speaker_->at < i && !last_person_speaker_->who &&
        (!best || last_person_speaker_->at > best->last))
      return {true, std::nullopt};
    return named(best);
  }
  // "the ministry said": the last organization named before i whose name has that head word.
  std::optional<Mention> last_organization_like(std::size_t i, std::string const& head) const {
    std::optional<Mention> best;
    for (auto const& m : mentions_) {
      if (m.kind != Kind::Organization || m.last >= i) continue;
      auto name = to_lower(canonical(m));
      if (name.find(head) != std::string::npos && (!best || m.last > best->last)) best = m;
    }
    return best;
  }

  Speaker speaker_at(std::size_t i) const {
    if (i >= tokens_.size()) return {};
    // "Tunisia's Foreign Ministry": the organization, not the country in its name.
    for (auto const& m : mentions_)
      if (m.kind == Kind::Organization && m.first <= i && i <= m.last &&
          !(m.first == i && m.last == i) && mention_at(i) && mention_at(i)->kind == Kind::Country)
        return {true, m};
    if (auto m = mention_at(i)) {
      // "an ASEAN diplomat", "a senior UK official": an unnamed person.
      if (m->kind != Kind::Person) {
        for (std::size_t back = 1; back <= 3 && m->first >= back; ++back) {
          auto b = m->first - back;
          if (!word(b)) break;
          if (lx_.is(lower(b), "indefinite")) return {true, std::nullopt};
        }
      }
      return {true, m};
    }
    if (word(i) && lx_.is(lower(i), "he")) return last_person_before(i);
    // "the ministry said", "a ministry statement said": the organization named before; "a
    // ministry official": an unnamed person.
    if (word(i) && (lower(i) == "the" || lx_.is(lower(i), "indefinite")) && word(i + 1) &&
        !tokens_[i + 1].capitalized) {
      auto head = std::string(text(i + 1));
      head[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(head[0])));
      if (lx_.org_heads.contains(head)) {
        if (role_word(i + 2)) return {true, std::nullopt};
        return named(last_organization_like(i, to_lower(head)));
      }
    }
    if (word(i) && lx_.is(lower(i), "indefinite") && role_word_near(i)) return {true, std::nullopt};
    return {};
  }

  // "according to [the] X": X.
  Speaker speaker_after_according(std::size_t i) const {
    for (std::size_t k = i; k < tokens_.size() && k < i + 5; ++k) {
      if (text(k) == "," || sentence_end(k)) break;
      if (auto sp = speaker_at(k); sp.found) return sp;
    }
    return {};
  }

  // "a senior official", "an analyst": an indefinite article before a role word.
  bool role_word_near(std::size_t i) const {
    for (auto k = i + 1; k < tokens_.size() && k <= i + 3; ++k)
      if (role_word(k)) return true;
    return false;
  }

  bool after_preposition(Mention const& m) const {
    auto b = m.first;
    if (b > 0 && word(b - 1) && lower(b - 1) == "the") --b;
    return b > 0 && word(b - 1) && !tokens_[b - 1].capitalized &&
           lx_.is(lower(b - 1), "preposition");
  }

  // The subject of the speech verb at `verb`, looking back to `first`: the nearest speaker,
  // skipping a parenthesis between commas ("Lena Park, a spokeswoman for the department, said")
  // and mentions inside prepositional phrases.
  Speaker subject_before(std::size_t verb, std::size_t first) const {
    auto k = verb;
    if (k > first && text(k - 1) == ",") {
      auto c = k - 1;
      while (c > first && text(c - 1) != ",") --c;
      if (c > first) {
        // "Russia's envoy, Dmitry Loginov, said": a name between the commas is the subject,
        // as is an organization named there alone ("India's largest refiner, Reliance, said").
        for (auto s = c; s + 1 < verb; ++s)
          if (auto m = mention_at(s); m && m->kind == Kind::Person) return {true, m};
        if (auto m = mention_at(c); m && m->first == c && m->last + 2 == verb) return {true, m};
        k = c - 1;  // the comma opening the parenthesis
      }
    }
    // "X welcomed the resolution and said ...": the subject of the first verb.
    if (k > first && word(k - 1) && lower(k - 1) == "and") {
      for (auto s = first; s + 1 < k; ++s) {
        auto sp = speaker_at(s);
        if (!sp.found) continue;
        if (sp.who && sp.who->kind != Kind::Person && after_preposition(*sp.who)) continue;
        return sp;
      }
    }
    for (auto s = k; s-- > first;) {
      auto t = text(s);
      if (is_closing_mark(t) || t == ";" || t == ":") break;
      auto sp = speaker_at(s);
      if (!sp.found) continue;
      if (sp.who && sp.who->kind != Kind::Person && after_preposition(*sp.who)) continue;
      return sp;
    }
    return {};
  }

  // '"...," X said', '"...," said X', '"...," he added', '"...," according to X': the words
  // right after a closing mark.
  Speaker speaker_after(std::size_t close) const {
    auto i = close + 1;
    while (i < tokens_.size() && same_paragraph(close, i) && tokens_[i].kind == TokenKind::Punct &&
           text(i) != "." && !is_opening_mark(text(i)))
      ++i;
    std::size_t limit = std::min(tokens_.size(), i + kAttributionWindow);
    for (auto k = i; k < limit && same_paragraph(close, k); ++k) {
      auto t = text(k);
      if (sentence_end(k) || is_opening_mark(t) || t == ";") break;
      if (word(k) && lx_.is(lower(k), "according") && k + 2 < limit && lower(k + 1) == "to")
        return speaker_after_according(k + 2);
      if (!speech_verb(k)) continue;
      if (auto sp = subject_before(k, i); sp.found) return sp;  // "X said"
      for (auto s = k + 1; s < limit && s <= k + 6; ++s) {      // "said X", "said Dr. X"
        if (text(s) == "," || sentence_end(s)) break;
        if (auto sp = speaker_at(s); sp.found) return sp;
      }
      return {};
    }
    return {};
  }

  // 'X said: "..."', 'X called it "..."', 'X said the talks had "..."', 'according to X,
  // "..."': the nearest speech verb before the opening mark in its sentence, and its subject.
  Speaker speaker_before(std::size_t open) const {
    if (open == 0) return {};
    std::size_t first = open;
    while (first > 0 && tokens_[first - 1].sentence == tokens_[open].sentence &&
           same_paragraph(first - 1, open) && !is_closing_mark(text(first - 1)))
      --first;
    for (auto k = open; k-- > first;) {
      if (word(k) && lx_.is(lower(k), "according") && k + 2 < open && lower(k + 1) == "to")
        return speaker_after_according(k + 2);
      if (!speech_verb(k)) continue;
      return subject_before(k, first);
    }
    return {};
  }

  void find_quotes(Analysis& out) {
    // A part is the text between an opening mark and its closing mark, or, for a quotation
    // that runs on into the next paragraph (which opens again), the paragraph's end.
    struct Part {
      std::size_t open = 0;   // token of the opening mark
      std::size_t close = 0;  // token of the closing mark, or the paragraph's last token
      bool runs_on = false;
    };
    std::vector<std::vector<Part>> quotes;
    std::vector<Part> current;
    std::size_t open = kNone;  // the opening mark of the quotation being read
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      auto t = text(i);
      bool last_in_paragraph = i + 1 == tokens_.size() || !same_paragraph(i, i + 1);
      if (open == kNone && is_opening_mark(t)) {
        open = i;
      } else if (open != kNone && is_closing_mark(t)) {
        current.push_back({open, i, false});
        quotes.push_back(std::move(current));
        current.clear();
        open = kNone;
      }
      if (last_in_paragraph && open != kNone) {
        auto next = i + 1;
        if (next < tokens_.size() && is_opening_mark(text(next)) && open < i)
          current.push_back({open, i, true});
        else
          current.clear();  // an unbalanced mark: no quotation
        open = kNone;
      }
    }
    for (auto const& parts : quotes) {
      Quote q;
      for (auto const& p : parts) {
        auto begin = tokens_[p.open].end;
        auto end = p.runs_on ? tokens_[p.close].end : tokens_[p.close].begin;
        if (end <= begin) continue;
        if (!q.text.empty()) q.text += ' ';
        q.text += doc_.text.substr(begin, end - begin);
        q.spans.push_back({begin, end});
      }
      if (trim(q.text).empty()) continue;
      // A quotation that ends a clause ('..., "' or '."') is attributed after it, in news
      // style; one inside a sentence ("what it called "..."") by the words before it.
      auto tail = trim(q.text);
      bool ends_clause =
          !tail.empty() && std::string_view(",.?!").find(tail.back()) != std::string_view::npos;
      Speaker speaker;
      if (ends_clause) speaker = speaker_after(parts.back().close);
      if (!speaker.found) speaker = speaker_before(parts.front().open);
      if (!speaker.found && !ends_clause) speaker = speaker_after(parts.back().close);
      // A quotation with no attribution of its own continues the previous one in its
      // paragraph ('"...," Ellison said. "..."').
      if (!speaker.found && previous_ &&
          tokens_[previous_->close].paragraph == tokens_[parts.front().open].paragraph)
        speaker = previous_->speaker;
      if (speaker.who) {
        q.speaker = canonical(*speaker.who);
        q.speaker_kind = speaker_kind(speaker.who->kind);
      }
      if (speaker.found && (!speaker.who || speaker.who->kind == Kind::Person))
        last_person_speaker_ = PersonSpeaker{parts.back().close, speaker.who};
      previous_ = Attributed{parts.back().close, speaker};
      out.quotes.push_back(std::move(q));
    }
  }

  // Figures, each with its source: the speaker of the quotation it stands in, or who the
  // sentence attributes it to ("according to X", "X said").
  void find_figures_with_sources(Analysis& out) {
    out.numbers = find_figures(doc_.text, NumberLexicon::embedded());
    for (auto& f : out.numbers) {
      for (std::size_t q = 0; q < out.quotes.size(); ++q)
        for (auto const& s : out.quotes[q].spans)
          if (f.span.begin >= s.begin && f.span.end <= s.end) f.source = out.quotes[q].speaker;
      if (f.source) continue;
      auto it = std::lower_bound(tokens_.begin(), tokens_.end(), f.span.begin,
                                 [](Token const& t, std::size_t at) { return t.end <= at; });
      if (it == tokens_.end()) continue;
      auto at = static_cast<std::size_t>(it - tokens_.begin());
      auto sentence = tokens_[at].sentence;
      std::size_t first = at, last = at;
      while (first > 0 && tokens_[first - 1].sentence == sentence) --first;
      while (last + 1 < tokens_.size() && tokens_[last + 1].sentence == sentence) ++last;
      for (auto k = first; k <= last && !f.source; ++k) {
        Speaker sp;
        if (word(k) && lx_.is(lower(k), "according") && k + 2 <= last && lower(k + 1) == "to")
          sp = speaker_at(k + 2);
        else if (speech_verb(k))
          sp = subject_before(k, first);
        if (sp.who) f.source = canonical(*sp.who);
      }
    }
  }

  Lexicon const& lx_;
  AnalyzerOptions const& options_;
  std::unordered_map<std::string, std::string> const& known_;  // surname -> full name
  Document const& doc_;
  std::vector<Token> tokens_;
  std::vector<std::size_t> owner_;
  std::vector<std::string> folded_;
  std::vector<bool> region_;  // tokens of a region's name ("Horn of Africa")
  std::vector<std::string> lower_;
  std::vector<Mention> mentions_;
  std::map<std::size_t, PhraseKind> country_kind_;
  std::map<int, int> country_ids_;  // lexicon index -> entity
  std::vector<int> country_order_;  // entity -> lexicon index
  std::map<std::string, int> org_ids_;
  std::vector<std::string> org_names_;
  std::map<std::string, int> person_ids_;
  std::vector<PersonDraft> people_;
  std::vector<Single> single_titled_;
  struct PersonSpeaker {
    std::size_t at;
    std::optional<Mention> who;  // empty: an unnamed official
  };
  std::optional<PersonSpeaker> last_person_speaker_;
  struct Attributed {
    std::size_t close;
    Speaker speaker;
  };
  std::optional<Attributed> previous_;
};

}  // namespace

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

Analysis Analyzer::analyze(Document const& doc) const {
  return Reader(lexicon_, options_, known_surnames_, doc).run();
}

}  // namespace dossier::insight
