#include "publishing/article.hpp"

#include <array>
#include <utility>

namespace dossier::publishing {

namespace {

constexpr int kWordsPerMinute = 230;

template <typename Enum, std::size_t N>
std::optional<Enum> parse_from(std::array<std::pair<Enum, std::string_view>, N> const& table,
                               std::string_view text) {
  for (auto const& [value, name] : table)
    if (name == text) return value;
  return std::nullopt;
}

template <typename Enum, std::size_t N>
std::string_view name_of(std::array<std::pair<Enum, std::string_view>, N> const& table,
                         Enum value) {
  for (auto const& [v, name] : table)
    if (v == value) return name;
  return {};
}

constexpr std::array<std::pair<ArticleKind, std::string_view>, 4> kKinds{{
    {ArticleKind::News, "news"},
    {ArticleKind::Analysis, "analysis"},
    {ArticleKind::Report, "report"},
    {ArticleKind::Page, "page"},
}};
constexpr std::array<std::pair<ArticleKind, std::string_view>, 4> kKindLabels{{
    {ArticleKind::News, "News"},
    {ArticleKind::Analysis, "Analysis"},
    {ArticleKind::Report, "Special report"},
    {ArticleKind::Page, "Page"},
}};
constexpr std::array<std::pair<ArticleStatus, std::string_view>, 3> kStatuses{{
    {ArticleStatus::Draft, "draft"},
    {ArticleStatus::Scheduled, "scheduled"},
    {ArticleStatus::Published, "published"},
}};
constexpr std::array<std::pair<Visibility, std::string_view>, 3> kVisibilities{{
    {Visibility::Public, "public"},
    {Visibility::Subscribers, "subscribers"},
    {Visibility::Clients, "clients"},
}};

}  // namespace

std::string_view to_string(ArticleKind kind) {
  return name_of(kKinds, kind);
}
std::string_view to_string(ArticleStatus status) {
  return name_of(kStatuses, status);
}
std::string_view to_string(Visibility visibility) {
  return name_of(kVisibilities, visibility);
}
std::string_view kind_label(ArticleKind kind) {
  return name_of(kKindLabels, kind);
}
std::optional<ArticleKind> parse_kind(std::string_view text) {
  return parse_from(kKinds, text);
}
std::optional<ArticleStatus> parse_status(std::string_view text) {
  return parse_from(kStatuses, text);
}
std::optional<Visibility> parse_visibility(std::string_view text) {
  return parse_from(kVisibilities, text);
}

int reading_minutes(int word_count) {
  return std::max(1, (word_count + kWordsPerMinute / 2) / kWordsPerMinute);
}

}  // namespace dossier::publishing
