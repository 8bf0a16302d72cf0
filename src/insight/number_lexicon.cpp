// The number lexicon: number_words.tsv and figure_exclusions.txt parsed into terms, indexed by
// their first piece.
#include <algorithm>
#include <cstdlib>
#include <span>
#include <stdexcept>
#include <string>

#include "insight/figure_pieces.hpp"
#include "insight/figures.hpp"
#include "insight/lexicon.hpp"

namespace dossier::insight {
namespace {

using namespace figure_text;

// ---------------------------------------------------------------------------------------------
// Lexicon files.

struct KindName {
  std::string_view name;
  NumberKind kind;
};

constexpr KindName kNumberWordKinds[] = {
    {"scale", NumberKind::Scale},       {"number", NumberKind::Number},
    {"approx", NumberKind::Approx},     {"fraction", NumberKind::Fraction},
    {"percent", NumberKind::Percent},   {"currency", NumberKind::Currency},
    {"unit", NumberKind::Unit},         {"counted", NumberKind::Counted},
    {"duration", NumberKind::Duration},
};

constexpr KindName kExclusionKinds[] = {
    {"month", NumberKind::Month},
    {"clock", NumberKind::Clock},
    {"age", NumberKind::Age},
    {"age_suffix", NumberKind::AgeSuffix},
    {"ordinal", NumberKind::Ordinal},
    {"idiom", NumberKind::Idiom},
    {"determiner", NumberKind::Determiner},
    {"size", NumberKind::Size},
    {"per", NumberKind::Per},
    {"partitive", NumberKind::Partitive},
    {"stop", NumberKind::Stop},
    {"discourse", NumberKind::Discourse},
    {"hedge", NumberKind::Hedge},
    {"hyperbole", NumberKind::Hyperbole},
    {"rounding", NumberKind::Rounding},
    {"anchor", NumberKind::Anchor},
    {"period", NumberKind::Period},
    {"count_verb", NumberKind::CountVerb},
    {"tally", NumberKind::Tally},
};

// The values a percent term may have (number_words.tsv header).
constexpr std::string_view kPercentValues[] = {"percent", "point", "basis_point"};

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> fields;
  while (true) {
    auto const tab = line.find('\t');
    fields.push_back(line.substr(0, tab));
    if (tab == std::string_view::npos) return fields;
    line.remove_prefix(tab + 1);
  }
}

[[noreturn]] void malformed(std::string_view file, int line, std::string const& why) {
  throw std::invalid_argument(std::string(file) + " line " + std::to_string(line) + ": " + why);
}

bool is_number(std::string_view value) {
  std::string const copy(value);
  char* end = nullptr;
  std::strtod(copy.c_str(), &end);
  return !copy.empty() && end == copy.c_str() + copy.size();
}

bool numeric_kind(NumberKind kind) {
  return kind == NumberKind::Scale || kind == NumberKind::Number || kind == NumberKind::Approx ||
         kind == NumberKind::Fraction;
}

NumberTerm make_term(std::string_view text, std::string_view value, NumberKind kind) {
  NumberTerm term;
  term.text = std::string(text);
  term.value = std::string(value);
  term.kind = kind;
  term.exact_case = has_capital(text);
  for (Piece const& piece : split_pieces(text)) {
    term.pieces.push_back(term.exact_case ? std::string(piece.text) : piece.folded);
    term.joined.push_back(piece.gap == Gap::None);
  }
  return term;
}

}  // namespace

NumberLexicon NumberLexicon::parse(std::string_view number_words, std::string_view exclusions) {
  NumberLexicon lexicon;
  auto read = [&](std::string_view file, std::string_view text, bool with_value,
                  std::span<KindName const> names) {
    int line_number = 0;
    while (!text.empty()) {
      auto const newline = text.find('\n');
      auto line = text.substr(0, newline);
      text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
      ++line_number;
      if (line.ends_with('\r')) line.remove_suffix(1);
      if (line.empty() || line.front() == '#') continue;
      auto const fields = split_tabs(line);
      std::size_t const columns = with_value ? 3 : 2;
      if (fields.size() != columns) {
        malformed(file, line_number,
                  "expected " + std::to_string(columns) + " tab-separated columns, got " +
                      std::to_string(fields.size()));
      }
      auto const term = fields[0];
      auto const value = with_value ? fields[1] : std::string_view();
      auto const kind_name = fields.back();
      if (term.empty()) malformed(file, line_number, "empty term");
      auto const kind = std::find_if(names.begin(), names.end(),
                                     [&](KindName const& k) { return k.name == kind_name; });
      if (kind == names.end()) {
        malformed(file, line_number, "unknown kind '" + std::string(kind_name) + "'");
      }
      if (with_value && value.empty()) malformed(file, line_number, "empty value");
      if (numeric_kind(kind->kind) && !is_number(value)) {
        malformed(file, line_number, "value '" + std::string(value) + "' is not a number");
      }
      if (kind->kind == NumberKind::Percent &&
          std::find(std::begin(kPercentValues), std::end(kPercentValues), value) ==
              std::end(kPercentValues)) {
        malformed(file, line_number, "percent value must be percent, point or basis_point");
      }
      NumberTerm parsed = make_term(term, value, kind->kind);
      if (parsed.pieces.empty()) malformed(file, line_number, "term has no words or signs");
      if (parsed.pieces.size() > kMaxTermPieces) malformed(file, line_number, "term too long");
      lexicon.terms_.push_back(std::move(parsed));
    }
  };
  read("number_words", number_words, true, kNumberWordKinds);
  read("figure_exclusions", exclusions, false, kExclusionKinds);

  for (std::size_t index = 0; index < lexicon.terms_.size(); ++index) {
    NumberTerm const& term = lexicon.terms_[index];
    lexicon.by_first_piece_[fold(term.pieces.front())].push_back(index);
  }
  for (auto& [first, indices] : lexicon.by_first_piece_) {
    std::stable_sort(indices.begin(), indices.end(), [&](std::size_t a, std::size_t b) {
      return lexicon.terms_[a].pieces.size() > lexicon.terms_[b].pieces.size();
    });
  }
  return lexicon;
}

NumberLexicon const& NumberLexicon::embedded() {
  static NumberLexicon const lexicon =
      parse(embedded_data("number_words.tsv"), embedded_data("figure_exclusions.txt"));
  return lexicon;
}

std::span<std::size_t const> NumberLexicon::starting_with(
    std::string const& folded_first_piece) const {
  auto const found = by_first_piece_.find(folded_first_piece);
  if (found == by_first_piece_.end()) return {};
  return found->second;
}

NumberTerm const* NumberLexicon::find(std::string_view text, NumberKind kind) const {
  auto const pieces = split_pieces(text);
  if (pieces.empty()) return nullptr;
  for (std::size_t index : starting_with(pieces.front().folded)) {
    NumberTerm const& term = terms_[index];
    if (term.kind != kind || term.pieces.size() != pieces.size()) continue;
    bool ok = true;
    for (std::size_t k = 0; k < pieces.size() && ok; ++k) {
      if (k > 0 && (pieces[k].gap == Gap::None) != term.joined[k]) ok = false;
      if (ok && !piece_matches(pieces[k], term, k)) ok = false;
    }
    if (ok) return &term;
  }
  return nullptr;
}
}  // namespace dossier::insight
