// The scorer behind `dossier insight eval`. The matching rules are covered by hand-computed
// fixture cases (tests/fixtures/insight/evaluation/, format in its README.md): entity matching
// by mention, case and apostrophes, one-to-one, quote normalization and the 80% rule, speakers,
// number tolerance and malformed documents. The tests here add what is not one document: the
// dev set's gold scored against itself, the micro average, the empty-denominator convention,
// the text and JSON reports, and a sweep of broken documents that must never throw.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "insight/evaluation/evaluation.hpp"
#include "support/test_paths.hpp"

namespace dossier::insight {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// Ratios in fixtures are written with 4 decimals (2/3 as 0.6667).
constexpr double kRatioTolerance = 5e-4;

fs::path fixture_dir() {
  return fs::path(::dossier::test::test_dir()) / "fixtures/insight/evaluation";
}
fs::path dev_dir() {
  return fs::path(::dossier::test::test_dir()) / "fixtures/insight/dev";
}

json read_json(fs::path const& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

std::vector<fs::path> json_files(fs::path const& dir) {
  std::vector<fs::path> files;
  for (auto const& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// A fixture document lists only the keys its case is about; the rest are empty.
json complete(json document) {
  for (char const* key : {"people", "countries", "organizations", "quotes", "numbers"}) {
    if (!document.contains(key)) document[key] = json::array();
  }
  return document;
}

// Every key of `expected` must be in `actual` with the same value: integers exactly, ratios
// within kRatioTolerance.
void expect_subset(json const& expected, json const& actual, std::string const& path) {
  if (expected.is_object()) {
    for (auto const& [key, value] : expected.items()) {
      std::string where = path;
      where.append(".").append(key);
      ASSERT_TRUE(actual.contains(key)) << where;
      expect_subset(value, actual.at(key), where);
    }
  } else if (expected.is_number_float()) {
    EXPECT_NEAR(actual.get<double>(), expected.get<double>(), kRatioTolerance) << path;
  } else {
    EXPECT_EQ(actual, expected) << path;
  }
}

// ---- Fixture cases -------------------------------------------------------------------------

class EvaluationFixture : public testing::TestWithParam<fs::path> {};

TEST_P(EvaluationFixture, ScoresEveryCaseAsComputedByHand) {
  json file = read_json(GetParam());
  ASSERT_TRUE(file.contains("covers")) << "every fixture file says what it covers";
  ASSERT_FALSE(file.at("cases").empty());
  for (auto const& c : file.at("cases")) {
    std::string name = c.at("name").get<std::string>();
    SCOPED_TRACE(name);
    if (c.contains("error")) {
      auto score = score_document("07", c.at("predicted"), c.at("gold"));
      ASSERT_FALSE(score.ok());
      EXPECT_EQ(score.error().kind, ErrorKind::Invalid);
      EXPECT_EQ(score.error().message, c.at("error").get<std::string>());
      continue;
    }
    auto score = score_document(name, complete(c.at("predicted")), complete(c.at("gold")));
    ASSERT_TRUE(score.ok()) << score.error().message;
    expect_subset(c.at("expected"), document_json(*score), name);
  }
}

std::string fixture_name(testing::TestParamInfo<fs::path> const& info) {
  return info.param.stem().string();
}

INSTANTIATE_TEST_SUITE_P(Evaluation, EvaluationFixture,
                         testing::ValuesIn(json_files(fixture_dir())), fixture_name);

// ---- Whole documents -----------------------------------------------------------------------

void expect_perfect(DocumentScore const& score) {
  SCOPED_TRACE(score.name);
  for (PrfScore const* prf : {&score.people, &score.countries, &score.organizations}) {
    EXPECT_EQ(prf->false_positives, 0);
    EXPECT_EQ(prf->false_negatives, 0);
    EXPECT_DOUBLE_EQ(prf->precision(), 1.0);
    EXPECT_DOUBLE_EQ(prf->recall(), 1.0);
    EXPECT_DOUBLE_EQ(prf->f1(), 1.0);
  }
  for (RecallScore const* recall :
       {&score.quotes, &score.numbers, &score.speakers, &score.speakers_found}) {
    EXPECT_EQ(recall->found, recall->total);
    EXPECT_DOUBLE_EQ(recall->recall(), 1.0);
  }
}

TEST(EvaluationDevSet, GoldAgainstItselfIsPerfect) {
  std::vector<DocumentScore> scores;
  for (auto const& path : json_files(dev_dir())) {
    json gold = read_json(path);
    auto score = score_document(path.stem().string(), gold, gold);
    ASSERT_TRUE(score.ok()) << score.error().message;
    EXPECT_EQ(score->people.true_positives, static_cast<int>(gold.at("people").size()));
    EXPECT_EQ(score->quotes.total, static_cast<int>(gold.at("quotes").size()));
    EXPECT_EQ(score->numbers.total, static_cast<int>(gold.at("numbers").size()));
    expect_perfect(*score);
    scores.push_back(std::move(*score));
  }
  ASSERT_GE(scores.size(), 30u);
  auto report = evaluate(std::move(scores));
  EXPECT_EQ(report.micro.name, "micro");
  expect_perfect(report.micro);
}

TEST(EvaluationDevSet, ShuffledPredictionsAreStillPerfect) {
  // Matching must not depend on the analyzer listing things in the gold's order.
  for (auto const& path : json_files(dev_dir())) {
    json gold = read_json(path);
    json predicted = gold;
    for (auto& [key, list] : predicted.items()) std::reverse(list.begin(), list.end());
    auto score = score_document(path.stem().string(), predicted, gold);
    ASSERT_TRUE(score.ok()) << score.error().message;
    expect_perfect(*score);
  }
}

TEST(EvaluationDevSet, EmptyPredictionFindsNothing) {
  json gold = read_json(dev_dir() / "01.json");
  auto score = score_document("01", complete(json::object()), gold);
  ASSERT_TRUE(score.ok());
  EXPECT_EQ(score->people.false_negatives, static_cast<int>(gold.at("people").size()));
  EXPECT_DOUBLE_EQ(score->people.precision(), 0.0);
  EXPECT_DOUBLE_EQ(score->countries.f1(), 0.0);
  EXPECT_EQ(score->quotes.found, 0);
  EXPECT_EQ(score->speakers.found, 0);
  EXPECT_EQ(score->speakers_found.total, 0);
  EXPECT_EQ(score->numbers.found, 0);
}

// Every node of a real gold file, removed or replaced by a value of another type, on either
// side: the scorer returns a score or an error naming the document and side, never throws.
TEST(EvaluationMalformed, BrokenDocumentsNeverThrow) {
  json const gold = read_json(dev_dir() / "05.json");
  std::vector<json> replacements = {nullptr, 1, "x", json::object(), json::array(), true};
  int errors = 0;

  // Walk the JSON pointers of every node rather than the tree itself, so each mutation starts
  // from an intact copy.
  std::vector<json::json_pointer> pointers;
  json const flat = gold.flatten();
  for (auto const& [pointer, value] : flat.items()) {
    json::json_pointer leaf(pointer);
    for (auto p = leaf; !p.empty(); p = p.parent_pointer()) {
      if (std::find(pointers.begin(), pointers.end(), p) == pointers.end()) pointers.push_back(p);
    }
  }
  ASSERT_GT(pointers.size(), 100u);
  for (auto const& pointer : pointers) {
    std::vector<json> broken;
    for (auto const& replacement : replacements) {
      json copy = gold;
      if (copy.at(pointer).type() == replacement.type()) continue;
      copy.at(pointer) = replacement;
      broken.push_back(std::move(copy));
    }
    json removed = gold;
    json& parent = removed.at(pointer.parent_pointer());
    if (parent.is_object()) {
      parent.erase(pointer.back());
    } else {
      parent.erase(static_cast<std::size_t>(std::stoul(pointer.back())));
    }
    broken.push_back(std::move(removed));
    for (auto const& document : broken) {
      for (bool on_gold : {false, true}) {
        SCOPED_TRACE(pointer.to_string());
        std::optional<Result<DocumentScore>> score;
        ASSERT_NO_THROW(score.emplace(on_gold ? score_document("05", gold, document)
                                              : score_document("05", document, gold)));
        if (score->ok()) continue;
        ++errors;
        EXPECT_EQ(score->error().message.rfind(on_gold ? "05: gold: " : "05: predicted: ", 0), 0u)
            << score->error().message;
      }
    }
  }
  EXPECT_GT(errors, 100);
}

TEST(EvaluationMalformed, ScalarDocumentsAreErrors) {
  json const gold = read_json(dev_dir() / "05.json");
  for (json const& document : {json(nullptr), json(3), json("text"), json::array()}) {
    auto score = score_document("05", document, gold);
    ASSERT_FALSE(score.ok());
    EXPECT_EQ(score.error().message, "05: predicted: the document must be an object, not " +
                                         std::string(document.type_name()));
  }
}

// ---- Measures and reports ------------------------------------------------------------------

TEST(EvaluationScore, EmptyDenominatorsFollowTheConvention) {
  PrfScore empty;
  EXPECT_DOUBLE_EQ(empty.precision(), 1.0);
  EXPECT_DOUBLE_EQ(empty.recall(), 1.0);
  EXPECT_DOUBLE_EQ(empty.f1(), 1.0);

  PrfScore missed{0, 0, 3};
  EXPECT_DOUBLE_EQ(missed.precision(), 0.0);
  EXPECT_DOUBLE_EQ(missed.recall(), 0.0);
  EXPECT_DOUBLE_EQ(missed.f1(), 0.0);

  PrfScore invented{0, 2, 0};
  EXPECT_DOUBLE_EQ(invented.precision(), 0.0);
  EXPECT_DOUBLE_EQ(invented.recall(), 0.0);
  EXPECT_DOUBLE_EQ(invented.f1(), 0.0);

  PrfScore mixed{3, 1, 2};
  EXPECT_DOUBLE_EQ(mixed.precision(), 0.75);
  EXPECT_DOUBLE_EQ(mixed.recall(), 0.6);
  EXPECT_DOUBLE_EQ(mixed.f1(), 2 * 0.75 * 0.6 / 1.35);

  EXPECT_DOUBLE_EQ(RecallScore{}.recall(), 1.0);
  EXPECT_DOUBLE_EQ((RecallScore{0, 4}).recall(), 0.0);
  EXPECT_DOUBLE_EQ((RecallScore{1, 4}).recall(), 0.25);
}

std::vector<DocumentScore> two_documents() {
  DocumentScore a;
  a.name = "a";
  a.people = {1, 0, 0};  // precision 1
  a.quotes = {1, 1};
  a.numbers = {0, 1};
  a.speakers = {1, 1};
  a.speakers_found = {1, 1};
  DocumentScore b;
  b.name = "b";
  b.people = {1, 3, 1};  // precision 1/4
  b.quotes = {0, 3};
  b.numbers = {2, 2};
  b.speakers = {0, 3};
  b.speakers_found = {0, 0};
  return {a, b};
}

TEST(EvaluationReport, MicroAverageSumsCountsNotRatios) {
  auto report = evaluate(two_documents());
  ASSERT_EQ(report.documents.size(), 2u);
  EXPECT_EQ(report.documents[0].name, "a");
  EXPECT_EQ(report.documents[1].name, "b");
  auto const& micro = report.micro;
  EXPECT_EQ(micro.people.true_positives, 2);
  EXPECT_EQ(micro.people.false_positives, 3);
  EXPECT_EQ(micro.people.false_negatives, 1);
  EXPECT_DOUBLE_EQ(micro.people.precision(), 0.4);  // 2/5, not (1 + 1/4) / 2
  EXPECT_DOUBLE_EQ(micro.people.recall(), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(micro.quotes.recall(), 0.25);  // 1/4, not (1 + 0) / 2
  EXPECT_DOUBLE_EQ(micro.numbers.recall(), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(micro.speakers.recall(), 0.25);
  EXPECT_EQ(micro.speakers_found.found, 1);
  EXPECT_EQ(micro.speakers_found.total, 1);
  // Countries: nothing in either document, so the sums are empty and perfect.
  EXPECT_DOUBLE_EQ(micro.countries.f1(), 1.0);
}

TEST(EvaluationReport, EmptyReportHasAPerfectEmptyMicroRow) {
  auto report = evaluate({});
  EXPECT_TRUE(report.documents.empty());
  EXPECT_EQ(report.micro.name, "micro");
  EXPECT_EQ(report.micro.quotes.total, 0);
  EXPECT_NO_THROW(format_report(report));
}

TEST(EvaluationReport, TableHasARowPerDocumentAndTheMicroRow) {
  auto text = format_report(evaluate(two_documents()));
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_GE(lines.size(), 6u);
  EXPECT_EQ(lines[0].rfind("document", 0), 0u) << text;
  EXPECT_NE(lines[0].find("organizations"), std::string::npos);
  EXPECT_NE(lines[1].find("F1"), std::string::npos);
  // Row a: people 1.000 1.000 1.000, quotes 1.000, numbers 0.000.
  EXPECT_EQ(lines[2].rfind("a ", 0), 0u);
  EXPECT_NE(lines[2].find("1.000 1.000 1.000"), std::string::npos);
  EXPECT_NE(lines[2].find("0.000"), std::string::npos);
  // Row b: people 0.250 0.500 0.333; speakers over found quotes has nothing to measure.
  EXPECT_EQ(lines[3].rfind("b ", 0), 0u);
  EXPECT_NE(lines[3].find("0.250 0.500 0.333"), std::string::npos);
  EXPECT_EQ(lines[3].back(), '-');
  EXPECT_EQ(lines[4].find_first_not_of('-'), std::string::npos);
  EXPECT_EQ(lines[5].rfind("micro ", 0), 0u);
  EXPECT_NE(lines[5].find("0.400 0.667 0.500"), std::string::npos);
  // The rows line up: same length as the header's second line.
  EXPECT_EQ(lines[2].size(), lines[1].size());
  EXPECT_EQ(lines[5].size(), lines[1].size());
  EXPECT_NE(text.find("TP 2  FP 3  FN 1"), std::string::npos) << text;
  EXPECT_NE(text.find("found 1 of 4"), std::string::npos);
  EXPECT_NE(text.find("right 1 of 4 quotes (1 of 1 found quotes)"), std::string::npos);
}

TEST(EvaluationReport, JsonHasCountsAndRatios) {
  auto out = report_json(evaluate(two_documents()));
  ASSERT_EQ(out.at("documents").size(), 2u);
  EXPECT_EQ(out.at("documents")[1].at("name"), "b");
  EXPECT_EQ(out.at("documents")[1].at("people").at("false_positives"), 3);
  EXPECT_DOUBLE_EQ(out.at("documents")[1].at("people").at("precision").get<double>(), 0.25);
  auto const& micro = out.at("micro");
  EXPECT_EQ(micro.at("name"), "micro");
  EXPECT_EQ(micro.at("people").at("true_positives"), 2);
  EXPECT_DOUBLE_EQ(micro.at("people").at("precision").get<double>(), 0.4);
  EXPECT_DOUBLE_EQ(micro.at("people").at("f1").get<double>(), 0.5);
  EXPECT_EQ(micro.at("quotes").at("found"), 1);
  EXPECT_EQ(micro.at("quotes").at("total"), 4);
  EXPECT_DOUBLE_EQ(micro.at("numbers").at("recall").get<double>(), 2.0 / 3.0);
  EXPECT_EQ(micro.at("speakers").at("correct"), 1);
  EXPECT_DOUBLE_EQ(micro.at("speakers").at("accuracy").get<double>(), 0.25);
  EXPECT_EQ(micro.at("speakers_found").at("total"), 1);
}

// The error lists: each kind of miss is named with what gold and the analyzer said, so a
// rule writer reads them instead of counting.
TEST(EvaluationErrors, ListEveryMissExtraAndWrongSpeaker) {
  json gold = json::parse(R"({
    "people": [{"name": "Jan Kowal", "mentions": ["Kowal"], "role": null},
               {"name": "Ana Petrov", "mentions": ["Petrov"], "role": null}],
    "countries": [],
    "organizations": [{"name": "Ruritanian Defence Ministry", "mentions": []}],
    "quotes": [{"speaker": "Jan Kowal", "text": "We will not support it,"},
               {"speaker": "Ruritanian authorities", "text": "We reject the plan,"},
               {"speaker": null, "text": "within ninety days"}],
    "numbers": [{"text": "240,000 displaced people", "value": 240000, "what": "people"},
                {"text": "nine days", "value": 9, "what": "days", "unit": "days"}]})");
  json predicted = json::parse(R"({
    "people": [{"name": "Jan Kowal", "mentions": ["Kowal"], "role": null},
               {"name": "Defence Ministry", "mentions": [], "role": null}],
    "countries": [],
    "organizations": [{"name": "Ruritanian Defence Ministry", "mentions": []}],
    "quotes": [{"speaker": "Kowal", "text": "We will not support it,"},
               {"speaker": null, "text": "We reject the plan,"}],
    "numbers": [{"text": "240,000 displaced people", "value": 240000, "what": "people"},
                {"text": "two patterns", "value": 2, "what": "patterns"}]})");
  auto score = score_document("07", predicted, gold);
  ASSERT_TRUE(score.ok());
  auto const& errors = score->errors;
  auto has = [&](std::string const& category, std::string const& kind, std::string const& gold_side,
                 std::string const& predicted_side, std::string const& quote) {
    return std::any_of(errors.begin(), errors.end(), [&](EvaluationError const& e) {
      return e.category == category && e.kind == kind && e.gold == gold_side &&
             e.predicted == predicted_side && e.quote == quote;
    });
  };
  EXPECT_TRUE(has("people", "missed", "Ana Petrov", "", ""));
  EXPECT_TRUE(has("people", "extra", "", "Defence Ministry", ""));
  EXPECT_TRUE(has("quotes", "missed", "within ninety days", "", ""));
  EXPECT_TRUE(has("speakers", "wrong", "Ruritanian authorities", "null", "We reject the plan,"));
  EXPECT_TRUE(has("speakers", "wrong", "null", "(quote missed)", "within ninety days"));
  EXPECT_TRUE(has("numbers", "missed", "nine days = 9", "", ""));
  EXPECT_TRUE(has("numbers", "extra", "", "two patterns = 2", ""));
  // Right answers are not errors: Kowal's quotation, the ministry, the 240,000.
  EXPECT_EQ(errors.size(), 7u);

  auto report = evaluate({*score});
  auto text = format_errors(report);
  EXPECT_NE(text.find("07  speakers      wrong   \"We reject the plan,\"  gold: Ruritanian "
                      "authorities  predicted: null"),
            std::string::npos)
      << text;
  auto with = report_json(report, true);
  EXPECT_EQ(with.at("documents")[0].at("errors").size(), 7u);
  EXPECT_FALSE(report_json(report).at("documents")[0].contains("errors"));
}

TEST(EvaluationErrors, GoldAgainstItselfHasNone) {
  for (auto const& entry : fs::directory_iterator(dev_dir())) {
    if (entry.path().extension() != ".json") continue;
    auto gold = read_json(entry.path());
    auto score = score_document(entry.path().stem().string(), gold, gold);
    ASSERT_TRUE(score.ok());
    EXPECT_TRUE(score->errors.empty()) << entry.path() << ": " << score->errors.front().category;
  }
}

}  // namespace
}  // namespace dossier::insight
