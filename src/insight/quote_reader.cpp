// The analyzer's quotation passes: quotations and who said them (named, "he" or "she", an
// organization or a country, "according to"), and figures with who claims them.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "insight/reader.hpp"

namespace dossier::insight::reading {

namespace {

// Documents a body issues, whose words are the body's: "a statement from the presidency said".
constexpr std::string_view kStatementWords[] = {"statement",   "communique", "communiqué",
                                                "declaration", "letter",     "message"};

// Words between a subject and its speech verb that are not part of the subject: "Kelvara has
// said", "the agency also said".
constexpr std::string_view kBetweenSubjectAndVerb[] = {"has",   "have",  "had",     "also",
                                                       "later", "again", "earlier", "previously"};
// Descriptive words a name runs over at most: "Shipping group Norvexa", "The KTRA transport
// agency".
constexpr std::size_t kMaxDescriptorWords = 2;
constexpr std::size_t kMaxSubjectNameWords = 6;

std::string capitalized(std::string word) {
  if (!word.empty()) word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
  return word;
}

}  // namespace

bool Reader::speech_verb_follows(std::size_t i) const {
  auto k = i + 1;
  while (word(k) && std::find(std::begin(kBetweenSubjectAndVerb), std::end(kBetweenSubjectAndVerb),
                              lower(k)) != std::end(kBetweenSubjectAndVerb))
    ++k;
  return speech_verb(k);
}

std::optional<Mention> Reader::country_in_capitals(std::size_t i) const {
  if (owned(i) || !in_capitals(i)) return std::nullopt;
  // "MOSCOW CLAIMS ...", "SOUTH KOREA SAYS ...": the name as the gazetteer writes it.
  for (std::size_t len = 2; len >= 1; --len) {
    if (i + 1 < len) continue;
    auto first = i + 1 - len;
    std::string name;
    bool words = true;
    for (auto k = first; k <= i && words; ++k) {
      words = word(k);
      if (!words) break;
      auto w = to_lower(std::string(text(k)));
      w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
      name += (name.empty() ? "" : " ") + w;
    }
    if (!words) continue;
    auto phrase = lx_.phrases.find(name);
    if (phrase == lx_.phrases.end() || phrase->second.ambiguous ||
        !(phrase->second.kind == PhraseKind::CountryName ||
          phrase->second.kind == PhraseKind::Capital))
      continue;
    auto entity = country_ids_.find(phrase->second.entry);
    if (entity == country_ids_.end()) return std::nullopt;  // not a country of the article
    for (auto const& m : mentions_)
      if (m.kind == Kind::Country && m.entity == entity->second) return m;
  }
  return std::nullopt;
}

Reader::Speaker Reader::speaker_at(std::size_t i) const {
  if (i >= tokens_.size()) return {};
  // A headline in capitals names a country the article names again in running text.
  if (auto m = country_in_capitals(i)) return {true, m};
  // An institution before the mentions: "the Chadian authorities" speak, not Chad.
  if (i < institution_of_.size() && institution_of_[i] != kNone) return institution_at(i);
  // "Tunisia's Foreign Ministry": the organization, not the country in its name.
  for (auto const& m : mentions_)
    if (m.kind == Kind::Organization && m.first <= i && i <= m.last &&
        !(m.first == i && m.last == i) && mention_at(i) && mention_at(i)->kind == Kind::Country)
      return {true, m};
  if (auto m = mention_at(i)) {
    // "Chad's defence minister", "Chinese officials": a role or people of the country or
    // organization, not the country or organization itself.
    if (m->kind != Kind::Person) {
      auto after = m->last + 1;
      if (after < tokens_.size() && is_possessive(text(after))) ++after;
      if (auto sp = role_noun_at(after - 1); sp.found) return sp;
      if (unnamed_people_at(after)) return {true, std::nullopt};
      // "Yemen's Houthi movement was defiant:": the organization the country's possessive
      // introduces, not the country.
      if (m->kind == Kind::Country && after > m->last + 1)
        if (auto org = mention_at(after);
            org && org->first == after && org->kind == Kind::Organization)
          return {true, org};
    }
    // "an ASEAN diplomat", "a senior UK official": an unnamed person. The article must open
    // the name's own noun phrase: in "a statement from Doctors Without Borders" it opens the
    // document's, and the body after the preposition speaks.
    if (m->kind != Kind::Person) {
      for (std::size_t back = 1; back <= 3 && m->first >= back; ++back) {
        auto b = m->first - back;
        if (!word(b) || lx_.is(lower(b), "preposition")) break;
        if (lx_.is(lower(b), "indefinite")) return {true, std::nullopt};
      }
    }
    return {true, m};
  }
  if (word(i) && lx_.is(lower(i), "he")) return last_person_before(i);
  // '"...," it said': the institution, organization or country that spoke last.
  if (word(i) && lower(i) == "it" && previous_body_ && previous_body_->close < i && i > 0 &&
      (is_closing_mark(text(i - 1)) ||
       (text(i - 1) == "," && i > 1 && is_closing_mark(text(i - 2)))))
    return previous_body_->speaker;
  // "the ministry said", "a ministry statement said": the organization named before; "a
  // ministry official": an unnamed person.
  if (word(i) && (lower(i) == "the" || lx_.is(lower(i), "indefinite")) && word(i + 1) &&
      !tokens_[i + 1].capitalized) {
    auto head = std::string(text(i + 1));
    head[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(head[0])));
    // "the coast guard said": a head of two words.
    if (word(i + 2) && !tokens_[i + 2].capitalized) {
      auto second = std::string(text(i + 2));
      second[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(second[0])));
      if (lx_.org_heads.contains(head + " " + second) && !role_word(i + 3))
        return organization_referent(i, to_lower(head + " " + second));
    }
    if (lx_.org_heads.contains(head)) {
      // "a ministry official" names no one; "the commission president" is who was given
      // that role.
      if (role_word(i + 2)) {
        if (lower(i) == "the")
          if (auto sp = role_noun_at(i); sp.found && sp.who) return sp;
        return {true, std::nullopt};
      }
      return organization_referent(i, to_lower(head));
    }
    // "the paramilitary group said", "the ruling party said", "the state oil company said":
    // lower-case words describing the head noun of an organization named before.
    for (std::size_t m = 1; m <= kMaxDescriptorWords; ++m) {
      auto h = i + 1 + m;
      if (!word(h) || tokens_[h].capitalized || role_word(i + 1 + m - 1)) break;
      if (lx_.org_heads.contains(capitalized(lower(h))) && speech_verb_follows(h)) {
        if (role_word(h + 1)) return {true, std::nullopt};
        return organization_referent(i, lower(h));
      }
    }
  }
  if (word(i) && lower(i) == "the")
    if (auto sp = role_noun_at(i); sp.found) return sp;
  // "A statement from the presidency said ... \"...,\" the statement said": who spoke last,
  // nearby.
  if (word(i) && lower(i) == "the" && word(i + 1) && institution_of_[i + 1] == kNone &&
      std::find(std::begin(kStatementWords), std::end(kStatementWords), lower(i + 1)) !=
          std::end(kStatementWords) &&
      speech_verb(i + 2) && previous_ && previous_->speaker.found &&
      tokens_[previous_->close].paragraph + 1 >= tokens_[i].paragraph)
    return previous_->speaker;
  if (word(i) && lx_.is(lower(i), "indefinite") && role_word_near(i)) return {true, std::nullopt};
  return {};
}

bool Reader::unnamed_people_at(std::size_t i) const {
  return word(i) && (lx_.unnamed_people.contains(lower(i)) || role_word(i));
}

Reader::Speaker Reader::role_noun_at(std::size_t i) const {
  // The role starts after token i (an article, a country's name or its possessive), or after
  // lower-case words describing it ("the commission president", "the veteran envoy").
  auto start = i + 1;
  std::size_t words = 0;
  for (std::size_t skipped = 0; skipped <= kMaxDescriptorWords && words == 0; ++skipped) {
    start = i + 1 + skipped;
    if (skipped > 0 && (!word(start - 1) || tokens_[start - 1].capitalized)) return {};
    for (auto len = std::min(lx_.longest_role, tokens_.size() - std::min(start, tokens_.size()));
         len >= 1; --len) {
      bool all_words = true;
      for (auto k = start; k < start + len; ++k) all_words = all_words && word(k);
      if (all_words && lx_.roles.contains(to_lower(key(start, len)))) {
        words = len;
        break;
      }
    }
    // Only a role standing as a subject: "the commission president said".
    if (words > 0 && skipped > 0 && !speech_verb_follows(start + words - 1)) words = 0;
  }
  if (words == 0) return {};
  auto after = start + words;
  // "the president's office", "the minister Jan Kowal": not a role speaking alone.
  if (after < tokens_.size() && (is_possessive(text(after)) || mention_at(after))) return {};
  auto role = to_lower(key(start, words));
  auto head = to_lower(std::string(text(start + words - 1)));
  std::optional<Mention> best;
  int best_fit = 0;
  for (auto const& m : mentions_) {
    if (m.kind != Kind::Person || m.last >= i) continue;
    auto const& given = people_[static_cast<std::size_t>(m.entity)].role;
    if (!given) continue;
    auto g = to_lower(*given);
    int fit = g.find(role) != std::string::npos ? 2 : g.find(head) != std::string::npos ? 1 : 0;
    if (fit == 0) continue;
    if (!best || fit > best_fit || (fit == best_fit && m.last > best->last)) {
      best = m;
      best_fit = fit;
    }
  }
  return {true, best};
}

Reader::Speaker Reader::institution_at(std::size_t i) const {
  auto const& inst = institutions_[institution_of_[i]];
  if (inst.unnamed) return {true, std::nullopt};
  // "the ministry", "the embassy" alone: the organization of that kind named before, even when
  // the article gave a fuller form earlier ("Russian central bank" in the headline, then "The
  // Bank of Russia ... the central bank said").
  if (to_lower(span_text(inst.first, inst.last)) == inst.head) {
    if (auto org = last_organization_like(inst.first, inst.head)) return {true, org};
    // "Malacañang said ... \"...,\" the palace said": a name that spoke earlier in the paragraph.
    for (auto n = institutions_.size(); n-- > 0;)
      if (institutions_[n].named_subject && !institutions_[n].person &&
          institutions_[n].last < inst.first && same_paragraph(institutions_[n].last, inst.first))
        return {true, std::nullopt, n};
  }
  return {true, std::nullopt, institution_of_[i]};
}

void Reader::find_institutions() {
  institution_of_.assign(tokens_.size(), kNone);
  auto add = [&](Institution inst) {
    for (auto k = inst.first; k <= inst.last; ++k) institution_of_[k] = institutions_.size();
    institutions_.push_back(std::move(inst));
  };
  auto lower_key = [&](std::size_t first, std::size_t len) { return to_lower(key(first, len)); };
  // Institutions editors confirmed, where the text names them exactly (the entity pass found
  // them: known_institution_at).
  for (auto const& known : known_institutions_) {
    if (institution_of_[known.first] != kNone) continue;
    add({known.first, known.last, known.name, lower(known.last), known.country, false});
  }
  // "The president's office said", "the speaker's office said": the office of a role no one is
  // named for, as written.
  for (std::size_t j = 1; j + 1 < tokens_.size(); ++j) {
    if (!is_possessive(text(j)) || !word(j + 1) || lower(j + 1) != "office" ||
        tokens_[j + 1].capitalized || !role_word(j - 1) || institution_of_[j - 1] != kNone ||
        mention_at(j - 1))
      continue;
    auto first = j - 1;
    // "the prime minister's office": the whole role.
    while (first > 0 && word(first - 1) && !mention_at(first - 1) &&
           tokens_[first - 1].sentence == tokens_[j].sentence &&
           (role_word(first - 1) || lx_.roles.contains(to_lower(key(first - 1, j - first + 1)))))
      --first;
    add({first, j + 1, span_text(first, j + 1), "office", std::nullopt, false});
  }
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    if (!word(i) || institution_of_[i] != kNone || !lx_.institution_first_words.contains(lower(i)))
      continue;
    std::size_t words = 0;
    for (auto len = std::min(lx_.longest_institution_head, tokens_.size() - i); len >= 1; --len) {
      if (lx_.institution_heads.contains(lower_key(i, len))) {
        words = len;
        break;
      }
    }
    if (words == 0) continue;
    auto last = i + words - 1;
    // "military junta", "federal government": the head is the last word, the first modifies it.
    if (word(last + 1) && lx_.institution_heads.contains(lower(last + 1)) &&
        lx_.institution_modifiers.contains(lower_key(i, words)))
      continue;
    bool entity = false;  // part of an organization or a person the entity pass found
    for (auto k = i; k <= last; ++k)
      if (auto m = mention_at(k); m && m->kind != Kind::Country) entity = true;
    // "the Chinese state news agency Xinhua said", "the state broadcaster RTS": a description
    // of the organization named right after it, which is the speaker.
    if (auto m = mention_at(last + 1); m && m->first == last + 1 && m->kind == Kind::Organization)
      entity = true;
    if (entity) {
      i = last;
      continue;
    }
    // Words before the head that belong to its name: modifiers ("interim", "state-run"), a
    // country ("the Chadian authorities", "Mali's junta") or an organization ("Houthi").
    auto first = i;
    std::optional<std::string> iso2;
    while (first > 0 && same_paragraph(first - 1, first) &&
           tokens_[first - 1].sentence == tokens_[first].sentence) {
      auto p = first - 1;
      if (word(p) && lx_.institution_modifiers.contains(lower(p))) {
        first = p;
        continue;
      }
      if (text(p) == "-" && p > 0 && word(p - 1) && touching(p - 1, p) && touching(p, first)) {
        first = p - 1;
        continue;
      }
      if (is_possessive(text(p)) && p > 0) p = p - 1;
      if (auto m = mention_at(p);
          m && m->last == p && (m->kind == Kind::Country || m->kind == Kind::Organization)) {
        first = m->first;
        iso2 = country_in(m->first, m->last);
      } else if (!tokens_[i].capitalized && cap(p) && !owned(p) &&
                 !lx_.name_stopwords.contains(std::string(text(p))) && !role_word(p)) {
        // "the Tripoli government", "the Taliban authorities": a place or movement before a head
        // in running text (lower case, unlike a headline's "NIGER JUNTA").
        first = p;
      }
      break;
    }
    // "the region's economic development ministry said": lower-case words naming a ministry's
    // portfolio, between a determiner or possessive and the head, are part of its name.
    if (first == i && lower(last) == "ministry") {
      for (std::size_t n = 1; n <= kMaxDescriptorWords && i >= n + 1; ++n) {
        auto w = i - n;
        if (!word(w) || tokens_[w].capitalized || speech_verb(w) ||
            lx_.is(lower(w), "preposition") || lx_.is(lower(w), "determiner") ||
            lx_.is(lower(w), "indefinite") || lower(w) == "the")
          break;
        auto d = w - 1;
        if (is_possessive(text(d)) ||
            (word(d) && (lower(d) == "the" || lx_.is(lower(d), "determiner") ||
                         lx_.is(lower(d), "indefinite")))) {
          first = w;
          break;
        }
      }
    }
    Institution inst{first, last, span_text(first, last), lower_key(i, words), iso2, false};
    inst.unnamed = unnamed_people_at(last + 1);
    if (first == i) {
      // "the military" after "the Chadian military": the fullest form the article gave.
      for (auto it = institutions_.rbegin(); it != institutions_.rend(); ++it) {
        if (it->head != inst.head || to_lower(it->name) == it->head || it->unnamed) continue;
        inst.name = it->name;
        inst.iso2 = it->iso2;
        break;
      }
    }
    add(std::move(inst));
    i = last;
  }
}

bool Reader::looks_like_a_name(std::size_t first, std::size_t last) const {
  if (first != last) return true;
  // One word at the start of a sentence may be any word ("Rescuers said"): a name is written in
  // capitals (an acronym), has a capital inside or a letter beyond ASCII ("PetroChina",
  // "Petroperú"), or is capitalised elsewhere in the text where a sentence does not start.
  auto t = text(first);
  bool upper = t.size() >= 2, inner_capital = false, beyond_ascii = false;
  for (std::size_t c = 0; c < t.size(); ++c) {
    auto ch = static_cast<unsigned char>(t[c]);
    if (ch >= 0x80) beyond_ascii = true;
    if (std::islower(ch)) upper = false;
    if (c > 0 && std::isupper(ch)) inner_capital = true;
  }
  if (upper || inner_capital || beyond_ascii) return true;
  for (std::size_t k = 0; k < tokens_.size(); ++k) {
    if (k == first || !word(k)) continue;
    if (lower(k) == lower(first) && !tokens_[k].capitalized) return false;  // a common word
  }
  for (std::size_t k = 0; k < tokens_.size(); ++k)
    if (k != first && text(k) == t && !sentence_start(k)) return true;
  return false;
}

std::optional<std::pair<std::size_t, std::size_t>> Reader::unknown_name_before(
    std::size_t verb) const {
  auto e = verb;
  while (e > 0 && word(e - 1) &&
         std::find(std::begin(kBetweenSubjectAndVerb), std::end(kBetweenSubjectAndVerb),
                   lower(e - 1)) != std::end(kBetweenSubjectAndVerb))
    --e;
  // "Kelvara, which runs the two largest terminals, said": skip the relative clause.
  if (e > 0 && text(e - 1) == ",") {
    auto c = e - 1;
    while (c > 0 && text(c - 1) != "," && tokens_[c - 1].sentence == tokens_[verb].sentence) --c;
    if (c == 0 || text(c - 1) != ",") return std::nullopt;
    if (!(lower(c) == "which" || lower(c) == "whose" || lx_.is(lower(c), "indefinite")))
      return std::nullopt;
    e = c - 1;
  }
  if (e == 0) return std::nullopt;
  // "The KTRA transport agency": descriptive words after the name, the last a head noun.
  auto last = e - 1;
  std::size_t described = 0;
  if (word(last) && !tokens_[last].capitalized && lx_.org_heads.contains(capitalized(lower(last))))
    while (described < kMaxDescriptorWords && word(last) && !tokens_[last].capitalized) {
      --last;
      ++described;
    }
  if (!cap(last) || owned(last) || in_quote_[last]) return std::nullopt;
  auto first = last;
  while (first > 0 && last - first + 1 < kMaxSubjectNameWords &&
         tokens_[first - 1].sentence == tokens_[last].sentence &&
         (cap(first - 1) || (text(first - 1) == "-" && touching(first - 1, first))) &&
         !lx_.name_stopwords.contains(std::string(text(first - 1))))
    --first;
  while (first <= last && lx_.name_stopwords.contains(std::string(text(first)))) ++first;
  if (first > last || !cap(first)) return std::nullopt;
  for (auto k = first; k <= last; ++k)
    if (auto m = mention_at(k); (m && m->kind != Kind::Country) || institution_of_[k] != kNone)
      return std::nullopt;
  // A title opens a person's name ("Prime Minister X"), not an organization's.
  if (role_word(first) || lx_.honorifics.contains(std::string(text(first)))) return std::nullopt;
  // Where a subject stands: the sentence's start, after "The" there, or after a descriptive
  // noun ("Shipping group Norvexa", "state oil company Petroperú").
  bool at_start = sentence_start(first) ||
                  (word(first - 1) && lower(first - 1) == "the" && sentence_start(first - 1));
  bool described_before = first > 0 && word(first - 1) && !tokens_[first - 1].capitalized &&
                          lx_.org_heads.contains(capitalized(lower(first - 1)));
  if (!at_start && !described_before) return std::nullopt;
  if (!described_before && described == 0 && !looks_like_a_name(first, last)) return std::nullopt;
  return std::pair{first, last};
}

void Reader::find_named_subjects() {
  for (std::size_t k = 0; k < tokens_.size(); ++k) {
    if (in_quote_[k]) continue;
    // '"...," said a bus driver who gave only his first name, Diego.': the name after "first
    // name," (wire copy's way of naming a witness by first name only).
    if (k >= 1 && word(k) && lower(k) == "name" && lower(k - 1) == "first" &&
        k + 2 < tokens_.size() && text(k + 1) == "," && cap(k + 2) &&
        !lx_.name_stopwords.contains(std::string(text(k + 2))) && institution_of_[k + 2] == kNone) {
      auto n = k + 2;
      auto m = mention_at(n);
      if (!m || m->kind == Kind::Person) {
        auto last = m ? m->last : n;
        Institution inst{n, last, span_text(n, last), lower(last), std::nullopt, false};
        inst.person = true;
        inst.first_name_given = true;
        for (auto t = n; t <= last; ++t) institution_of_[t] = institutions_.size();
        institutions_.push_back(std::move(inst));
      }
    }
    if (!speech_verb(k)) continue;
    // "One nurse said", "A farmer said": an unnamed individual speaks.
    for (std::size_t back = 2; back <= 3 && back <= k; ++back) {
      auto s = k - back;
      if (!(lx_.is(lower(s), "indefinite") || lower(s) == "one") ||
          !(sentence_start(s) || text(s - 1) == ","))
        continue;
      bool plain = true;
      for (auto w = s + 1; w < k; ++w) plain = plain && word(w) && !tokens_[w].capitalized;
      if (plain) unnamed_subjects_.push_back(k);
      break;
    }
    if (auto name = unknown_name_before(k)) {
      auto [first, last] = *name;
      auto head = lower(last);
      // The descriptive noun after the name is its kind ("The KTRA transport agency").
      for (auto d = last + 1; d < k && word(d) && !tokens_[d].capitalized; ++d)
        if (lx_.org_heads.contains(capitalized(lower(d)))) head = lower(d);
      Institution inst{first, last, span_text(first, last), head, country_in(first, last), false};
      inst.named_subject = true;
      for (auto t = first; t <= last; ++t) institution_of_[t] = institutions_.size();
      institutions_.push_back(std::move(inst));
    }
    // '"...," said Amina, a trader at the market': a first name the entity pass did not know.
    auto n = k + 1;
    bool after_quotation = k > 0 && (is_closing_mark(text(k - 1)) ||
                                     (k > 1 && text(k - 1) == "," && is_closing_mark(text(k - 2))));
    if (after_quotation && cap(n) && !owned(n) && institution_of_[n] == kNone &&
        !lx_.name_stopwords.contains(std::string(text(n))) && n + 2 < tokens_.size() &&
        text(n + 1) == "," && lx_.is(lower(n + 2), "indefinite")) {
      Institution inst{n, n, std::string(text(n)), lower(n), std::nullopt, false};
      inst.person = true;
      institution_of_[n] = institutions_.size();
      institutions_.push_back(std::move(inst));
    }
  }
}

bool Reader::of_kind(std::string const& name, std::string const& head) const {
  // The head nouns wire copy uses for an organization already named, and the gazetteer types
  // (organizations.tsv) each may stand for.
  static std::multimap<std::string_view, std::string_view> const kHeadTypes = {
      {"party", "party"},      {"group", "military"},     {"group", "ngo"},
      {"militia", "military"}, {"movement", "military"},  {"company", "company"},
      {"agency", "agency"},    {"agency", "news_agency"}, {"ministry", "ministry"},
      {"court", "court"},      {"organisation", "ngo"},   {"organization", "ngo"}};
  // "The Bank of Russia ... the central bank said", "the Federal Reserve": a bank or reserve
  // the gazetteer types as an agency (central banks are filed there).
  if (head == "central bank") {
    auto type = lx_.organization_type.find(name);
    if (type != lx_.organization_type.end() && type->second == "agency")
      for (auto const& w : split_words(name))
        if (w == "Bank" || w == "Reserve") return true;
  }
  // "Kyushu Electric Power ... the company said": a company word in the name (org_words.txt).
  if (head == "company")
    for (auto const& w : split_words(name))
      if (lx_.org_company_words.contains(std::string(w))) return true;
  auto type = lx_.organization_type.find(name);
  if (type == lx_.organization_type.end()) return false;
  auto [from, to] = kHeadTypes.equal_range(head);
  for (auto it = from; it != to; ++it)
    if (it->second == type->second) return true;
  return false;
}

Reader::Speaker Reader::organization_referent(std::size_t i, std::string const& head) const {
  auto org = last_organization_like(i, head);
  std::size_t best_at = org ? org->last : 0;
  Speaker best = named(org);
  // A named subject of that kind named later than the organization: "The Philippine Coast
  // Guard said ... the coast guard said", "The KTRA transport agency said ... the agency said".
  std::size_t nearest_subject = kNone;
  for (std::size_t n = 0; n < institutions_.size(); ++n) {
    auto const& inst = institutions_[n];
    if (!inst.named_subject || inst.last >= i) continue;
    if ((inst.head == head || to_lower(inst.name).find(head) != std::string::npos) &&
        (!best.found || inst.last > best_at)) {
      best = {true, std::nullopt, n};
      best_at = inst.last;
    }
    nearest_subject = n;
  }
  // "The Argentine Rural Society, a farmers' group, said ... \"...,\" the group said": a generic
  // noun for the organization the gazetteer does not type that spoke last, nearby, when no
  // organization of that kind was named after it.
  if ((head == "group" || head == "organisation" || head == "organization") && previous_body_ &&
      previous_body_->speaker.who && previous_body_->speaker.who->kind == Kind::Organization &&
      (!best.found || previous_body_->speaker.who->last > best_at)) {
    auto name = canonical(*previous_body_->speaker.who);
    if (!lx_.organization_type.contains(name) &&
        to_lower(name).find("ministry") == std::string::npos &&
        tokens_[previous_body_->close].paragraph + 1 >= tokens_[i].paragraph)
      return previous_body_->speaker;
  }
  if (best.found) return best;
  // "Norvexa said ... \"...,\" the company said": with no organization of that kind named, the
  // name that spoke last, in this paragraph or the one before.
  if (nearest_subject != kNone) {
    auto const& inst = institutions_[nearest_subject];
    if (tokens_[inst.last].paragraph + 1 >= tokens_[i].paragraph && !inst.person)
      return {true, std::nullopt, nearest_subject};
  }
  return {true, std::nullopt};
}

bool Reader::after_agent_by(Mention const& m) const {
  // Back over the title before the name ("General", "Prime Minister", "Mr.").
  auto b = m.first;
  for (std::size_t n = 0; n < 3 && b > 0 && (cap(b - 1) || text(b - 1) == "."); ++n) --b;
  return b > 0 && word(b - 1) && lower(b - 1) == "by";
}

std::optional<std::string> Reader::country_in(std::size_t first, std::size_t last) const {
  for (auto const& m : mentions_)
    if (m.kind == Kind::Country && m.first >= first && m.last <= last)
      return lx_
          .countries[static_cast<std::size_t>(country_order_[static_cast<std::size_t>(m.entity)])]
          .iso2;
  return std::nullopt;
}

std::optional<std::string> Reader::country_of(Speaker const& sp) const {
  if (sp.institution != kNone) return institutions_[sp.institution].iso2;
  if (!sp.who) return std::nullopt;
  if (sp.who->kind == Kind::Person) return std::nullopt;
  return country_in(sp.who->first, sp.who->last);
}

Reader::Speaker Reader::sentence_subject(std::size_t first, std::size_t stop) const {
  // "His answer was brief: ...": the person "his" stands for, as "he" would.
  // A name in apposition still comes first ("Her counterpart, Rui Tavares, sent ...").
  if (first < stop && word(first) && (lower(first) == "his" || lower(first) == "her")) {
    for (auto k = first + 1; k < stop; ++k)
      if (auto m = mention_at(k); m && m->kind == Kind::Person && text(m->first - 1) == "," &&
                                  m->last + 1 < stop && text(m->last + 1) == ",")
        return {true, m};
    return last_person_before(first);
  }
  // "Asked whether more resignations would follow, Rahimzadeh was brief:": a participle's
  // clause opening the sentence has no subject of its own; the sentence's comes after it.
  if (first < stop && word(first) && !mention_at(first) && institution_of_[first] == kNone) {
    auto w = lower(first);
    auto ends = [&](std::string_view suffix) {
      return w.size() > suffix.size() + 2 &&
             w.compare(w.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (ends("ed") || ends("ing"))
      for (auto c = first + 1; c + 1 < stop; ++c)
        if (text(c) == ",") {
          first = c + 1;
          break;
        }
  }
  for (auto s = first; s < stop; ++s) {
    auto sp = speaker_at(s);
    if (!sp.found) continue;
    if (sp.who && stands_at(sp, s) && after_preposition(*sp.who)) continue;
    if (in_prepositional_phrase(sp, s)) continue;
    // "Her Angolan counterpart, Rui Tavares, sent ...": the name in apposition is the subject.
    if (!sp.who || sp.who->kind != Kind::Person)
      for (auto k = s + 1; k < stop; ++k)
        if (auto m = mention_at(k); m && m->kind == Kind::Person && m->first > 0 &&
                                    text(m->first - 1) == "," && m->last + 1 < stop &&
                                    text(m->last + 1) == ",")
          return {true, m};
    return sp;
  }
  return {};
}

bool Reader::statement_author(std::size_t first, std::size_t last) const {
  // "A statement from the Togolese presidency said", "a communique issued by the Foreign
  // Ministry said": the body the document comes from speaks. A list of bodies ("a joint
  // statement by Kenya and Tanzania") is the document's institution, not one of them.
  auto b = first;
  if (b > 0 && word(b - 1) && lower(b - 1) == "the") --b;
  if (b < 2 || !word(b - 1) || !(lower(b - 1) == "from" || lower(b - 1) == "by")) return false;
  auto doc = b - 2;
  if (word(doc) && lower(doc) == "issued" && doc > 0) --doc;
  if (!word(doc) || institution_of_[doc] != kNone ||
      std::find(std::begin(kStatementWords), std::end(kStatementWords), lower(doc)) ==
          std::end(kStatementWords))
    return false;
  auto next = last + 1;
  return !(next < tokens_.size() && (text(next) == "," || (word(next) && lower(next) == "and")));
}

bool Reader::stands_at(Speaker const& sp, std::size_t at) const {
  if (sp.institution != kNone)
    return institutions_[sp.institution].first <= at && at <= institutions_[sp.institution].last;
  return !sp.who || (sp.who->first <= at && at <= sp.who->last);
}

bool Reader::in_prepositional_phrase(Speaker const& sp, std::size_t at) const {
  // "the party said" standing for the Orange Democratic Movement, named earlier in "supporters
  // of the Orange Democratic Movement": where the words referring to it stand decides.
  if (!stands_at(sp, at)) {
    auto b = at;
    if (b > 0 && word(b) && lower(b) != "the" && word(b - 1) && lower(b - 1) == "the") --b;
    return b > 0 && word(b - 1) && !tokens_[b - 1].capitalized &&
           lx_.is(lower(b - 1), "preposition");
  }
  if (sp.who && sp.who->kind != Kind::Person && statement_author(sp.who->first, sp.who->last))
    return false;
  if (sp.institution != kNone &&
      statement_author(institutions_[sp.institution].first, institutions_[sp.institution].last))
    return false;
  if (sp.who && sp.who->kind != Kind::Person) {
    // "A joint statement by Kenya and Tanzania": every member of a list after a preposition.
    auto m = *sp.who;
    while (!after_preposition(m)) {
      if (m.first < 2 || !(lower(m.first - 1) == "and" || text(m.first - 1) == ",")) return false;
      auto before = mention_at(m.first - 2);
      if (!before || before->last != m.first - 2) return false;
      m = *before;
    }
    return true;
  }
  // "A spokesman for President X", "an aide to X", "analysts at X": the person or body after
  // the preposition is who the unnamed subject works for, not the subject.
  if (sp.who) {
    auto b = sp.who->first;
    for (std::size_t n = 0; n < 3 && b > 0 && (cap(b - 1) || text(b - 1) == "."); ++n) --b;
    if (b > 0 && word(b - 1) && lower(b - 1) == "the") --b;
    if (b < 2 || !word(b - 1) || tokens_[b - 1].capitalized || !lx_.is(lower(b - 1), "preposition"))
      return false;
    return unnamed_people_at(b - 2);
  }
  if (sp.institution == kNone) return false;
  auto const& inst = institutions_[sp.institution];
  return after_preposition(Mention{inst.first, inst.last, Kind::Organization, 0});
}

Reader::Speaker Reader::subject_before(std::size_t verb, std::size_t first) const {
  auto k = verb;
  if (k > first && text(k - 1) == ",") {
    auto c = k - 1;
    while (c > first && text(c - 1) != ",") --c;
    if (c > first) {
      // "Russia's envoy, Dmitry Loginov, said": a name between the commas is the subject,
      // as is an organization named there alone ("India's largest refiner, Reliance, said").
      for (auto s = c; s + 1 < verb; ++s)
        if (auto m = mention_at(s); m && m->kind == Kind::Person && !after_agent_by(*m))
          return {true, m};
      if (auto m = mention_at(c); m && m->first == c && m->last + 2 == verb) return {true, m};
      // "a shopkeeper who gave only his first name, Hamid, told Reuters".
      if (auto n = institution_of_[c];
          n != kNone && institutions_[n].person && institutions_[n].last + 2 == verb)
        return {true, std::nullopt, n};
      k = c - 1;  // the comma opening the parenthesis
    }
  }
  // "X welcomed the resolution and said ...", "Tehran blames the sanctions and has called
  // them ...": the subject of the first verb.
  auto before_verb = k;
  while (before_verb > first + 1 && word(before_verb - 1) &&
         std::find(std::begin(kBetweenSubjectAndVerb), std::end(kBetweenSubjectAndVerb),
                   lower(before_verb - 1)) != std::end(kBetweenSubjectAndVerb))
    --before_verb;
  if (before_verb > first && word(before_verb - 1) && lower(before_verb - 1) == "and") {
    k = before_verb;
    for (auto s = first; s + 1 < k; ++s) {
      auto sp = speaker_at(s);
      if (!sp.found) continue;
      if (in_prepositional_phrase(sp, s)) continue;
      return sp;
    }
  }
  for (auto s = k; s-- > first;) {
    auto t = text(s);
    if (is_closing_mark(t) || t == ";" || t == ":") break;
    // "sugar that they say is part of a \"dumping scheme\"": a plural or first-person pronoun
    // is the subject, and names no one; the names before it are not the speaker.
    if (word(s) && (lower(s) == "they" || lower(s) == "we" || lower(s) == "i")) return {true, {}};
    // "The U.S. Embassy congratulated Jordanians on what it called \"...\"": "it" is the body
    // the sentence is about, not a name between them; with none, the body that spoke last.
    if (word(s) && lower(s) == "it" && s > first && s + 1 == k) {
      auto sp = sentence_subject(first, s);
      if (sp.found && (sp.institution != kNone || (sp.who && sp.who->kind != Kind::Person)))
        return sp;
      if (previous_body_) return previous_body_->speaker;
      return {true, {}};
    }
    // "Reuters quoted a source close to the talks as saying", "witnesses said": unnamed people
    // are the subject, and the names before them are not the speaker.
    if (word(s) && !tokens_[s].capitalized && lx_.unnamed_people.contains(lower(s)))
      return {true, {}};
    auto sp = speaker_at(s);
    if (!sp.found) continue;
    if (in_prepositional_phrase(sp, s)) continue;
    if (sp.who && stands_at(sp, s) && after_agent_by(*sp.who)) continue;
    return sp;
  }
  return {};
}

std::size_t Reader::apposition_end(std::size_t comma) const {
  for (auto k = comma + 1; k < tokens_.size() && k <= comma + kMaxAppositionTokens; ++k) {
    if (!same_paragraph(comma, k) || tokens_[k].sentence != tokens_[comma].sentence ||
        is_opening_mark(text(k)) || is_closing_mark(text(k)) || text(k) == ";" || text(k) == ":")
      return kNone;
    if (text(k) == ",") return k;
  }
  return kNone;
}

bool Reader::unnamed_subject_words(std::size_t first, std::size_t verb) const {
  if (first >= verb || verb - first > kMaxUnnamedSubjectWords) return false;
  if (!(lx_.is(lower(first), "indefinite") || lower(first) == "one" || lower(first) == "another" ||
        lower(first) == "the"))
    return false;
  // "a villager in Surin province": a place after a preposition is part of the subject.
  bool after_preposition = false;
  for (auto k = first; k < verb; ++k) {
    if (word(k) && !tokens_[k].capitalized && k > first + 1 && lx_.is(lower(k), "preposition"))
      after_preposition = true;
    if (!word(k) || (tokens_[k].capitalized && !after_preposition)) return false;
  }
  return verb - first >= 2;
}

Reader::Speaker Reader::speaker_after(std::size_t close) const {
  auto i = close + 1;
  while (i < tokens_.size() && same_paragraph(close, i) && tokens_[i].kind == TokenKind::Punct &&
         text(i) != "." && !is_opening_mark(text(i)))
    ++i;
  std::size_t limit = std::min(tokens_.size(), i + kAttributionWindow);
  // '"...," a shopkeeper in the capital's Grand Bazaar who gave only his first name, Hamid, told
  // Reuters': the attribution runs on to the verb after the name.
  {
    auto end = i;
    while (end < tokens_.size() && tokens_[end].sentence == tokens_[i].sentence) ++end;
    if (auto n = first_name_given_in(i, end); n != kNone)
      limit = std::max(limit, std::min(end, institutions_[n].last + kAttributionWindow / 2));
  }
  for (auto k = i; k < limit && same_paragraph(close, k); ++k) {
    auto t = text(k);
    if (sentence_end(k) || is_opening_mark(t) || t == ";") break;
    // '"...," Satoshi Hirano, director of the agency's earthquake and tsunami monitoring
    // division, told ...': a name's apposition, however long, stands between it and its verb.
    if (t == "," && k > i && (mention_at(k - 1) || institution_of_[k - 1] != kNone))
      if (auto c = apposition_end(k); c != kNone && speech_verb_follows(c)) {
        // Its words are no verb of the quotation ("storm surge forecasting unit").
        limit = std::max(limit, std::min(tokens_.size(), c + kAttributionWindow / 2));
        k = c;
        continue;
      }
    if (word(k) && lx_.is(lower(k), "according") && k + 2 < limit && lower(k + 1) == "to")
      return speaker_after_according(k + 2);
    if (!speech_verb(k)) continue;
    if (auto sp = subject_before(k, i); sp.found) return sp;  // "X said"
    // '"...," one witness told AFP', '"...," a farmer told reporters': the verb has a subject
    // that names no one, so what follows it is its object, not an inverted subject.
    if (unnamed_subject_words(i, k)) return {true, std::nullopt};
    // "said X", "said Dr. X", "said U.S. Defense Secretary X": a person named before the
    // comma is the speaker, else the first speaker there.
    Speaker first_found;
    for (auto s = k + 1; s < tokens_.size() && s <= k + kSaidXWindow; ++s) {
      if (text(s) == ",") break;
      // ICU may end a sentence after "Dr.": an honorific's full stop does not.
      if (sentence_end(s) && !(s > 0 && lx_.honorifics.contains(key(s - 1, 2)))) break;
      auto sp = speaker_at(s);
      if (!sp.found) continue;
      if (sp.who && sp.who->kind == Kind::Person) return sp;
      if (!first_found.found) first_found = sp;
      if (sp.who) s = std::max(s, sp.who->last);
    }
    // '"...," said a bus driver in La Matanza who gave only his first name, Diego.'
    if (!first_found.who && first_found.institution == kNone) {
      auto end = k + 1;
      while (end < tokens_.size() && tokens_[end].sentence == tokens_[k].sentence) ++end;
      if (auto n = first_name_given_in(k + 1, end); n != kNone) return {true, std::nullopt, n};
    }
    return first_found;
  }
  return {};
}

Reader::Speaker Reader::speaker_before(std::size_t open) const {
  if (open == 0) return {};
  std::size_t first = open;
  while (first > 0 && tokens_[first - 1].sentence == tokens_[open].sentence &&
         same_paragraph(first - 1, open) && !is_closing_mark(text(first - 1)))
    --first;
  // 'the so-called "snapback"': a term, not anyone's words.
  if (open >= 3 && lower(open - 1) == "called" && text(open - 2) == "-" && lower(open - 3) == "so")
    return {true, std::nullopt};
  for (auto k = open; k-- > first;) {
    if (word(k) && lx_.is(lower(k), "according") && k + 2 < open && lower(k + 1) == "to")
      return speaker_after_according(k + 2);
    if (!speech_verb(k)) continue;
    // "Cambodian state television quoted a government statement as saying": a document quoted
    // is not a speaker; who quoted it is.
    if (k > 1 && word(k - 1) && lower(k - 1) == "as" && word(k - 2) &&
        (std::find(std::begin(kStatementWords), std::end(kStatementWords), lower(k - 2)) !=
             std::end(kStatementWords) ||
         lower(k - 2) == "decree" || lower(k - 2) == "report"))
      for (auto q = k - 2; q-- > first + 1;) {
        if (!word(q) || !(lower(q) == "quoted" || lower(q) == "cited")) continue;
        if (auto sp = subject_before(q, first); sp.found) return sp;
        break;
      }
    // "Y was quoted by state news agency X as saying": the subject of the passive, not the
    // agency named after "by".
    if (k > 0 && word(k - 1) && lower(k - 1) == "as")
      for (auto q = k - 1; q-- > first + 1;) {
        if (!word(q) || !(lower(q) == "quoted" || lower(q) == "cited")) continue;
        auto be = lower(q - 1);
        if (be == "was" || be == "were" || be == "is" || be == "are" || be == "been")
          if (auto sp = subject_before(q - 1, first); sp.found) return sp;
        break;
      }
    // "Asked whether ..., Rahimzadeh was brief: \"...\"": a verb opening the sentence has no
    // subject before it; the sentence's own subject may still introduce the quotation.
    if (k == first && text(open - 1) == ":") break;
    return subject_before(k, first);
  }
  // 'The minister was blunt: "..."': the subject of the sentence that introduces it.
  if (text(open - 1) == ":") return sentence_subject(first, open - 1);
  // 'Kowal sent his "warmest regards"': words the subject reports as its own.
  if (word(open - 1) && lx_.is(lower(open - 1), "determiner") && lower(open - 1) != "the" &&
      !lx_.is(lower(open - 1), "indefinite"))
    return sentence_subject(first, open - 1);
  return {};
}

Reader::Speaker Reader::reported_speaker(std::size_t paragraph, std::size_t before) const {
  Speaker found;
  for (std::size_t k = 0; k < before; ++k) {
    if (tokens_[k].paragraph != paragraph || in_quote_[k] || !speech_verb(k)) continue;
    auto first = k;
    while (first > 0 && tokens_[first - 1].sentence == tokens_[k].sentence &&
           same_paragraph(first - 1, k))
      --first;
    if (auto sp = subject_before(k, first); sp.found) found = sp;
  }
  return found;
}

bool Reader::paragraph_is_quotation(std::size_t open, std::size_t close) const {
  if (open > 0 && same_paragraph(open - 1, open)) return false;
  for (auto k = close + 1; k < tokens_.size() && same_paragraph(close, k); ++k)
    if (tokens_[k].kind != TokenKind::Punct) return false;
  return true;
}

void Reader::find_quotes(Analysis& out) {
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
  in_quote_.assign(tokens_.size(), false);
  for (auto const& parts : quotes)
    for (auto const& p : parts)
      for (auto k = p.open + 1; k < p.close + (p.runs_on ? 1 : 0); ++k) in_quote_[k] = true;
  find_institutions();
  find_named_subjects();
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
    auto paragraph = tokens_[parts.front().open].paragraph;
    if (!speaker.found && previous_ && tokens_[previous_->close].paragraph == paragraph)
      speaker = previous_->speaker;
    // A paragraph that is only a quotation continues the speaker of the paragraph before.
    if (!speaker.found && previous_ && tokens_[previous_->close].paragraph + 1 == paragraph &&
        paragraph_is_quotation(parts.front().open, parts.back().close))
      speaker = previous_->speaker;
    // 'Colonel X said soldiers had fired first.' then '"We responded in self-defence."': the
    // subject of reported speech in the paragraph before, when it holds no quotation.
    if (!speaker.found && paragraph > 0 &&
        (!previous_ || tokens_[previous_->close].paragraph + 1 < paragraph) &&
        paragraph_is_quotation(parts.front().open, parts.back().close))
      speaker = reported_speaker(paragraph - 1, parts.front().open);
    if (speaker.institution != kNone) {
      q.speaker = institutions_[speaker.institution].name;
      q.speaker_kind = institutions_[speaker.institution].person ? SpeakerKind::Person
                                                                 : SpeakerKind::Institution;
    } else if (speaker.who) {
      q.speaker = canonical(*speaker.who);
      q.speaker_kind = speaker_kind(speaker.who->kind);
    }
    if (q.speaker) q.speaker_country = country_of(speaker);
    if (speaker.found && speaker.institution == kNone &&
        (!speaker.who || speaker.who->kind == Kind::Person))
      last_person_speaker_ = PersonSpeaker{parts.back().close, speaker.who};
    if (speaker.institution != kNone || (speaker.who && speaker.who->kind != Kind::Person))
      previous_body_ = Attributed{parts.back().close, speaker};
    previous_ = Attributed{parts.back().close, speaker};
    out.quotes.push_back(std::move(q));
  }
}

void Reader::find_figures_with_sources(Analysis& out) {
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
      if (sp.institution != kNone)
        f.source = institutions_[sp.institution].name;
      else if (sp.who)
        f.source = canonical(*sp.who);
    }
  }
}

}  // namespace dossier::insight::reading
