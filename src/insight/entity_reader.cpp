// The analyzer's entity passes: countries and organizations from the gazetteer, organization
// names and acronyms, people with their roles, short names resolved to the people found, and
// the entities assembled in the order of the text.
#include <algorithm>
#include <map>
#include <set>

#include "insight/reader.hpp"

namespace dossier::insight::reading {

void Reader::join_title_sentences() {
  for (std::size_t i = 1; i + 1 < tokens_.size(); ++i) {
    if (text(i) != "." || !touching(i - 1, i) || !cap(i + 1) || !same_paragraph(i, i + 1) ||
        tokens_[i + 1].sentence == tokens_[i].sentence)
      continue;
    bool title = false;
    for (std::size_t len = 2; len <= lx_.longest_honorific && len <= i + 1 && !title; ++len)
      title = lx_.honorifics.contains(key(i + 1 - len, len));
    if (!title) continue;
    auto joined = tokens_[i + 1].sentence;
    for (auto k = i + 1; k < tokens_.size() && tokens_[k].sentence == joined; ++k)
      tokens_[k].sentence = tokens_[i].sentence;
  }
}

void Reader::find_known_speakers() {
  if (!known_speakers_ || known_speakers_->speakers.empty()) return;
  auto const& index = *known_speakers_;
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    if (owned(i) || !index.first_words.contains(folded_[i])) continue;
    // The longest confirmed name starting here, as whole tokens of one paragraph.
    std::size_t best_len = 0, best = 0;
    std::string k;
    for (std::size_t len = 1; len <= index.longest && i + len <= tokens_.size(); ++len) {
      auto t = i + len - 1;
      if (!same_paragraph(i, t)) break;
      if (len > 1) k += ' ';
      k += folded_[t];
      if (auto it = index.by_key.find(k); it != index.by_key.end()) {
        best_len = len;
        best = it->second;
      }
    }
    if (best_len == 0) continue;
    auto last = i + best_len - 1;
    auto const& known = index.speakers[best];
    if (known.kind == SpeakerKind::Person) {
      add_mention(i, last, Kind::Person, person_entity(known.name));
    } else if (known.kind == SpeakerKind::Organization) {
      add_mention(i, last, Kind::Organization, organization_entity(known.name));
    } else {
      // An institution is nobody's name: its words make no person, and its country words stay
      // free for the country pass ("Ruritanian" in "Ruritanian authorities").
      known_institutions_.push_back({i, last, known.name, known.country});
      for (auto t = i; t <= last; ++t) region_[t] = true;
    }
    i = last;
  }
}

void Reader::find_gazetteer_names() {
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
      // "General Confederation of Labour", "Ministry of Labour": an ambiguous organization name
      // after a capitalised word and "of" ends a longer name, which the organization pass builds.
      if (phrase.ambiguous && phrase.kind == PhraseKind::Organization && i >= 2 && word(i - 1) &&
          lower(i - 1) == "of" && cap(i - 2) && same_paragraph(i - 2, i))
        continue;
      if (phrase.kind == PhraseKind::Capital) {
        if (followed_by_name) continue;
        if (capital_is_place(i)) {
          // The city, not its government: still nobody ("the High Commission in Port Moresby
          // said": no person "Port Moresby").
          if (len > 1)
            for (auto k = i; k <= last; ++k) region_[k] = true;
          continue;
        }
      }
      if (phrase.kind == PhraseKind::Region) {
        // A region is nobody: its words are taken so no name is built from them.
        for (auto k = i; k <= last; ++k) region_[k] = true;
        i = last;
        break;
      }
      if (phrase.kind == PhraseKind::Organization && continues_as_longer_name(last)) continue;
      if (phrase.kind == PhraseKind::Organization) {
        auto const& org = lx_.organizations[static_cast<std::size_t>(phrase.entry)];
        // "the U.S. Africa Command", "the Kenya Red Cross": the home country written before the
        // name, without a possessive, is part of the name as the text gives it.
        auto first = i;
        if (i > 0 && owned(i - 1) && mentions_[owner_[i - 1]].kind == Kind::Country &&
            mentions_[owner_[i - 1]].last == i - 1 && !org.country.empty() &&
            same_paragraph(i - 1, i) &&
            lx_
                    .countries[static_cast<std::size_t>(
                        country_order_[static_cast<std::size_t>(mentions_[owner_[i - 1]].entity)])]
                    .iso2 == org.country)
          first = mentions_[owner_[i - 1]].first;
        add_mention(first, last, Kind::Organization, organization_entity(org.name));
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

void Reader::find_organization_names() {
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    if (!cap(i)) continue;
    if (owned(i) && mentions_[owner_[i]].kind == Kind::Organization) continue;
    // The run: capitalised words, connectors between them, a possessive after a country.
    std::size_t j = i;
    std::size_t end = kNone;
    auto sentence = tokens_[i].sentence;
    while (j < tokens_.size() && same_paragraph(i, j) && tokens_[j].sentence == sentence) {
      if (owned(j) && mentions_[owner_[j]].kind == Kind::Organization) break;
      // A country inside a name is taken whole, with the full stop of "U.S." (after which ICU
      // may end the sentence: "Office of the U.S. Trade Representative").
      if (owned(j) && mentions_[owner_[j]].kind == Kind::Country &&
          mentions_[owner_[j]].first == j && mentions_[owner_[j]].last > j) {
        end = j = mentions_[owner_[j]].last;
        ++j;
        if (cap(j) && same_paragraph(i, j) && !lx_.name_stopwords.contains(std::string(text(j))))
          sentence = tokens_[j].sentence;
        continue;
      }
      if (cap(j)) {
        end = j;
        ++j;
        continue;
      }
      // A hyphenated word inside a name: "Hydro-Meteorological", "Co-operation".
      if (j > i && text(j) == "-" && touching(j - 1, j) && touching(j, j + 1) && cap(j + 1) &&
          !owned(j + 1)) {
        ++j;
        continue;
      }
      if (is_possessive(text(j)) && j > i && owned(j - 1) &&
          mentions_[owner_[j - 1]].kind == Kind::Country && cap(j + 1)) {
        ++j;
        continue;
      }
      // A plural possessive inside a name: "Workers' Party", "People's" is split the same way.
      if (is_possessive(text(j)) && j > i && cap(j - 1) && touching(j - 1, j) && cap(j + 1) &&
          !(owned(j - 1) && mentions_[owner_[j - 1]].kind == Kind::Country)) {
        ++j;
        continue;
      }
      // "and" before a country opens a second name: "Mexico's National Electoral Institute and
      // Nigeria's Independent National Electoral Commission".
      if (word(j) && lower(j) == "and" &&
          ((owned(j + 1) && mentions_[owner_[j + 1]].kind == Kind::Country) ||
           (word(j + 1) && lower(j + 1) == "the")))
        break;
      // Connectors, one or two ("of the"), between capitalised words.
      if (word(j) && lx_.is(lower(j), "connector") && j > i) {
        auto next = j + 1;
        if (word(next) && !cap(next) && lx_.is(lower(next), "connector")) ++next;
        // "the European Commission on Tuesday": a day or a month is no part of a name.
        if (cap(next) && !lx_.name_stopwords.contains(std::string(text(next)))) {
          j = next;
          continue;
        }
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
    // "Chief Darlene Sewap of the Flying Dust First Nation", "Professor Ana Ruiz of the Asan
    // Institute": when nothing before "of" makes a name of an organization ("Bank of", "Court
    // of", "Office of"), the organization is what follows it, and the words before are a person.
    for (auto k = start + 1; k < end; ++k) {
      if (!word(k) || lower(k) != "of") continue;
      bool head_before = false, head_after = false;
      for (auto h = start; h < k; ++h) {
        std::size_t w = 0;
        if (cap(h) && (is_head_at(h, w) || is_prefix_at(h, w))) head_before = true;
      }
      for (auto h = k + 1; h <= end; ++h) {
        std::size_t w = 0;
        if (cap(h) && is_head_at(h, w)) head_after = true;
      }
      if (!head_before && head_after) {
        start = k + 1;
        if (word(start) && lower(start) == "the") ++start;
      }
      break;
    }
    if (start > end || !cap(start)) continue;
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
    // A prefix anywhere in the run takes the rest of it: "National Front for the Liberation
    // of X", "Supreme Court of Pakistan".
    for (auto k = body; k <= end && name_end == kNone; ++k)
      if (cap(k) && is_prefix_at(k, words) && k + words <= end) name_end = end;
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
    // A head followed by "for" or "on" and capitalised words takes them: what the body is for
    // belongs to its name ("Tunisian League for Human Rights", "Assistance Association for
    // Political Prisoners", "Council on Hemispheric Affairs"). "of" does the same unless all
    // that follows is a country ("the Foreign Ministry of Ruritania" stays the ministry).
    if (name_end != kNone && name_end < end && word(name_end + 1)) {
      auto connector = lower(name_end + 1);
      bool country_only = owned(name_end + 2) &&
                          mentions_[owner_[name_end + 2]].kind == Kind::Country &&
                          mentions_[owner_[name_end + 2]].last == end;
      if (connector == "for" || connector == "on" || (connector == "of" && !country_only))
        name_end = end;
    }
    // A mission is named with the country it serves: "UN Assistance Mission in Afghanistan",
    // "EU Training Mission in Mali".
    if (name_end != kNone && name_end == end && text(name_end) == "Mission" && word(name_end + 1) &&
        lower(name_end + 1) == "in" && owned(name_end + 2) &&
        mentions_[owner_[name_end + 2]].kind == Kind::Country &&
        mentions_[owner_[name_end + 2]].first == name_end + 2 &&
        same_paragraph(name_end, name_end + 2))
      name_end = end = mentions_[owner_[name_end + 2]].last;
    // A company word anywhere in the run makes the whole run a company ("Kyushu Electric Power",
    // "Aerolíneas Argentinas"), unless a title follows the word ("Energy Minister") or the text
    // gives the run a person's role ("Ana Power, the ambassador").
    if (name_end == kNone) {
      bool company = false, titled = false;
      for (auto k = body; k <= end; ++k) {
        bool is_role = false;
        if (is_company_word(k)) company = true;
        if (cap(k) && title_at(k, end, is_role) > 0) titled = true;
      }
      company = company && !titled;
      if (company && !role_around(body, end)) name_end = end;
    }
    // A descriptor noun next to the run says it is an organization, even one word long: "state
    // broadcaster RTB", "rights group OVD-Info", "the INDEC statistics agency".
    std::optional<std::string> descriptor;
    if (name_end == kNone) descriptor = described_as_organization(body, end);
    bool described = descriptor.has_value();
    if (described) name_end = end;
    if (name_end == kNone || (name_end == body && !country_mention && !described)) {
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
    // "Germany's Hapag-Lloyd": a company's own name does not take its country's.
    if (described) country_mention.reset();
    if (country_mention && body == mentions_[*country_mention].last + 1) {
      // No possessive: the country word is part of the name as written ("Kenya Red Cross",
      // "Nepal Army", "U.S. Africa Command"); a demonym stays the demonym ("Canadian Red Cross").
      name = span_text(mentions_[*country_mention].first, name_end);
    } else if (country_mention) {
      auto const& c = lx_.countries[static_cast<std::size_t>(
          country_order_[static_cast<std::size_t>(mentions_[*country_mention].entity)])];
      name = (c.adjective.empty() ? c.name : c.adjective) + " " + name;
    }
    auto first = country_mention ? mentions_[*country_mention].first : body;
    // A body of an organization named after it: "African Union Support and Stabilization
    // Mission", "UN Support Mission in Libya", "IAEA Board of Governors". The parent's mention
    // grows into the body's whole name.
    if (!country_mention && body == start && body > 0 && owned(body - 1) &&
        mentions_[owner_[body - 1]].kind == Kind::Organization &&
        mentions_[owner_[body - 1]].last == body - 1 && same_paragraph(body - 1, body) &&
        tokens_[body - 1].sentence == tokens_[body].sentence) {
      auto parent = owner_[body - 1];
      auto& m = mentions_[parent];
      name = span_text(m.first, name_end);
      m.last = name_end;
      m.entity = organization_entity(name);
      for (auto k = body; k <= name_end; ++k)
        if (!owned(k) || mentions_[owner_[k]].kind == Kind::Country) owner_[k] = parent;
      i = name_end;
      continue;
    }
    add_mention(first, name_end, Kind::Organization, organization_entity(shortened_from(name)),
                false);
    if (descriptor) org_descriptor_[mentions_.back().entity] = *descriptor;
    for (auto k = body; k <= name_end; ++k)
      if (!owned(k)) owner_[k] = mentions_.size() - 1;
    i = name_end;
  }
}

std::optional<std::string> Reader::described_as_organization(std::size_t first,
                                                             std::size_t last) const {
  // A title or role in the run makes it a person ("company Chief Executive Ana Ruiz").
  for (auto k = first; k <= last; ++k) {
    bool is_role = false;
    if (cap(k) && title_at(k, last, is_role) > 0) return std::nullopt;
  }
  if (first > 0 && word(first - 1) && !tokens_[first - 1].capitalized &&
      lx_.is(lower(first - 1), "descriptor") && same_paragraph(first - 1, first))
    return lower(first - 1);
  // An acronym or a hyphenated brand as the subject of a speech verb ("RTB said", "Hapag-Lloyd
  // said in a statement"): people are neither.
  bool brand = first == last ? all_capitals(first)
                             : (last == first + 2 && text(first + 1) == "-" &&
                                touching(first, first + 1) && touching(first + 1, last));
  // An acronym the text spells out ("National Oil Corporation (NOC)") or the gazetteer knows is
  // left to those passes.
  if (brand && first == last) {
    if (lx_.phrases.contains(folded_[first])) return std::nullopt;
    for (std::size_t k = 1; k + 1 < tokens_.size(); ++k)
      if (text(k - 1) == "(" && text(k + 1) == ")" && text(k) == text(first)) return std::nullopt;
  }
  // After the run, "the" before it: one or two lower-case words, the last a descriptor ("the
  // INDEC statistics agency"); only for such a brand ("the Islamist group" is no name).
  if (brand && first > 0 && word(first - 1) && lower(first - 1) == "the")
    for (auto k = last + 1; k <= last + kDescriptorWindow && word(k) && !tokens_[k].capitalized &&
                            same_paragraph(first, k);
         ++k)
      if (lx_.is(lower(k), "descriptor")) return lower(k);
  if (brand && speech_verb(last + 1)) return std::string();
  return std::nullopt;
}

std::string Reader::shortened_from(std::string const& name) const {
  for (auto const& longer : org_names_) {
    if (longer.size() <= name.size() + 1 || !longer.starts_with(name) || longer[name.size()] != ' ')
      continue;
    auto next = longer.substr(name.size() + 1, longer.find(' ', name.size() + 1) - name.size() - 1);
    if (lx_.is(to_lower(next), "connector")) return longer;
  }
  return name;
}

void Reader::find_acronyms() {
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

std::size_t Reader::title_at(std::size_t i, std::size_t limit, bool& is_role) const {
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

std::optional<std::string> Reader::role_after(std::size_t last) const {
  auto i = last + 1;
  if (i >= tokens_.size() || text(i) != "," || !same_paragraph(last, i)) return std::nullopt;
  ++i;
  if (word(i) && lx_.is(lower(i), "determiner")) ++i;
  auto start = i;
  bool has_role = false;
  std::size_t stop = start;
  for (; stop < tokens_.size() && stop < start + kAppositionWindow; ++stop) {
    auto t = text(stop);
    if (t == "," || t == "." || t == ";" || t == ":" || is_opening_mark(t) || is_closing_mark(t) ||
        !same_paragraph(last, stop))
      break;
    if (role_word(stop)) has_role = true;
    if (speech_verb(stop)) return std::nullopt;
  }
  if (!has_role || stop == start) return std::nullopt;
  return span_text(start, stop - 1);
}

std::optional<std::string> Reader::role_before(std::size_t first) const {
  if (first < 2 || text(first - 1) != ",") return std::nullopt;
  auto end = first - 2;
  std::size_t start = end;
  bool has_role = false;
  for (std::size_t n = 0; n < kAppositionWindow; ++n) {
    auto t = text(start);
    if (t == "," || t == "." || t == ";" || t == ":" || is_closing_mark(t) || is_opening_mark(t) ||
        !same_paragraph(start, first)) {
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

// The run of a name that may start at token i: capitalised words, "Mr." abbreviations, particles
// and hyphens inside names, role words such as "of" in "Secretary of State". Returns its last
// token.
std::size_t Reader::name_run_end(std::size_t i) const {
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
  return end;
}

// The person a name run [i, end] may name: the name without its titles, its role and whether
// anything says it is a person; nullopt when the run names nobody.
std::optional<Reader::PersonCandidate> Reader::person_candidate(std::size_t i,
                                                                std::size_t end) const {
  std::size_t start = i;
  // A headline's words in capitals ("STRIKE AGAINST AUSTERITY") are nobody's name.
  {
    bool all_caps = true, any = false;
    for (auto k = i; k <= end; ++k)
      if (cap(k)) {
        any = true;
        if (!all_capitals(k)) all_caps = false;
      }
    if (any && all_caps) return std::nullopt;
  }
  // Sentence words and the full stop of an abbreviation among them ("Dr." is both).
  while (start <= end && (lx_.name_stopwords.contains(std::string(text(start))) || !word(start)))
    ++start;
  // Titles before the name: "Deputy Foreign Minister", "Mr.", "Lt. Gen.".
  // A run that is a title and nothing else ("the High Representative said") names nobody.
  {
    bool is_role = false;
    if (start <= end && title_at(start, end, is_role) == end - start + 1) return std::nullopt;
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
    // "State Minister of Finance Ranjith Wickramanayake": the portfolio after "of" belongs to the
    // title, and the name is its last two capitalised words.
    if (start <= end && word(start) && !tokens_[start].capitalized &&
        (lower(start) == "of" || lower(start) == "for")) {
      std::size_t caps = 0;
      for (auto k = start + 1; k <= end; ++k)
        if (cap(k)) ++caps;
      if (caps > 2) {
        auto k = start + 1;
        for (; k <= end && caps > 2; ++k)
          if (cap(k)) --caps;
        while (k <= end && !cap(k)) ++k;
        title_last = k - 1;
        start = k;
      }
    }
  }
  std::size_t stop = end;
  while (stop >= start && stop != kNone && lx_.name_stopwords.contains(std::string(text(stop)))) {
    if (stop == 0) break;
    --stop;
  }
  if (start > stop || stop == kNone) return std::nullopt;
  // Names are at most a few words; longer runs are titles of things.
  std::size_t words = 0;
  for (auto k = start; k <= stop; ++k)
    if (cap(k)) ++words;
  if (words == 0 || words > kMaxNameWords) return std::nullopt;
  // A head word or a place word makes the run a body or a place ("Cape of Good Hope", "State
  // House"); a company word too, unless the text gives the run a role.
  bool any_head = false, company = false;
  std::size_t groups = 0;  // words apart from hyphens: "Hapag-Lloyd" is one
  for (auto k = start; k <= stop; ++k) {
    std::size_t w = 0;
    if (cap(k) && (is_head_at(k, w) || is_place_word(k))) any_head = true;
    if (is_company_word(k)) company = true;
    if (word(k) && (k == start || !touching(k - 1, k))) ++groups;
  }
  if (any_head) return std::nullopt;
  PersonCandidate c{start, stop, std::nullopt, false, title_last != kNone};
  if (title_last != kNone) {
    c.evidence = true;
    if (titled_role) c.role = span_text(title_first, title_last);
  }
  if (!c.role) c.role = role_around(start, stop);
  if (c.role || person_evidence(start, stop)) c.evidence = true;
  if (company && !c.role) return std::nullopt;
  // One word is a name only with strong signs: a title ("President Ruto") or a speech verb
  // before it and a description after it ('said Nadège, a market trader'). A hyphenated brand
  // ("Hapag-Lloyd") is one word.
  if (groups == 1 && title_last == kNone) {
    bool said_before = start > 0 && speech_verb(start - 1);
    if (!(said_before && role_after(stop))) return std::nullopt;
    c.titled = true;  // kept as a one-word name below
  }
  return c;
}

// A role written around a name: lower-case role words just before it, a description after it,
// or a role before it.
std::optional<std::string> Reader::role_around(std::size_t start, std::size_t stop) const {
  // "Kenyan police commander Joseph Kiprono", "China Coast Guard spokesman Liu Dekai".
  for (std::size_t len = std::min<std::size_t>(lx_.longest_role, start); len >= 1; --len) {
    auto from = start - len;
    if (tokens_[from].capitalized || !word(from)) continue;
    if (lx_.roles.contains(to_lower(key(from, len)))) return span_text(from, start - 1);
  }
  if (auto role = role_after(stop)) return role;
  return role_before(start);
}

// Signs in the text that a name is a person's: a speech verb, a role after a possessive, an
// age, "who", or a description followed by a speech verb.
bool Reader::person_evidence(std::size_t start, std::size_t stop) const {
  if (speech_verb(stop + 1) || (start > 0 && speech_verb(start - 1) && !sentence_start(start)))
    return true;
  if (stop + 2 < tokens_.size() && is_possessive(text(stop + 1)) && role_word(stop + 2))
    return true;
  if (stop + 3 < tokens_.size() && text(stop + 1) == "," &&
      tokens_[stop + 2].kind == TokenKind::Number && text(stop + 3) == ",")
    return true;  // an age: "Ocampo, 54,"
  // ", who leads the mission,": only people are "who".
  if (stop + 2 < tokens_.size() && text(stop + 1) == "," && word(stop + 2) &&
      lower(stop + 2) == "who")
    return true;
  // "Grace Achieng, a health specialist with UNICEF, said": a name, a description, a verb.
  if (stop + 1 < tokens_.size() && text(stop + 1) == ",") {
    for (auto k = stop + 2; k < tokens_.size() && k < stop + 2 + kAppositionWindow; ++k) {
      if (sentence_end(k) || !same_paragraph(stop, k)) break;
      if (text(k) == ",") {
        if (speech_verb(k + 1)) return true;
        break;
      }
    }
  }
  return false;
}

void Reader::find_people() {
  std::vector<PersonCandidate> candidates;
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    if (!cap(i) || owned(i) || region_[i]) continue;
    auto end = name_run_end(i);
    if (auto c = person_candidate(i, end)) candidates.push_back(*c);
    i = end;
  }
  // A multi-word name without a sign of its own counts when its last word recurs alone.
  auto recurs_alone = [&](PersonCandidate const& c) {
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
      people_[static_cast<std::size_t>(id)].role = name_the_country(*c.role, c.first);
    add_mention(c.first, c.last, Kind::Person, id);
  }
  // One-word names after a title ("President Adeyemi") wait for the full names above.
  for (auto const& c : candidates) {
    if (c.first != c.last || owned(c.first) || !c.titled) continue;
    single_titled_.push_back({c.first, c.role, c.evidence});
  }
}

std::string Reader::name_the_country(std::string const& role, std::size_t at) const {
  auto folded = fold_apostrophes(role);
  std::size_t words = 0;
  for (std::string_view opening : {"the country's ", "country's ", "the nation's ", "nation's "})
    if (folded.starts_with(opening)) {
      words = opening.starts_with("the") ? 2 : 1;
      break;
    }
  if (words == 0) return role;
  std::optional<Mention> country;
  for (auto const& m : mentions_)
    if (m.kind == Kind::Country && m.last < at && (!country || m.last > country->last)) country = m;
  if (!country) return role;
  // The role's text after "the country" and its possessive ("'s" or "’s"), kept as written.
  auto skip = words == 2 ? role.find(' ') + 1 : 0;
  auto rest = role.find(' ', skip);
  if (rest == std::string::npos) return role;
  return canonical(*country) + "'s" + role.substr(rest);
}

void Reader::resolve_short_names() {
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

void Reader::assemble_entities(Analysis& out) {
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

}  // namespace dossier::insight::reading
