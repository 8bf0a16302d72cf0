#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace dossier::insight {

// A byte range [begin, end) in Document::text.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// What the analyzer reads: an article as plain text. `text` is the title, a blank line, then
// the paragraphs separated by blank lines ("\n\n"); every offset the analyzer reports is a byte
// offset into it, so a mention is always an exact substring of the input.
struct Document {
  std::string text;
  std::vector<Span> paragraphs;  // the title is paragraphs[0]
};

// Builds a Document from the title and the paragraphs (each trimmed, none empty).
Document make_document(std::string const& title, std::vector<std::string> const& paragraphs);
// Reads the plain-text article format: title on the first line, a blank line, paragraphs
// separated by blank lines (single line breaks inside a paragraph are kept as they are).
Document parse_document(std::string const& file_text);

struct Person {
  std::string name;                   // canonical: the fullest form the article gives
  std::vector<std::string> mentions;  // distinct surface forms, in order of first appearance
  std::vector<Span> spans;            // every mention's place
  std::optional<std::string> role;    // "Deputy Foreign Minister", "spokeswoman for the ministry"
};

struct Country {
  std::string name;  // common English short name ("United States")
  std::string iso2;  // ISO 3166-1 alpha-2
  std::vector<std::string> mentions;
  std::vector<Span> spans;
};

struct Organization {
  std::string name;  // canonical long form when known ("International Atomic Energy Agency")
  std::vector<std::string> mentions;
  std::vector<Span> spans;
};

// Who a quotation's speaker is. Institution: a speaking body that is not an organization entity
// of the article, named as the text names it ("Ruritanian authorities", "joint statement",
// "state television"); wire copy attributes a large share of its quotations to such bodies.
enum class SpeakerKind { None, Person, Organization, Country, Institution };

struct Quote {
  std::string text;         // what stands between the marks, without them; parts of a quote that
                            // continues over paragraphs are joined with one space
  std::vector<Span> spans;  // each part's place (inside the marks)
  std::optional<std::string> speaker;  // canonical name of the person, organization or country
  SpeakerKind speaker_kind = SpeakerKind::None;
  // ISO 3166-1 alpha-2 of the speaker's country when the text gives it ("Ruritanian Defence
  // Ministry", "the Ruritanian authorities", "Chile's deputy minister of mining").
  std::optional<std::string> speaker_country;
};

struct Figure {
  std::string text;  // exact substring: the amount and what it counts ("127,000 Russian troops")
  Span span;
  double value = 0;  // normalized: 127000; 1.2e9 for "$1.2 billion"; 40 for "40 percent"
  std::string what;  // "troops", "USD", "percent", "km" ...; for a duration the thing that
                     // lasted ("siege" in "a 14-month siege") or else its unit
  std::string unit;  // durations only: "days", "months", "years" ...; empty for other figures
  std::optional<std::string> source;  // who claims it, when the text attributes it nearby
};

struct Analysis {
  std::vector<Person> people;
  std::vector<Country> countries;
  std::vector<Organization> organizations;
  std::vector<Quote> quotes;
  std::vector<Figure> numbers;
};

}  // namespace dossier::insight
