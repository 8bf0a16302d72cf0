#pragma once

// How the analyzer reads one document: a Reader holds the tokens and what each pass found, and
// is internal to insight/. Its passes live in three files along the analysis's seams:
// analyzer.cpp runs them in order, entity_reader.cpp finds people, countries and organizations,
// quote_reader.cpp finds quotations with their speakers and figures with their sources.

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/strings.hpp"
#include "insight/analyzer.hpp"
#include "insight/figures.hpp"
#include "insight/text.hpp"

namespace dossier::insight::reading {

enum class Kind { Person, Country, Organization };

constexpr std::size_t kNone = static_cast<std::size_t>(-1);
constexpr std::size_t kDescriptorWindow = 2;    // "the INDEC statistics agency": words after a name
constexpr std::size_t kMaxNameWords = 4;        // "Luiz Inácio Lula da Silva" is 5 with "da"
constexpr std::size_t kAttributionWindow = 14;  // tokens after a closing mark
constexpr std::size_t kAppositionWindow = 12;   // tokens of "a spokeswoman for the ministry"
// "director of the agency's earthquake and tsunami monitoring division": an apposition between
// a name and its speech verb, at most.
constexpr std::size_t kMaxAppositionTokens = 24;
constexpr std::size_t kSaidXWindow = 8;  // "said U.S. Defense Secretary Robert Kessler"
// "one witness", "a trader at the border": the words of an unnamed subject between a quotation
// and its verb, at most.
constexpr std::size_t kMaxUnnamedSubjectWords = 6;

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

inline bool is_opening_mark(std::string_view t) {
  return t == "\"" || t == "\xE2\x80\x9C";
}
inline bool is_closing_mark(std::string_view t) {
  return t == "\"" || t == "\xE2\x80\x9D";
}

inline std::string fold_apostrophes(std::string_view text) {
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

  // Names editors confirmed as speakers (Analyzer::set_known_speakers); none by default.
  Reader& with_known_speakers(KnownSpeakerIndex const& index) {
    known_speakers_ = &index;
    return *this;
  }

  // Every pass, in order: entities first (quotations need their speakers), then quotations,
  // then figures (their sources are the entities and speakers found).
  Analysis run();

 private:
  // --- tokens ---
  // Out of range reads as nothing: rules look a token or two past a run, and a document may end
  // there (the fuzzer found "... and" and "Name-" ending a text).
  std::string_view text(std::size_t i) const {
    return i < tokens_.size() ? tokens_[i].text : std::string_view{};
  }
  std::string const& lower(std::size_t i) const {
    static std::string const nothing;
    return i < lower_.size() ? lower_[i] : nothing;
  }
  bool word(std::size_t i) const {
    return i < tokens_.size() && tokens_[i].kind == TokenKind::Word;
  }
  bool cap(std::size_t i) const { return word(i) && tokens_[i].capitalized; }
  bool same_paragraph(std::size_t a, std::size_t b) const {
    return a < tokens_.size() && b < tokens_.size() && tokens_[a].paragraph == tokens_[b].paragraph;
  }
  // No white space between the two tokens ("al" "-" "Sudani").
  bool touching(std::size_t a, std::size_t b) const {
    return a < tokens_.size() && b < tokens_.size() && tokens_[a].end == tokens_[b].begin;
  }
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
  // Out of range is unowned: rules look one token past a run ("and" + the next word) at the
  // text's end (a fuzzer found "... and" ending a document).
  bool owned(std::size_t i) const { return i < owner_.size() && owner_[i] != kNone; }
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

  // ICU ends a sentence after some abbreviated titles ("Lt.", "Maj.", "Sen."): a title
  // abbreviation before a capitalised word joins the two sentences again.
  void join_title_sentences();

  // --- speakers editors confirmed: an exact occurrence of the name is that entity ---
  void find_known_speakers();

 public:
  // An institution editors confirmed as a speaker ("Ruritanian authorities"), where the text
  // names it: tokens [first, last]. Not an entity; the quotation pass may take it as a speaker.
  struct KnownInstitution {
    std::size_t first = 0;
    std::size_t last = 0;
    std::string name;
    std::optional<std::string> country;  // ISO 3166-1 alpha-2
  };
  // The known institution named at token i, if any.
  KnownInstitution const* known_institution_at(std::size_t i) const {
    for (auto const& k : known_institutions_)
      if (k.first <= i && i <= k.last) return &k;
    return nullptr;
  }

 private:
  // --- countries and named organizations from the gazetteer ---
  bool capital_is_place(std::size_t first) const {
    if (!options_.capital_metonyms) return true;
    if (first == 0) return false;
    auto prev = first - 1;
    if (word(prev) && lx_.is(lower(prev), "place")) return true;
    // A dateline ("GENEVA —") or "Washington-based": not the government.
    return false;
  }

  void find_gazetteer_names();

  // A known name followed by a prefix's connector and more capitalised words is part of a
  // longer name the organization pass builds: "National Front" in "National Front for the
  // Liberation of X", "Supreme Court" in "Supreme Court of Pakistan".
  bool continues_as_longer_name(std::size_t last) const {
    std::size_t words = 0;
    if (!is_prefix_at(last, words) || words != 2) return false;
    auto next = last + 2;
    if (word(next) && lower(next) == "the") ++next;
    return cap(next) && tokens_[next].sentence == tokens_[last].sentence &&
           !lx_.name_stopwords.contains(std::string(text(next)));
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

  // A company word ("Power", "Aerolíneas"), capitalised as in names.
  bool is_company_word(std::size_t i) const {
    return cap(i) && lx_.org_company_words.contains(folded_[i]);
  }
  // A capitalised word that makes a name a place ("Cape", "Reef", "House"), unless a title
  // follows it ("House Speaker Mike Johnson").
  bool is_place_word(std::size_t i) const {
    if (!cap(i) || !lx_.is(lower(i), "place_word")) return false;
    bool is_role = false;
    return !(cap(i + 1) && title_at(i + 1, i + 1, is_role) > 0);
  }
  // A word written in capitals only, two letters or more: a headline's ("STRIKE AGAINST").
  bool all_capitals(std::size_t i) const {
    if (!word(i) || folded_[i].size() < 2) return false;
    bool letter = false;
    for (unsigned char ch : folded_[i]) {
      if (ch >= 'a' && ch <= 'z') return false;
      if (ch >= 'A' && ch <= 'Z') letter = true;
    }
    return letter && lower_[i] != folded_[i];
  }
  // The organization a descriptor noun names next to a capitalised run [first, last]: "state
  // broadcaster RTB", "think tank Verité Research", "the INDEC statistics agency".
  // Returns the descriptor in lower case, empty for an acronym or brand that speaks ("RTB said").
  std::optional<std::string> described_as_organization(std::size_t first, std::size_t last) const;
  // What the text called an organization it found by a descriptor: entity -> "agency", "group".
  std::unordered_map<int, std::string> org_descriptor_;
  // "the company said" after "shipping group Norvexa": a business's descriptors name each other.
  bool descriptor_matches(int entity, std::string const& head) const {
    auto it = org_descriptor_.find(entity);
    if (it == org_descriptor_.end() || it->second.empty()) return false;
    if (it->second == head) return true;
    auto business = [&](std::string const& w) { return lx_.is(w, "business"); };
    return business(it->second) && business(head);
  }

  void find_organization_names();
  // "the State Bank" after "the State Bank of Pakistan": a name the article gave in full
  // before, cut at a connector, is that organization.
  std::string shortened_from(std::string const& name) const;

  // "the International Atomic Energy Agency (IAEA)": the acronym names the same organization
  // in the rest of the article.
  void find_acronyms();

  // --- people ---
  // The longest honorific or role at `i`, in words (0 when none).
  std::size_t title_at(std::size_t i, std::size_t limit, bool& is_role) const;

  bool role_word(std::size_t i) const { return word(i) && lx_.roles.contains(lower(i)); }

  // ", a spokeswoman for the State Department," after a name: the role it gives.
  std::optional<std::string> role_after(std::size_t last) const;

  // "Orlov's deputy, Ivan Sedykh" / "The head of the delegation, Gennady Pastukhov": the role
  // in the phrase before the comma.
  std::optional<std::string> role_before(std::size_t first) const;

  // A verb is written in lower case inside a sentence: "States" in "the United States" is not
  // "states".
  bool speech_verb(std::size_t i) const {
    return word(i) && (!tokens_[i].capitalized || sentence_start(i) || in_capitals(i)) &&
           !owned(i) && lx_.speech_verbs.contains(lower(i)) && !speech_noun(i);
  }
  // A word of a headline written in capitals ("MOSCOW CLAIMS STRIKES ON ..."): the word and a
  // word beside it have no lower-case letter.
  bool in_capitals(std::size_t i) const {
    auto capitals = [&](std::size_t k) {
      if (k >= tokens_.size() || !word(k) || text(k).size() < 2) return false;
      auto t = text(k);
      return std::none_of(t.begin(), t.end(),
                          [](char c) { return std::islower(static_cast<unsigned char>(c)); });
    };
    return capitals(i) && ((i > 0 && capitals(i - 1) && same_paragraph(i - 1, i)) ||
                           (capitals(i + 1) && same_paragraph(i, i + 1)));
  }
  // A speech verb's form used as a noun: after a determiner ("His answer was brief", "the
  // call"), or a form in -s right after a past tense ("had received reports of ...").
  bool speech_noun(std::size_t i) const {
    // "the Chinese state news agency", "Kenyan state television": "state" opens an institution.
    for (std::size_t len = 2; len <= lx_.longest_institution_head && i + len <= tokens_.size();
         ++len)
      if (lx_.institution_heads.contains(to_lower(key(i, len)))) return true;
    if (i == 0 || !word(i - 1)) return false;
    if (lx_.is(lower(i - 1), "determiner")) return true;
    auto const& prev = lower(i - 1);
    // "the head of state had ordered", "on reports that": after a preposition a verb would be
    // an -ing form ("after saying"); "to" opens an infinitive ("declined to comment").
    if (prev != "to" && lx_.is(prev, "preposition") && !tokens_[i - 1].capitalized &&
        !lower(i).ends_with("ing"))
      return true;
    auto const& form = lower(i);
    // "His answer was brief": after a form of "be" only a participle is a verb ("was told",
    // "is quoted", "were warned", "was saying"), and participles end in d, t, n or g.
    if (prev == "is" || prev == "was" || prev == "are" || prev == "were" || prev == "be" ||
        prev == "been")
      return std::string_view("dtng").find(form.back()) == std::string_view::npos;
    return form.size() > 1 && form.back() == 's' && prev.size() > 3 &&
           prev.compare(prev.size() - 2, 2, "ed") == 0;
  }

  // A run of capitalised words that may name a person.
  struct PersonCandidate {
    std::size_t first, last;  // the name's tokens
    std::optional<std::string> role;
    bool evidence = false;
    bool titled = false;  // "President Adeyemi", "Mr. Orlov"
  };
  std::size_t name_run_end(std::size_t i) const;
  std::optional<PersonCandidate> person_candidate(std::size_t i, std::size_t end) const;
  std::optional<std::string> role_around(std::size_t start, std::size_t stop) const;
  bool person_evidence(std::size_t start, std::size_t stop) const;
  void find_people();
  // "the country's deputy minister of mining" names the country last mentioned before token
  // `at`: "Chile's deputy minister of mining".
  std::string name_the_country(std::string const& role, std::size_t at) const;

  struct Single {
    std::size_t token;
    std::optional<std::string> role;
    bool titled;
  };

  void resolve_short_names();

  // --- output ---
  void assemble_entities(Analysis& out);

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
    std::size_t institution = kNone;  // index into institutions_ when an institution speaks
  };
  static Speaker named(std::optional<Mention> m) { return {m.has_value(), m}; }

  // The person a "he" or "she" at token i stands for: the last person who spoke (or the
  // unnamed official who did), else the last person named before it.
  Speaker last_person_before(std::size_t i) const {
    std::optional<Mention> best;
    for (auto const& m : mentions_)
      // A name inside a quotation is not who "he" is ("Petrov lied," he said).
      if (m.kind == Kind::Person && m.last < i && (!best || m.last > best->last) &&
          !(m.first < in_quote_.size() && in_quote_[m.first]))
        best = m;
    // An unnamed official who spoke after the last person named ("said an ASEAN diplomat ...
    // He described it as ...") is who "he" is.
    if (last_person_speaker_ && last_person_speaker_->at < i && !last_person_speaker_->who &&
        (!best || last_person_speaker_->at > best->last))
      return {true, std::nullopt};
    // "One nurse said ... \"...,\" she said": the nurse, not the last person named.
    auto u = std::lower_bound(unnamed_subjects_.begin(), unnamed_subjects_.end(), i);
    if (u != unnamed_subjects_.begin() && (!best || *std::prev(u) > best->last))
      return {true, std::nullopt};
    // "One woman, who gave only her first name, Maritza, said ... \"...,\" she said": the
    // first name, when given after the last person named.
    for (auto n = institutions_.size(); n-- > 0;)
      if (institutions_[n].first_name_given && institutions_[n].last < i &&
          (!best || institutions_[n].last > best->last))
        return {true, std::nullopt, n};
    return named(best);
  }
  // Whether the gazetteer's type of organization `name` is what the head noun `head` (lower
  // case) calls it: "the party" for a party, "the group" for an armed group or an NGO.
  bool of_kind(std::string const& name, std::string const& head) const;
  // "the ministry said": the last organization named before i whose name has that head word,
  // or whose type it names ("the party said" after the Orange Democratic Movement).
  std::optional<Mention> last_organization_like(std::size_t i, std::string const& head) const {
    std::optional<Mention> best;
    for (auto const& m : mentions_) {
      if (m.kind != Kind::Organization || m.last >= i) continue;
      auto const& name = canonical(m);
      // What the text called an organization links it only nearby: this paragraph or the one
      // before.
      bool described = descriptor_matches(m.entity, head) &&
                       tokens_[m.last].paragraph + 1 >= tokens_[i].paragraph;
      if ((to_lower(name).find(head) != std::string::npos || of_kind(name, head) || described) &&
          (!best || m.last > best->last))
        best = m;
    }
    return best;
  }

  Speaker speaker_at(std::size_t i) const;
  // A country (or its capital) written in a headline's capitals, ending at token i, as a mention
  // of that country elsewhere in the article.
  std::optional<Mention> country_in_capitals(std::size_t i) const;
  // A speech verb follows token i, perhaps after "has", "also": "the ruling party has said".
  bool speech_verb_follows(std::size_t i) const;
  // Tokens [first, verb) are a lower-case subject that names no one ("one witness", "a
  // farmer"): the verb's subject, so a name after the verb is its object ("told AFP").
  bool unnamed_subject_words(std::size_t first, std::size_t verb) const;
  // The comma closing an apposition opened at comma ("X, director of Y, said"), or kNone.
  std::size_t apposition_end(std::size_t comma) const;
  // Tokens [first, last] name who issued a statement: "a statement from the presidency".
  bool statement_author(std::size_t first, std::size_t last) const;

  // --- institutions that speak (quote_reader.cpp) ---
  // "the Chadian authorities", "joint statement", "state television", or a known institution:
  // the phrase as the speaker string, its country when the phrase names one.
  struct Institution {
    std::size_t first = 0, last = 0;  // its tokens, the head last
    std::string name;
    std::string head;  // lower case ("authorities")
    std::optional<std::string> iso2;
    bool unnamed = false;  // followed by a role: "a military spokesman" is an unnamed person
    // A name the entity pass did not know, standing as the subject of a speech verb ("Kelvara,
    // which runs the port, said"): the company or agency that "the company said" refers to.
    bool named_subject = false;
    bool person = false;  // '"...," said Amina, a trader': a person named by a first name only
    // "a shopkeeper who gave only his first name, Hamid": the unnamed subject's own name.
    bool first_name_given = false;
  };
  // The person named after "who gave only his first name," in tokens [from, to), or kNone.
  std::size_t first_name_given_in(std::size_t from, std::size_t to) const {
    for (std::size_t n = 0; n < institutions_.size(); ++n)
      if (institutions_[n].first_name_given && institutions_[n].first >= from &&
          institutions_[n].first < to)
        return n;
    return kNone;
  }
  void find_institutions();
  // Names no entity pass knew, standing where wire copy puts a speaker: before a speech verb
  // ("Kelvara said", "Shipping group Norvexa said") or after it with an apposition ("said
  // Amina, a trader"). Added to institutions_.
  void find_named_subjects();
  std::optional<std::pair<std::size_t, std::size_t>> unknown_name_before(std::size_t verb) const;
  bool looks_like_a_name(std::size_t first, std::size_t last) const;
  // "the company said", "the coast guard said": the organization or named subject of that kind
  // named last before i, else the organization or named subject that spoke last nearby.
  Speaker organization_referent(std::size_t i, std::string const& head) const;
  // "General Idris Kamau" in "the government headed by General Idris Kamau": the agent of a
  // passive, not the sentence's subject.
  bool after_agent_by(Mention const& m) const;
  // Speech verbs whose subject is an unnamed individual ("one nurse said", "a farmer said"),
  // token positions in order: "she said" after one of them is that individual.
  std::vector<std::size_t> unnamed_subjects_;
  Speaker institution_at(std::size_t i) const;
  // "the minister said": the last person given that role before i, else an unnamed person.
  Speaker role_noun_at(std::size_t i) const;
  // The sentence's subject, from its first token up to `stop`: the first speaker not after a
  // preposition ("The minister was blunt: ...", "Kowal sent his \"warmest regards\"").
  Speaker sentence_subject(std::size_t first, std::size_t stop) const;
  std::optional<std::string> country_of(Speaker const& sp) const;
  std::optional<std::string> country_in(std::size_t first, std::size_t last) const;
  bool unnamed_people_at(std::size_t i) const;
  // A speaker inside "for the ministry", "of the Chadian authorities": not the subject. `at` is
  // the token where the words naming or referring to it stand ("the party" may stand for a
  // name given elsewhere).
  bool in_prepositional_phrase(Speaker const& sp, std::size_t at) const;
  // Whether the speaker's own name stands at token `at` (not a referent named elsewhere).
  bool stands_at(Speaker const& sp, std::size_t at) const;
  // The quotation's marks open its paragraph and close it (only punctuation after).
  bool paragraph_is_quotation(std::size_t open, std::size_t close) const;

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
    // "by the ...", "carried by its Al-Masirah television".
    if (b > 0 && word(b - 1) &&
        (lower(b - 1) == "the" || lower(b - 1) == "its" || lower(b - 1) == "their"))
      --b;
    return b > 0 && word(b - 1) && !tokens_[b - 1].capitalized &&
           lx_.is(lower(b - 1), "preposition");
  }

  // The subject of the speech verb at `verb`, looking back to `first`: the nearest speaker,
  // skipping a parenthesis between commas ("Lena Park, a spokeswoman for the department, said")
  // and mentions inside prepositional phrases.
  Speaker subject_before(std::size_t verb, std::size_t first) const;

  // '"...," X said', '"...," said X', '"...," he added', '"...," according to X': the words
  // right after a closing mark.
  Speaker speaker_after(std::size_t close) const;

  // 'X said: "..."', 'X called it "..."', 'X said the talks had "..."', 'according to X,
  // "..."': the nearest speech verb before the opening mark in its sentence, and its subject.
  Speaker speaker_before(std::size_t open) const;
  // The subject of the last speech verb of reported speech in `paragraph` (tokens before
  // `before`): "X said soldiers had fired first."
  Speaker reported_speaker(std::size_t paragraph, std::size_t before) const;

  void find_quotes(Analysis& out);

  // Figures, each with its source: the speaker of the quotation it stands in, or who the
  // sentence attributes it to ("according to X", "X said").
  void find_figures_with_sources(Analysis& out);

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
  KnownSpeakerIndex const* known_speakers_ = nullptr;
  std::vector<KnownInstitution> known_institutions_;
  std::optional<Attributed> previous_body_;  // the last quotation an institution or country said
  std::vector<Institution> institutions_;
  std::vector<std::size_t> institution_of_;  // token -> institutions_ index, or kNone
  std::vector<bool> in_quote_;               // tokens inside quotation marks
};

}  // namespace dossier::insight::reading
