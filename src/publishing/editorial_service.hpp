#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "media/events.hpp"
#include "media/media.hpp"
#include "publishing/editorial.hpp"
#include "publishing/publishing_service.hpp"

namespace dossier::publishing {

constexpr int kRevisionListLimit = 200;
constexpr int kDuePerRun = 100;  // scheduled articles published per job run

// An image's texts as the editor typed them beside the article (its hero image): written in
// the save's transaction, so no page is rendered between the article's change and the image's.
struct ImageText {
  Id media_id = 0;
  std::string alt;
  std::string caption;
  std::string credit;
};

// The newsroom's rules for articles: drafts, editorial states, revisions and the version
// check, scheduling. Every write goes through PublishingService, so the public site, its
// caches and the search index see a newsroom save exactly as any other change.
class EditorialService {
 public:
  EditorialService(store::Database& db, PublishingService& publishing, Clock clock);

  Page<NewsroomRow> browse(NewsroomQuery const& query);
  std::optional<Draft> load(Id id);

  // A new article (a draft unless `transition` says otherwise) and its first revision; with
  // `image_text`, that image's texts in the same transaction (an error rolls back both).
  Result<Id> create(ArticleInput input, Id user_id, Transition transition,
                    std::optional<ImageText> const& image_text = std::nullopt);
  // Saves from the version `base_revision`; refused (Conflict, nothing changed) when someone
  // saved since. Returns the new revision's id. `image_text` as for create().
  Result<Id> save(Id id, ArticleInput input, Id base_revision, Id user_id, Transition transition,
                  std::optional<ImageText> const& image_text = std::nullopt);
  Result<Id> restore(Id id, Id revision_id, Id base_revision, Id user_id);
  // An article as another system had it (an import): `state` and the input's published_at are
  // kept as given, no transition applied (a published article keeps its date, a scheduled one
  // its time even when past: the jobs thread publishes it). InReview is a draft flagged for
  // review; Unpublished is a plain draft. Its first revision is written, and `within` runs, in its
  // transaction.
  Result<Id> import(ArticleInput input, EditorialState state, Id user_id,
                    WithinWrite const& within = {});

  // Removes an article for good, with its revisions (PublishingService::delete_article); the
  // caller has checked auth's DeleteArticle. NotFound when there is no such article.
  Result<Unit> remove(Id id);

  std::vector<RevisionSummary> revisions(Id article_id);
  std::optional<Revision> revision(Id revision_id);

  // Tag ids for names typed in the editor; unknown names become new tags when
  // `create_missing`, else an Invalid error naming them.
  enum class NewTags { Create, Refuse };
  Result<std::vector<Id>> tags_for(std::vector<std::string> const& names, NewTags new_tags);
  std::vector<std::string> tag_names(std::vector<Id> const& ids);

  // The image chosen as an article's hero, and its texts (shared by every article showing it).
  std::optional<media::Media> image(Id media_id);
  Result<Unit> set_image_text(Id media_id, std::string const& alt, std::string const& caption,
                              std::string const& credit);

  // Publishes the scheduled articles whose time has come (the jobs thread); returns how many.
  int publish_due();

 private:
  Result<Unit> apply_transition(ArticleInput& input, Transition transition,
                                std::optional<Draft> const& current) const;
  // Checks and writes an image's texts in the caller's transaction; `changed` receives the
  // event to publish once the transaction committed.
  static Result<Unit> write_image_text(soci::session& sql, ImageText const& text,
                                       std::optional<media::MediaChanged>& changed);
  void announce(std::optional<media::MediaChanged> const& changed) const;
  store::Database& db_;
  PublishingService& publishing_;
  Clock clock_;
};

}  // namespace dossier::publishing
