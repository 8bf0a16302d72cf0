#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

// Decodes %XX escapes (RFC 3986 section 2.1); "+" stays "+" unless form is set
// (application/x-www-form-urlencoded). nullopt on a malformed escape or a decoded NUL.
std::optional<std::string> percent_decode(std::string_view text, bool form = false);
std::string percent_encode(std::string_view text);
std::vector<std::string_view> split(std::string_view text, char sep);
std::string_view trim(std::string_view text);
bool starts_with_ci(std::string_view text, std::string_view prefix);
std::string to_lower(std::string_view text);
// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string html_escape(std::string_view text);
// JSON text with '<', '>' and '&' written as \u003c, \u003e and \u0026. They can only stand
// inside JSON strings, where those escapes mean the same characters (RFC 8259 section 7): no
// value changes, and no tag or entity is left in the bytes, so the text is safe inside a
// <script> element and in an answer a browser might sniff as HTML.
std::string json_without_markup(std::string_view json);
// Number of words in plain text (runs separated by whitespace).
std::size_t count_words(std::string_view text);
// A positive decimal id ("42") as it comes in a URL or form; nullopt for anything else
// (signs, spaces, zero, more than 18 digits).
std::optional<long long> parse_id(std::string_view text);
// True when text is valid UTF-8 (no overlongs, no surrogates).
bool is_valid_utf8(std::string_view text);

}  // namespace dossier
