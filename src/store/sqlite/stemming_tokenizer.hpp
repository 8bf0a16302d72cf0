#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dossier::store::sqlite {

// The name the schema's FTS5 tables give as their tokenizer.
constexpr char const* kStemmingTokenizer = "dossier_english";

// Registers the "dossier_english" FTS5 tokenizer on one connection (`db` is its sqlite3*):
// SQLite's unicode61 tokenizer with diacritics removed ("Kýiv" is "kyiv"), each token then
// reduced to its English Snowball stem by libstemmer ("sanctioned" and "sanctions" are
// "sanction"). Prefix tokens of a query ("sanct*") are not stemmed: a stem of a fragment
// would not be a prefix of the stems it should find. Throws std::runtime_error when FTS5
// is missing.
void register_stemming_tokenizer(void* db);

enum class Stemming { On, Off };

// The terms the index holds for `text`, through the same tokenizer on connection `db` (one
// on which it is registered): what a word of a query must become to be looked up in the
// index's vocabulary. With Stemming::Off, only lower-cased and without diacritics.
std::vector<std::string> index_terms(void* db, std::string_view text, Stemming stemming);

}  // namespace dossier::store::sqlite
