#include "insight/evaluation/evaluation.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace dossier::insight {
namespace {

using nlohmann::json;

// A predicted number finds a gold number when the values agree within 0.1% of the gold
// value, or within an absolute epsilon for values at or near zero.
constexpr double kNumberRelativeTolerance = 0.001;
constexpr double kNumberAbsoluteTolerance = 1e-9;
// A quote found by containment must be at least 4/5 (80%) of the longer text. Integer
// arithmetic keeps the boundary exact: 80 of 100 code points passes, 79 does not.
constexpr std::size_t kContainmentNumerator = 4;
constexpr std::size_t kContainmentDenominator = 5;

constexpr char32_t kLeftSingleQuote = U'\u2018';
constexpr char32_t kRightSingleQuote = U'\u2019';
constexpr char32_t kLeftDoubleQuote = U'\u201C';
constexpr char32_t kRightDoubleQuote = U'\u201D';
constexpr std::u32string_view kQuoteEdgePunctuation = U",.;:!?";

enum class EntityKind { Person, Country, Organization };
enum class FoldCase { Yes, No };
enum class DoubleQuotes { Fold, Keep };
enum class Null { Allowed, Rejected };

// numerator / denominator, or `if_empty` when the denominator is zero (see the header for
// the convention each measure uses).
double ratio(int numerator, int denominator, double if_empty) {
  if (denominator == 0) return if_empty;
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

// ---- Normalization -------------------------------------------------------------------------

// NFC code points of UTF-8 text, case-folded when asked. Invalid UTF-8 becomes U+FFFD, so
// the scorer never fails on bytes.
std::u32string code_points(std::string_view text, FoldCase fold) {
  // ICU lengths are 32-bit; a longer field (over 2 GiB) is cut, not wrapped.
  auto length = std::min<std::size_t>(text.size(), std::numeric_limits<int32_t>::max());
  auto unicode =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(length)));
  UErrorCode status = U_ZERO_ERROR;
  auto const* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_SUCCESS(status)) {
    auto normalized = nfc->normalize(unicode, status);
    if (U_SUCCESS(status)) unicode = std::move(normalized);
  }
  if (fold == FoldCase::Yes) unicode.foldCase(U_FOLD_CASE_DEFAULT);
  std::u32string out;
  out.reserve(static_cast<std::size_t>(unicode.length()));
  for (int32_t i = 0; i < unicode.length(); i = unicode.moveIndex32(i, 1)) {
    out.push_back(static_cast<char32_t>(unicode.char32At(i)));
  }
  return out;
}

std::string to_utf8(std::u32string const& text) {
  icu::UnicodeString unicode;
  for (char32_t c : text) unicode.append(static_cast<UChar32>(c));
  std::string out;
  unicode.toUTF8String(out);
  return out;
}

// Folds curly quotes to straight ones (single always, double when asked), turns every run of
// white space into one space and drops white space at both ends.
std::u32string simplify(std::u32string const& text, DoubleQuotes double_quotes) {
  std::u32string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char32_t c : text) {
    if (u_isUWhiteSpace(static_cast<UChar32>(c))) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(U' ');
    pending_space = false;
    if (c == kLeftSingleQuote || c == kRightSingleQuote) {
      c = U'\'';
    } else if (double_quotes == DoubleQuotes::Fold &&
               (c == kLeftDoubleQuote || c == kRightDoubleQuote)) {
      c = U'"';
    }
    out.push_back(c);
  }
  return out;
}

// The form entity names, mentions, speakers and number texts are compared in.
std::string fold_key(std::string_view text) {
  return to_utf8(simplify(code_points(text, FoldCase::Yes), DoubleQuotes::Keep));
}

// The form quote texts are compared in: case is kept, edge punctuation is not.
std::u32string quote_key(std::string_view text) {
  auto out = simplify(code_points(text, FoldCase::No), DoubleQuotes::Fold);
  auto is_edge = [](char32_t c) {
    return c == U' ' || kQuoteEdgePunctuation.find(c) != std::u32string_view::npos;
  };
  std::size_t begin = 0;
  while (begin < out.size() && is_edge(out[begin])) ++begin;
  std::size_t end = out.size();
  while (end > begin && is_edge(out[end - 1])) --end;
  return out.substr(begin, end - begin);
}

// ISO 3166-1 codes are ASCII letters: upper case, white space dropped.
std::string country_code_key(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return out;
}

// ---- Parsed documents ----------------------------------------------------------------------

struct Entity {
  EntityKind kind = EntityKind::Person;
  std::string shown;               // the name as written, for error lists
  std::string name_key;            // folded name, "" when the name is blank
  std::vector<std::string> forms;  // folded name and mentions, distinct, none empty
  std::string iso2;                // upper case, countries only
};

struct QuoteItem {
  std::u32string text;
  std::optional<std::string> speaker;  // folded
  std::string shown_text;              // as written, for error lists
  std::optional<std::string> shown_speaker;
};

struct NumberItem {
  std::string text;         // folded
  std::string first_token;  // up to the first space of the folded text
  double value = 0;
  std::string shown;  // "text = value" as written, for error lists
};

struct ParsedDocument {
  std::vector<Entity> people;
  std::vector<Entity> countries;
  std::vector<Entity> organizations;
  std::vector<QuoteItem> quotes;
  std::vector<NumberItem> numbers;
};

bool contains(std::vector<std::string> const& list, std::string const& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

Entity make_entity(EntityKind kind, std::string const& name,
                   std::vector<std::string> const& mentions, std::string const& iso2) {
  Entity entity{kind, name, fold_key(name), {}, country_code_key(iso2)};
  auto add = [&](std::string form) {
    if (!form.empty() && !contains(entity.forms, form)) entity.forms.push_back(std::move(form));
  };
  add(entity.name_key);
  for (auto const& mention : mentions) add(fold_key(mention));
  return entity;
}

// Reads one side of a comparison, recording the first problem as a message for the user.
// Malformed input is an expected outcome here (a hand-edited gold file, an analyzer bug), so
// it is reported as a value, not thrown.
class Reader {
 public:
  explicit Reader(std::string context) : context_(std::move(context)) {}

  std::optional<ParsedDocument> read(json const& document) {
    if (!document.is_object()) {
      fail(fmt::format("the document must be an object, not {}", document.type_name()));
      return std::nullopt;
    }
    ParsedDocument out;
    if (!entities(document, "people", EntityKind::Person, out.people) ||
        !entities(document, "countries", EntityKind::Country, out.countries) ||
        !entities(document, "organizations", EntityKind::Organization, out.organizations) ||
        !quotes(document, out.quotes) || !numbers(document, out.numbers)) {
      return std::nullopt;
    }
    return out;
  }

  std::string const& error() const { return error_; }

 private:
  bool fail(std::string const& problem) {
    error_ = context_ + problem;
    return false;
  }

  // The member `key` of `object` (found at `path`, "" for the document itself).
  json const* member(json const& object, std::string const& path, char const* key) {
    auto it = object.find(key);
    if (it != object.end()) return &*it;
    fail(path.empty() ? fmt::format("the document has no \"{}\"", key)
                      : fmt::format("{} has no \"{}\"", path, key));
    return nullptr;
  }

  bool expect(bool ok, std::string const& path, char const* what, json const& value) {
    return ok || fail(fmt::format("{} must be {}, not {}", path, what, value.type_name()));
  }

  json const* array(json const& document, char const* key) {
    json const* list = member(document, "", key);
    if (list == nullptr || !expect(list->is_array(), key, "an array", *list)) return nullptr;
    return list;
  }

  bool string(json const& object, std::string const& path, char const* key, std::string& out) {
    json const* value = member(object, path, key);
    if (value == nullptr) return false;
    if (!expect(value->is_string(), path + "." + key, "a string", *value)) return false;
    out = value->get<std::string>();
    return true;
  }

  bool optional_string(json const& object, std::string const& path, char const* key,
                       std::optional<std::string>& out) {
    json const* value = member(object, path, key);
    if (value == nullptr) return false;
    if (value->is_null()) {
      out.reset();
      return true;
    }
    if (!expect(value->is_string(), path + "." + key, "a string or null", *value)) return false;
    out = value->get<std::string>();
    return true;
  }

  bool strings(json const& object, std::string const& path, char const* key,
               std::vector<std::string>& out) {
    json const* value = member(object, path, key);
    if (value == nullptr) return false;
    std::string where = path + "." + key;
    if (!expect(value->is_array(), where, "an array of strings", *value)) return false;
    for (std::size_t i = 0; i < value->size(); ++i) {
      json const& item = (*value)[i];
      if (!expect(item.is_string(), fmt::format("{}[{}]", where, i), "a string", item)) {
        return false;
      }
      out.push_back(item.get<std::string>());
    }
    return true;
  }

  // A field the scorer does not read: it may be missing, but not of another type.
  bool unscored(json const& object, std::string const& path, char const* key, Null null) {
    auto it = object.find(key);
    if (it == object.end() || it->is_string() || (null == Null::Allowed && it->is_null())) {
      return true;
    }
    return expect(false, path + "." + key, null == Null::Allowed ? "a string or null" : "a string",
                  *it);
  }

  bool entities(json const& document, char const* key, EntityKind kind, std::vector<Entity>& out) {
    json const* list = array(document, key);
    if (list == nullptr) return false;
    for (std::size_t i = 0; i < list->size(); ++i) {
      json const& item = (*list)[i];
      auto path = fmt::format("{}[{}]", key, i);
      if (!expect(item.is_object(), path, "an object", item)) return false;
      std::string name;
      std::vector<std::string> mentions;
      std::string iso2;
      if (!string(item, path, "name", name) || !strings(item, path, "mentions", mentions)) {
        return false;
      }
      if (kind == EntityKind::Country && !string(item, path, "iso2", iso2)) return false;
      if (kind == EntityKind::Person && !unscored(item, path, "role", Null::Allowed)) return false;
      out.push_back(make_entity(kind, name, mentions, iso2));
    }
    return true;
  }

  bool quotes(json const& document, std::vector<QuoteItem>& out) {
    json const* list = array(document, "quotes");
    if (list == nullptr) return false;
    for (std::size_t i = 0; i < list->size(); ++i) {
      json const& item = (*list)[i];
      auto path = fmt::format("quotes[{}]", i);
      if (!expect(item.is_object(), path, "an object", item)) return false;
      std::string text;
      std::optional<std::string> speaker;
      if (!optional_string(item, path, "speaker", speaker) || !string(item, path, "text", text)) {
        return false;
      }
      auto shown_speaker = speaker;
      if (speaker) speaker = fold_key(*speaker);
      out.push_back({quote_key(text), std::move(speaker), text, std::move(shown_speaker)});
    }
    return true;
  }

  bool numbers(json const& document, std::vector<NumberItem>& out) {
    json const* list = array(document, "numbers");
    if (list == nullptr) return false;
    for (std::size_t i = 0; i < list->size(); ++i) {
      json const& item = (*list)[i];
      auto path = fmt::format("numbers[{}]", i);
      if (!expect(item.is_object(), path, "an object", item)) return false;
      std::string text;
      if (!string(item, path, "text", text)) return false;
      json const* value = member(item, path, "value");
      if (value == nullptr || !expect(value->is_number(), path + ".value", "a number", *value)) {
        return false;
      }
      if (!unscored(item, path, "what", Null::Rejected)) return false;
      NumberItem number{fold_key(text),
                        {},
                        value->get<double>(),
                        fmt::format("{} = {}", text, value->get<double>())};
      number.first_token = number.text.substr(0, number.text.find(' '));
      out.push_back(std::move(number));
    }
    return true;
  }

  std::string context_;
  std::string error_;
};

// ---- Matching ------------------------------------------------------------------------------

bool share_form(Entity const& a, Entity const& b) {
  return std::any_of(a.forms.begin(), a.forms.end(),
                     [&](std::string const& form) { return contains(b.forms, form); });
}

bool same_country_code(Entity const& a, Entity const& b) {
  return a.kind == EntityKind::Country && b.kind == EntityKind::Country && !a.iso2.empty() &&
         a.iso2 == b.iso2;
}

// The entity rule without one-to-one: a name or mention in common, or the same country.
bool same_entity(Entity const& a, Entity const& b) {
  return share_form(a, b) || same_country_code(a, b);
}

PrfScore match_entities(char const* category, std::vector<Entity> const& predicted,
                        std::vector<Entity> const& gold, std::vector<EvaluationError>& errors) {
  std::vector<bool> predicted_used(predicted.size(), false);
  std::vector<bool> gold_used(gold.size(), false);
  int matched = 0;
  auto pass = [&](auto const& matches) {
    for (std::size_t p = 0; p < predicted.size(); ++p) {
      if (predicted_used[p]) continue;
      for (std::size_t g = 0; g < gold.size(); ++g) {
        if (gold_used[g] || !matches(predicted[p], gold[g])) continue;
        predicted_used[p] = gold_used[g] = true;
        ++matched;
        break;
      }
    }
  };
  pass([](Entity const& p, Entity const& g) {
    return !p.name_key.empty() && p.name_key == g.name_key;
  });
  pass(same_country_code);
  pass(share_form);
  for (std::size_t g = 0; g < gold.size(); ++g) {
    if (!gold_used[g]) errors.push_back({category, "missed", gold[g].shown, "", ""});
  }
  for (std::size_t p = 0; p < predicted.size(); ++p) {
    if (!predicted_used[p]) errors.push_back({category, "extra", "", predicted[p].shown, ""});
  }
  return {matched, static_cast<int>(predicted.size()) - matched,
          static_cast<int>(gold.size()) - matched};
}

// Gives each gold item the first unmatched prediction, in passes of decreasing strictness.
// Returns, for each gold item, the index of its prediction.
template <typename Gold, typename Predicted, typename... Rules>
std::vector<std::optional<std::size_t>> match_recall(std::vector<Gold> const& gold,
                                                     std::vector<Predicted> const& predicted,
                                                     Rules const&... rules) {
  std::vector<std::optional<std::size_t>> match(gold.size());
  std::vector<bool> used(predicted.size(), false);
  auto pass = [&](auto const& rule) {
    for (std::size_t g = 0; g < gold.size(); ++g) {
      if (match[g]) continue;
      for (std::size_t p = 0; p < predicted.size(); ++p) {
        if (used[p] || !rule(gold[g], predicted[p])) continue;
        used[p] = true;
        match[g] = p;
        break;
      }
    }
  };
  (pass(rules), ...);
  return match;
}

int count_found(std::vector<std::optional<std::size_t>> const& match) {
  return static_cast<int>(
      std::count_if(match.begin(), match.end(), [](auto const& m) { return m.has_value(); }));
}

bool quote_texts_equal(QuoteItem const& gold, QuoteItem const& predicted) {
  return !gold.text.empty() && gold.text == predicted.text;
}

bool quote_texts_overlap(QuoteItem const& gold, QuoteItem const& predicted) {
  bool gold_shorter = gold.text.size() <= predicted.text.size();
  auto const& shorter = gold_shorter ? gold.text : predicted.text;
  auto const& longer = gold_shorter ? predicted.text : gold.text;
  if (shorter.empty() || longer.find(shorter) == std::u32string::npos) return false;
  return shorter.size() * kContainmentDenominator >= longer.size() * kContainmentNumerator;
}

bool values_close(double predicted, double gold) {
  double difference = std::fabs(predicted - gold);
  return difference <= kNumberAbsoluteTolerance ||
         difference <= kNumberRelativeTolerance * std::fabs(gold);
}

bool number_texts_equal(NumberItem const& gold, NumberItem const& predicted) {
  return values_close(predicted.value, gold.value) && !gold.text.empty() &&
         gold.text == predicted.text;
}

bool number_matches(NumberItem const& gold, NumberItem const& predicted) {
  if (!values_close(predicted.value, gold.value)) return false;
  if (gold.text.empty() || predicted.text.empty()) return false;
  return gold.text.find(predicted.text) != std::string::npos ||
         predicted.text.find(gold.text) != std::string::npos ||
         gold.first_token == predicted.first_token;
}

// The gold entity a gold speaker names: by name first, then by mention, looking at people,
// organizations and countries in that order.
Entity const* find_speaker(ParsedDocument const& document, std::string const& speaker) {
  std::vector<Entity> const* lists[] = {&document.people, &document.organizations,
                                        &document.countries};
  for (auto const* list : lists) {
    for (auto const& entity : *list) {
      if (entity.name_key == speaker) return &entity;
    }
  }
  for (auto const* list : lists) {
    for (auto const& entity : *list) {
      if (contains(entity.forms, speaker)) return &entity;
    }
  }
  return nullptr;
}

bool speaker_right(std::optional<std::string> const& predicted,
                   std::optional<std::string> const& gold, ParsedDocument const& predicted_document,
                   ParsedDocument const& gold_document) {
  if (!predicted || !gold) return !predicted && !gold;
  if (predicted->empty()) return false;
  if (*predicted == *gold) return true;
  Entity const* entity = find_speaker(gold_document, *gold);
  if (entity == nullptr) return false;
  if (contains(entity->forms, *predicted)) return true;
  for (auto const* list : {&predicted_document.people, &predicted_document.organizations,
                           &predicted_document.countries}) {
    for (auto const& candidate : *list) {
      if (contains(candidate.forms, *predicted) && same_entity(candidate, *entity)) return true;
    }
  }
  return false;
}

void score_quotes(ParsedDocument const& predicted, ParsedDocument const& gold,
                  DocumentScore& score) {
  auto match = match_recall(gold.quotes, predicted.quotes, quote_texts_equal, quote_texts_overlap);
  int found = count_found(match);
  int right = 0;
  auto shown = [](std::optional<std::string> const& speaker) {
    return speaker ? *speaker : std::string("null");
  };
  for (std::size_t g = 0; g < gold.quotes.size(); ++g) {
    auto const& quote = gold.quotes[g];
    if (!match[g]) {
      score.errors.push_back({"quotes", "missed", quote.shown_text, "", ""});
      score.errors.push_back(
          {"speakers", "wrong", shown(quote.shown_speaker), "(quote missed)", quote.shown_text});
      continue;
    }
    auto const& guess = predicted.quotes[*match[g]];
    if (speaker_right(guess.speaker, quote.speaker, predicted, gold)) {
      ++right;
    } else {
      score.errors.push_back({"speakers", "wrong", shown(quote.shown_speaker),
                              shown(guess.shown_speaker), quote.shown_text});
    }
  }
  int total = static_cast<int>(gold.quotes.size());
  score.quotes = {found, total};
  score.speakers = {right, total};
  score.speakers_found = {right, found};
}

}  // namespace

double PrfScore::precision() const {
  return ratio(true_positives, true_positives + false_positives, false_negatives == 0 ? 1.0 : 0.0);
}

double PrfScore::recall() const {
  return ratio(true_positives, true_positives + false_negatives, false_positives == 0 ? 1.0 : 0.0);
}

double PrfScore::f1() const {
  double p = precision();
  double r = recall();
  return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}

PrfScore& PrfScore::operator+=(PrfScore const& other) {
  true_positives += other.true_positives;
  false_positives += other.false_positives;
  false_negatives += other.false_negatives;
  return *this;
}

double RecallScore::recall() const {
  return ratio(found, total, 1.0);
}

RecallScore& RecallScore::operator+=(RecallScore const& other) {
  found += other.found;
  total += other.total;
  return *this;
}

Result<DocumentScore> score_document(std::string name, json const& predicted, json const& gold) {
  Reader predicted_reader(name + ": predicted: ");
  auto predicted_document = predicted_reader.read(predicted);
  if (!predicted_document) return invalid(predicted_reader.error());
  Reader gold_reader(name + ": gold: ");
  auto gold_document = gold_reader.read(gold);
  if (!gold_document) return invalid(gold_reader.error());

  DocumentScore score;
  score.name = std::move(name);
  score.people =
      match_entities("people", predicted_document->people, gold_document->people, score.errors);
  score.countries = match_entities("countries", predicted_document->countries,
                                   gold_document->countries, score.errors);
  score.organizations = match_entities("organizations", predicted_document->organizations,
                                       gold_document->organizations, score.errors);
  score_quotes(*predicted_document, *gold_document, score);
  auto const& gold_numbers = gold_document->numbers;
  auto const& predicted_numbers = predicted_document->numbers;
  auto numbers = match_recall(gold_numbers, predicted_numbers, number_texts_equal, number_matches);
  score.numbers = {count_found(numbers), static_cast<int>(gold_numbers.size())};
  std::vector<bool> predicted_used(predicted_numbers.size(), false);
  for (std::size_t g = 0; g < gold_numbers.size(); ++g) {
    if (numbers[g]) {
      predicted_used[*numbers[g]] = true;
    } else {
      score.errors.push_back({"numbers", "missed", gold_numbers[g].shown, "", ""});
    }
  }
  for (std::size_t p = 0; p < predicted_numbers.size(); ++p) {
    if (!predicted_used[p]) {
      score.errors.push_back({"numbers", "extra", "", predicted_numbers[p].shown, ""});
    }
  }
  return score;
}

EvaluationReport evaluate(std::vector<DocumentScore> documents) {
  EvaluationReport report;
  report.micro.name = "micro";
  for (auto const& document : documents) {
    report.micro.people += document.people;
    report.micro.countries += document.countries;
    report.micro.organizations += document.organizations;
    report.micro.quotes += document.quotes;
    report.micro.numbers += document.numbers;
    report.micro.speakers += document.speakers;
    report.micro.speakers_found += document.speakers_found;
  }
  report.documents = std::move(documents);
  return report;
}

}  // namespace dossier::insight
