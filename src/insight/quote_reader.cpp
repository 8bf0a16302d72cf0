// The analyzer's quotation passes: quotations and who said them (named, "he" or "she", an
// organization or a country, "according to"), and figures with who claims them.
#include <algorithm>
#include <map>
#include <set>

#include "insight/reader.hpp"

namespace dossier::insight::reading {

Reader::Speaker Reader::speaker_at(std::size_t i) const {
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

Reader::Speaker Reader::subject_before(std::size_t verb, std::size_t first) const {
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

Reader::Speaker Reader::speaker_after(std::size_t close) const {
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

Reader::Speaker Reader::speaker_before(std::size_t open) const {
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
      if (sp.who) f.source = canonical(*sp.who);
    }
  }
}

}  // namespace dossier::insight::reading
