// Quotation speakers beyond what the case files check (issue 19): the speaker's kind and
// country, and institutions editors confirmed (Analyzer::set_known_speakers).
#include <gtest/gtest.h>

#include <algorithm>

#include "insight/analyzer.hpp"

namespace dossier::insight {
namespace {

Quote const& quote_with(Analysis const& a, std::string const& text) {
  auto it = std::find_if(a.quotes.begin(), a.quotes.end(),
                         [&](Quote const& q) { return q.text == text; });
  if (it == a.quotes.end()) throw std::runtime_error("no quote " + text);
  return *it;
}

TEST(QuoteReader, AnInstitutionSpeaksWithItsCountry) {
  Analyzer analyzer(Lexicon::embedded());
  auto a = analyzer.analyze(make_document(
      "Border shut", {"\"The crossings stay closed,\" the Chadian authorities said on Sunday.",
                      "A joint statement said both sides would act \"within ninety days\"."}));
  auto const& first = quote_with(a, "The crossings stay closed,");
  EXPECT_EQ(first.speaker, "Chadian authorities");
  EXPECT_EQ(first.speaker_kind, SpeakerKind::Institution);
  EXPECT_EQ(first.speaker_country, "TD");
  auto const& second = quote_with(a, "within ninety days");
  EXPECT_EQ(second.speaker, "joint statement");
  EXPECT_EQ(second.speaker_kind, SpeakerKind::Institution);
  EXPECT_FALSE(second.speaker_country);
}

TEST(QuoteReader, AWitnessNamedByFirstNameIsAPersonAndAnOfficeAnInstitution) {
  Analyzer analyzer(Lexicon::embedded());
  auto a = analyzer.analyze(make_document(
      "Prices", {"\"Bread costs twice what it did,\" said a baker in the old market who gave "
                 "only his first name, Kamran.",
                 "The president's office said the cabinet would meet \"within days\"."}));
  auto const& witness = quote_with(a, "Bread costs twice what it did,");
  EXPECT_EQ(witness.speaker, "Kamran");
  EXPECT_EQ(witness.speaker_kind, SpeakerKind::Person);
  EXPECT_FALSE(witness.speaker_country);
  auto const& office = quote_with(a, "within days");
  EXPECT_EQ(office.speaker, "president's office");
  EXPECT_EQ(office.speaker_kind, SpeakerKind::Institution);
}

TEST(QuoteReader, AnOrganizationAndACountryGiveTheirCountry) {
  Analyzer analyzer(Lexicon::embedded());
  auto a = analyzer.analyze(
      make_document("Reply", {"Sudan's Foreign Ministry called the closure \"a hostile act\"."}));
  auto const& q = quote_with(a, "a hostile act");
  EXPECT_EQ(q.speaker_kind, SpeakerKind::Organization);
  EXPECT_EQ(q.speaker_country, "SD");
}

TEST(QuoteReader, UnnamedOfficialsOfACountryAreNoSpeaker) {
  Analyzer analyzer(Lexicon::embedded());
  auto a = analyzer.analyze(
      make_document("Talks", {"Chadian officials said \"nobody expected an attack\".",
                              "\"We are ready,\" a military spokesman said."}));
  EXPECT_FALSE(quote_with(a, "nobody expected an attack").speaker);
  EXPECT_FALSE(quote_with(a, "We are ready,").speaker);
}

TEST(QuoteReader, AKnownInstitutionIsRecognisedAsTheSpeaker) {
  Analyzer analyzer(Lexicon::embedded());
  auto doc = make_document(
      "Count delayed",
      {"\"The count will take two more days,\" the Zambezi Valley Electoral Board said."});
  auto before = analyzer.analyze(doc);
  EXPECT_NE(quote_with(before, "The count will take two more days,").speaker_kind,
            SpeakerKind::Institution);
  analyzer.set_known_speakers({{"Zambezi Valley Electoral Board", SpeakerKind::Institution, "ZM"}});
  auto after = analyzer.analyze(doc);
  auto const& q = quote_with(after, "The count will take two more days,");
  EXPECT_EQ(q.speaker, "Zambezi Valley Electoral Board");
  EXPECT_EQ(q.speaker_kind, SpeakerKind::Institution);
  EXPECT_EQ(q.speaker_country, "ZM");
}

}  // namespace
}  // namespace dossier::insight
