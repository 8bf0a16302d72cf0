#pragma once

// The scorer behind `dossier insight eval`: compares the analyzer's output for a document with
// its gold annotation (tests/fixtures/insight/dev/README.md explains how the gold is made).
// Both sides are JSON documents of the analyzer's output shape:
//
//   {"people":        [{"name": "...", "mentions": ["..."], "role": "..." | null}],
//    "countries":     [{"name": "...", "iso2": "..", "mentions": ["..."]}],
//    "organizations": [{"name": "...", "mentions": ["..."]}],
//    "quotes":        [{"speaker": "..." | null, "text": "..."}],
//    "numbers":       [{"text": "...", "value": 127000, "what": "..."}]}
//
// All five keys are required and must be arrays. Inside an item the fields the scorer reads
// are required (name, mentions and, for countries, iso2; a quote's speaker and text; a number's
// text and value); "role" and "what" are not scored and may be missing, but when present they
// must have the type above. Other keys are ignored.
//
// Scoring rules, as the issue states them:
//
// Normalized forms. Entity names, mentions, speakers and number texts are compared after
// folding curly apostrophes (‘ ’) to ', Unicode NFC, full case folding, trimming, and
// collapsing runs of white space to one space. Quote texts are compared after NFC, folding
// curly quotes (‘ ’ “ ”) to straight ones, collapsing white space, trimming, and dropping
// leading and trailing , . ; : ! ? — without case folding. An empty form matches nothing.
//
// People, countries, organizations: precision, recall and F1, one-to-one. A predicted entity
// matches a gold entity of the same kind when the predicted name or any predicted mention
// equals the gold name or any gold mention; for countries equal iso2 codes (case-insensitive)
// also match. Matching is greedy in three passes, each taking predictions in their order and
// giving each the first unmatched gold entity in gold order: (1) equal names, (2) equal iso2
// codes (countries only), (3) any name or mention in common. So an exact name match is never
// lost to an earlier prediction that only shares a mention, and a country's code decides
// between look-alikes ("Congo") before shared mentions do. TP = matched predictions,
// FP = unmatched predictions, FN = unmatched gold entities.
//
// Quotes: recall of gold quotes, one-to-one. A gold quote is found by a predicted quote whose
// normalized text is equal, or when one normalized text contains the other and the shorter is
// at least 80% of the longer, counted in code points. Two passes over the gold quotes in their
// order: equal texts first, then containment, each taking the first unmatched prediction.
//
// Speakers: accuracy over all gold quotes (a gold quote that was not found counts as wrong),
// and, as a second figure, over the found quotes only. The speaker of a found quote is right
// when both speakers are null, or when the predicted speaker equals the gold speaker, or
// names the same gold entity: the gold speaker is looked up among the gold people,
// organizations and countries (by name first, then by mention) and any name or mention of that
// entity is accepted; so is a predicted speaker that is a name or mention of some predicted
// entity sharing a name or mention (or, for two countries, the iso2 code) with that gold entity.
//
// Numbers: recall of gold numbers, one-to-one. A predicted number finds a gold number when its
// value is within 0.1% of the gold value (relative to the gold value) or within 1e-9
// absolutely, and either normalized text contains the other or both begin with the same first
// token (text up to the first white space). Two passes over the gold numbers: equal texts
// first, then the general rule, each taking the first unmatched prediction.
//
// Empty denominators: a ratio whose denominator is zero is 1.0 when there was nothing to find
// and nothing was predicted, and 0.0 otherwise. So precision with no predictions is 1.0 if
// there is no gold and 0.0 if there is; recall with no gold is 1.0 if nothing was predicted
// and 0.0 if something was; F1 is 0.0 when precision and recall are both 0. A RecallScore
// has no predictions to count, so with total 0 its recall is 1.0 (the report prints "-").
//
// The micro average sums the counts over all documents and computes the ratios from the
// sums; it is not an average of per-document ratios.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace dossier::insight {

// Counts for a precision/recall/F1 measure.
struct PrfScore {
  int true_positives = 0;
  int false_positives = 0;
  int false_negatives = 0;

  double precision() const;
  double recall() const;
  double f1() const;
  PrfScore& operator+=(PrfScore const& other);
};

// Counts for a recall-only measure. For speakers, `found` counts the right attributions.
struct RecallScore {
  int found = 0;
  int total = 0;

  double recall() const;
  RecallScore& operator+=(RecallScore const& other);
};

// One thing the analyzer got wrong, so errors can be read and not just counted.
//   category "people" | "countries" | "organizations": kind "missed" (gold is the gold name)
//     or "extra" (predicted is the predicted name);
//   "quotes": "missed" (gold is the gold text);
//   "speakers": "wrong" (quote is the gold text, gold the gold speaker, predicted the
//     predicted speaker; "null" for none, "(quote missed)" when the quote was not found);
//   "numbers": "missed" (gold is "text = value") or "extra" (predicted is "text = value").
struct EvaluationError {
  std::string category;
  std::string kind;
  std::string gold;
  std::string predicted;
  std::string quote;
};

struct DocumentScore {
  std::string name;
  PrfScore people;
  PrfScore countries;
  PrfScore organizations;
  RecallScore quotes;
  RecallScore numbers;
  RecallScore speakers;                 // right speakers over all gold quotes
  RecallScore speakers_found;           // right speakers over the found gold quotes only
  std::vector<EvaluationError> errors;  // in category order; empty for the micro row
};

struct EvaluationReport {
  std::vector<DocumentScore> documents;
  DocumentScore micro;  // named "micro": the summed counts of all documents
};

// Scores one document. A malformed side (not an object, a missing key, a wrong type) gives an
// ErrorKind::Invalid error whose message names the document, the side and the place, e.g.
// `03: gold: quotes[4].speaker must be a string or null, not number`.
Result<DocumentScore> score_document(std::string name, nlohmann::json const& predicted,
                                     nlohmann::json const& gold);

// Keeps the documents in their order and adds the micro average.
EvaluationReport evaluate(std::vector<DocumentScore> documents);

// Whether a report shows each document or only the summed row (a blind set's documents are
// never shown one by one).
enum class Rows { Documents, MicroOnly };

// A plain-text table: one row per document and the micro row, ratios with 3 decimals ("-"
// where a recall has nothing to measure), then the micro counts.
std::string format_report(EvaluationReport const& report, Rows rows = Rows::Documents);

// {"documents": [score...], "document_count": N, "micro": score}, where a score is
// {"name", "people"|"countries"|"organizations": {"true_positives", "false_positives",
//  "false_negatives", "precision", "recall", "f1"}, "quotes"|"numbers": {"found", "total",
//  "recall"}, "speakers"|"speakers_found": {"correct", "total", "accuracy"}}.
// Every document's errors, grouped by document then category, one line each:
//   "03  speakers       wrong   \"We will...\"  gold: Jan Kowal  predicted: null".
// Empty when there are none.
std::string format_errors(EvaluationReport const& report);

// With `with_errors`, each document also carries "errors": [{"category", "kind", "gold",
// "predicted", "quote"}].
nlohmann::json report_json(EvaluationReport const& report, bool with_errors = false,
                           Rows rows = Rows::Documents);
nlohmann::json document_json(DocumentScore const& score, bool with_errors = false);

}  // namespace dossier::insight
