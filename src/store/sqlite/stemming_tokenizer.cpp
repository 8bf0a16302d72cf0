#include "store/sqlite/stemming_tokenizer.hpp"

#include <libstemmer.h>
#include <sqlite3.h>

#include <array>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

namespace dossier::store::sqlite {

namespace {

// unicode61 with diacritics folded, including those of characters that carry several
// ("remove_diacritics 2", https://sqlite.org/fts5.html#unicode61_tokenizer).
constexpr std::array<char const*, 2> kBaseArguments = {"remove_diacritics", "2"};
// Longer tokens are indexed as they are: no English word is this long, and the stemmer's
// work grows with the token.
constexpr int kMaxStemmedBytes = 64;
// Stems already computed, per tokenizer instance. An archive's vocabulary is small next to
// its text, so most tokens are found here; the cache starts again when it is full.
constexpr std::size_t kStemCacheEntries = 200000;

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// One instance per FTS5 table per connection. A connection is used by one thread at a time
// (store/sqlite/sqlite_session.hpp), and so is its stemmer, which is not thread-safe.
struct Tokenizer {
  fts5_tokenizer base{};
  Fts5Tokenizer* base_instance = nullptr;
  sb_stemmer* stemmer = nullptr;
  std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> stems;

  ~Tokenizer() {
    if (base_instance) base.xDelete(base_instance);
    if (stemmer) sb_stemmer_delete(stemmer);
  }
};

struct Forward {
  Tokenizer* tokenizer;
  void* context;
  int (*emit)(void*, int, char const*, int, int, int);
  bool stem;
};

int forward_token(void* ctx, int flags, char const* token, int size, int start, int end) {
  auto* f = static_cast<Forward*>(ctx);
  if (!f->stem || size > kMaxStemmedBytes)
    return f->emit(f->context, flags, token, size, start, end);
  auto& stems = f->tokenizer->stems;
  std::string_view word(token, static_cast<std::size_t>(size));
  auto found = stems.find(word);
  if (found == stems.end()) {
    auto const* stemmed =
        sb_stemmer_stem(f->tokenizer->stemmer, reinterpret_cast<sb_symbol const*>(token), size);
    if (!stemmed) return SQLITE_NOMEM;
    if (stems.size() >= kStemCacheEntries) stems.clear();
    found = stems
                .emplace(
                    std::string(word),
                    std::string(reinterpret_cast<char const*>(stemmed),
                                static_cast<std::size_t>(sb_stemmer_length(f->tokenizer->stemmer))))
                .first;
  }
  return f->emit(f->context, flags, found->second.data(), static_cast<int>(found->second.size()),
                 start, end);
}

int create(void* api_ptr, char const** /*args*/, int /*count*/, Fts5Tokenizer** out) {
  auto* api = static_cast<fts5_api*>(api_ptr);
  auto tokenizer = std::make_unique<Tokenizer>();
  void* base_context = nullptr;
  int rc = api->xFindTokenizer(api, "unicode61", &base_context, &tokenizer->base);
  if (rc != SQLITE_OK) return rc;
  auto arguments = kBaseArguments;
  rc = tokenizer->base.xCreate(base_context, arguments.data(), arguments.size(),
                               &tokenizer->base_instance);
  if (rc != SQLITE_OK) return rc;
  tokenizer->stemmer = sb_stemmer_new("english", "UTF_8");
  if (!tokenizer->stemmer) return SQLITE_NOMEM;
  *out = reinterpret_cast<Fts5Tokenizer*>(tokenizer.release());
  return SQLITE_OK;
}

void destroy(Fts5Tokenizer* instance) {
  delete reinterpret_cast<Tokenizer*>(instance);
}

int tokenize(Fts5Tokenizer* instance, void* context, int flags, char const* text, int size,
             int (*emit)(void*, int, char const*, int, int, int)) {
  auto* tokenizer = reinterpret_cast<Tokenizer*>(instance);
  // A query's prefix term ends with the flag FTS5_TOKENIZE_PREFIX; documents and the other
  // query terms are stemmed alike so that they meet.
  Forward forward{tokenizer, context, emit, (flags & FTS5_TOKENIZE_PREFIX) == 0};
  return tokenizer->base.xTokenize(tokenizer->base_instance, &forward, flags, text, size,
                                   forward_token);
}

fts5_api* fts5_api_of(sqlite3* db) {
  // The documented way to reach the FTS5 API (https://sqlite.org/fts5.html#extending_fts5).
  fts5_api* api = nullptr;
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(statement, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(statement);
  }
  sqlite3_finalize(statement);
  return api;
}

int collect_token(void* ctx, int /*flags*/, char const* token, int size, int /*start*/,
                  int /*end*/) {
  static_cast<std::vector<std::string>*>(ctx)->emplace_back(token, size);
  return SQLITE_OK;
}

}  // namespace

void register_stemming_tokenizer(void* db) {
  auto* api = fts5_api_of(static_cast<sqlite3*>(db));
  if (!api) throw std::runtime_error("sqlite: this SQLite has no FTS5");
  fts5_tokenizer methods{create, destroy, tokenize};
  if (api->xCreateTokenizer(api, kStemmingTokenizer, api, &methods, nullptr) != SQLITE_OK)
    throw std::runtime_error("sqlite: cannot register the FTS5 tokenizer");
}

std::vector<std::string> index_terms(void* db, std::string_view text, Stemming stemming) {
  auto* api = fts5_api_of(static_cast<sqlite3*>(db));
  if (!api) throw std::runtime_error("sqlite: this SQLite has no FTS5");
  void* context = nullptr;
  fts5_tokenizer methods{};
  if (api->xFindTokenizer(api, kStemmingTokenizer, &context, &methods) != SQLITE_OK)
    throw std::runtime_error("sqlite: the FTS5 tokenizer is not registered");
  Fts5Tokenizer* instance = nullptr;
  if (methods.xCreate(context, nullptr, 0, &instance) != SQLITE_OK)
    throw std::runtime_error("sqlite: cannot create the FTS5 tokenizer");
  std::vector<std::string> terms;
  // A prefix query's tokens are the ones this tokenizer leaves unstemmed.
  int flags = FTS5_TOKENIZE_QUERY | (stemming == Stemming::Off ? FTS5_TOKENIZE_PREFIX : 0);
  methods.xTokenize(instance, &terms, flags, text.data(), static_cast<int>(text.size()),
                    collect_token);
  methods.xDelete(instance);
  return terms;
}

}  // namespace dossier::store::sqlite
