#pragma once

#include <optional>
#include <string>
#include <vector>

#include "publishing/editorial.hpp"

namespace soci {
class session;
}

namespace dossier::publishing {

// The newsroom's SQL: its article list, editorial flags, revisions, scheduled articles.
class EditorialStore {
 public:
  static std::vector<NewsroomRow> list(soci::session& sql, NewsroomQuery const& q);
  static long long count(soci::session& sql, NewsroomQuery const& q);
  static std::optional<Draft> load(soci::session& sql, Id id);
  static EditorialState state_of(soci::session& sql, Id id);
  static void set_flags(soci::session& sql, Id id, std::optional<UnixTime> review_requested_at,
                        std::optional<UnixTime> unpublished_at);

  static Id latest_revision(soci::session& sql, Id article_id);
  static Id insert_revision(soci::session& sql, Id article_id, std::optional<Id> user_id,
                            std::string const& note, ArticleInput const& in, UnixTime now);
  static std::vector<RevisionSummary> revisions(soci::session& sql, Id article_id, int limit);
  static std::optional<Revision> revision(soci::session& sql, Id revision_id);

  // Tags by name (case-insensitive); nullopt for a name with no tag.
  static std::optional<Id> tag_by_name(soci::session& sql, std::string const& name);
  static std::vector<std::string> tag_names(soci::session& sql, std::vector<Id> const& ids);

  // Scheduled articles whose time has come, oldest first.
  static std::vector<Id> due(soci::session& sql, UnixTime now, int limit);
};

}  // namespace dossier::publishing
