// InsightService's editors' corrections. They are kept apart from the analyzer's results
// (name_override, role_override, hidden, merged_into, quote_corrections), so re-analysis never
// undoes them.
#include <soci/soci.h>

#include "core/slug.hpp"
#include "core/strings.hpp"
#include "insight/analysis_store.hpp"
#include "insight/curation_store.hpp"
#include "insight/insight_service.hpp"
#include "store/database.hpp"

namespace dossier::insight {

namespace {

constexpr std::size_t kMaxNameBytes = 200;

namespace msg {
constexpr char const* kNoEntity = "There is no such entity.";
constexpr char const* kSameEntity = "An entity cannot be merged into itself.";
constexpr char const* kKindsDiffer = "Only entities of the same kind can be merged.";
constexpr char const* kNameRequired = "Please give a name.";
constexpr char const* kNoQuote = "There is no such quotation.";
constexpr char const* kInstitutionName =
    "Please give the institution's name (letters or digits, at most 200 bytes).";
constexpr char const* kCountryCode =
    "The country must be a two-letter ISO 3166-1 code, such as FR, or empty.";
}  // namespace msg

}  // namespace

Result<Unit> InsightService::merge(Id from, Id into) {
  if (from == into) return invalid(msg::kSameEntity);
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  auto kind_from = CurationStore::entity_kind(sql, from);
  if (!kind_from) return not_found(msg::kNoEntity);
  auto kind_into = CurationStore::entity_kind(sql, into);
  if (!kind_into) return not_found(msg::kNoEntity);
  if (*kind_from != *kind_into) return invalid(msg::kKindsDiffer);
  CurationStore::merge(sql, from, into);
  tx.commit();
  return Unit{};
}

Result<Unit> InsightService::rename(Id entity, std::string const& name) {
  auto n = std::string(trim(name));
  if (n.empty() || !is_valid_utf8(n) || n.size() > kMaxNameBytes)
    return invalid(msg::kNameRequired);
  soci::session sql(db_.pool());
  if (!CurationStore::set_name_override(sql, entity, n)) return not_found(msg::kNoEntity);
  return Unit{};
}

Result<Unit> InsightService::set_role(Id entity, std::string const& role) {
  auto r = std::string(trim(role));
  if (!is_valid_utf8(r) || r.size() > kMaxNameBytes) return invalid(msg::kNameRequired);
  soci::session sql(db_.pool());
  if (!CurationStore::set_role_override(sql, entity, r)) return not_found(msg::kNoEntity);
  return Unit{};
}

Result<Unit> InsightService::set_hidden(Id entity, bool hidden) {
  soci::session sql(db_.pool());
  if (!CurationStore::set_hidden(sql, entity, hidden)) return not_found(msg::kNoEntity);
  return Unit{};
}

Result<Unit> InsightService::correct_speaker(Id quote, std::optional<Id> speaker) {
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  auto key = CurationStore::quote(sql, quote);
  if (!key) return not_found(msg::kNoQuote);
  if (speaker && !CurationStore::entity_kind(sql, *speaker)) return not_found(msg::kNoEntity);
  CurationStore::correct_speaker(sql, quote, *key, speaker);
  // Analysed again, so the speaker's page lists the article and the cached pages are dropped.
  AnalysisStore::enqueue(sql, key->article, clock_());
  tx.commit();
  return Unit{};
}

Result<Unit> InsightService::correct_speaker_institution(Id quote, std::string const& name,
                                                         std::string const& country) {
  auto n = std::string(trim(name));
  if (n.empty() || !is_valid_utf8(n) || n.size() > kMaxNameBytes || make_slug(n).empty())
    return invalid(msg::kInstitutionName);
  std::string code;
  for (char c : std::string(trim(country)))
    code += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  std::optional<int> entry;
  if (!code.empty()) {
    entry = lexicon_.country(code);
    if (code.size() != 2 || !entry) return invalid(msg::kCountryCode);
  }
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  auto key = CurationStore::quote(sql, quote);
  if (!key) return not_found(msg::kNoQuote);
  auto speaker = CurationStore::institution(sql, make_slug(n), n);
  if (!speaker) return not_found(msg::kNoEntity);
  if (entry)
    CurationStore::link_country(
        sql, *speaker,
        CurationStore::country(sql, code,
                               lexicon_.countries[static_cast<std::size_t>(*entry)].name));
  CurationStore::correct_speaker(sql, quote, *key, speaker);
  AnalysisStore::enqueue(sql, key->article, clock_());
  tx.commit();
  return Unit{};
}

}  // namespace dossier::insight
