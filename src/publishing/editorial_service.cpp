#include "publishing/editorial_service.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include "core/event_bus.hpp"
#include "core/slug.hpp"
#include "core/strings.hpp"
#include "core/time.hpp"
#include "media/media.hpp"
#include "media/media_library.hpp"
#include "publishing/article_store.hpp"
#include "publishing/editorial_store.hpp"
#include "publishing/messages.hpp"
#include "publishing/taxonomy_store.hpp"
#include "store/database.hpp"

namespace dossier::publishing {

constexpr std::size_t kMaxTagNameLength = 80;

namespace msg {
constexpr char const* kConflict =
    "Someone else saved this article after you opened it ({} by {}). Your version was not "
    "saved and is still in the form: open the article again in another tab, carry your changes "
    "over, and save there.";
constexpr char const* kScheduleInPast =
    "Choose a time in the future to schedule the article, or publish it now.";
constexpr char const* kScheduleNeedsTime = "Choose the date and time to publish at.";
constexpr char const* kNoSuchRevision = "There is no such revision of this article.";
constexpr char const* kImageTextTooLong =
    "The image's alt text, caption and credit may be at most {} characters each.";
constexpr char const* kNoSuchImage = "There is no such image in the media library.";
constexpr char const* kTagTooLong = "A tag name may be at most {} characters long.";
constexpr char const* kUnknownTags =
    "Your role may use existing tags only; these do not exist yet: {}. Ask an editor to add "
    "them, or remove them.";
}  // namespace msg

namespace {

std::string_view note_for(Transition t) {
  switch (t) {
    case Transition::Save: return "Saved";
    case Transition::SubmitForReview: return "Submitted for review";
    case Transition::Publish: return "Published";
    case Transition::Schedule: return "Scheduled";
    case Transition::Unpublish: return "Unpublished";
  }
  return "Saved";
}

}  // namespace

EditorialService::EditorialService(store::Database& db, PublishingService& publishing, Clock clock)
    : db_(db), publishing_(publishing), clock_(std::move(clock)) {}

Page<NewsroomRow> EditorialService::browse(NewsroomQuery const& query) {
  soci::session sql(db_.pool());
  soci::transaction snapshot(sql);
  Page<NewsroomRow> page;
  page.total = EditorialStore::count(sql, query);
  page.number = query.page;
  page.per_page = query.per_page;
  page.items = EditorialStore::list(sql, query);
  return page;
}

std::optional<Draft> EditorialService::load(Id id) {
  soci::session sql(db_.pool());
  soci::transaction snapshot(sql);
  return EditorialStore::load(sql, id);
}

Result<Unit> EditorialService::apply_transition(ArticleInput& in, Transition transition,
                                                std::optional<Draft> const& current) const {
  auto now = clock_();
  switch (transition) {
    case Transition::Save:
      // A save changes the text, not where the article stands.
      in.status = current ? current->input.status : ArticleStatus::Draft;
      in.published_at = current ? current->input.published_at : std::nullopt;
      break;
    case Transition::SubmitForReview:
    case Transition::Unpublish:
      in.status = ArticleStatus::Draft;
      in.published_at = std::nullopt;
      break;
    case Transition::Publish:
      in.status = ArticleStatus::Published;
      // A republished or edited article keeps its first publication time.
      in.published_at = current && current->input.status == ArticleStatus::Published
                            ? current->input.published_at
                            : std::optional<UnixTime>(now);
      break;
    case Transition::Schedule:
      if (!in.published_at) return invalid(msg::kScheduleNeedsTime);
      if (*in.published_at <= now) return invalid(msg::kScheduleInPast);
      in.status = ArticleStatus::Scheduled;
      break;
  }
  return Unit{};
}

Result<Unit> EditorialService::write_image_text(soci::session& sql, ImageText const& text,
                                                std::optional<media::MediaChanged>& changed) {
  for (auto const* t : {&text.alt, &text.caption, &text.credit})
    if (t->size() > media::kMaxImageText || !is_valid_utf8(*t))
      return invalid(fmt::format(msg::kImageTextTooLong, media::kMaxImageText));
  changed = media::set_image_text(sql, text.media_id, std::string(trim(text.alt)),
                                  std::string(trim(text.caption)), std::string(trim(text.credit)));
  if (!changed) return invalid(msg::kNoSuchImage);
  return Unit{};
}

void EditorialService::announce(std::optional<media::MediaChanged> const& changed) const {
  if (changed && publishing_.events()) publishing_.events()->publish(*changed);
}

Result<Id> EditorialService::create(ArticleInput input, Id user_id, Transition transition,
                                    std::optional<ImageText> const& image_text) {
  if (auto ok = apply_transition(input, transition, std::nullopt); !ok) return ok.error();
  Id revision = 0;
  auto now = clock_();
  std::optional<media::MediaChanged> image_changed;
  auto id = publishing_.add_article(input, [&](soci::session& sql, Id article_id) -> Result<Unit> {
    if (image_text)
      if (auto done = write_image_text(sql, *image_text, image_changed); !done) return done;
    auto saved = input;
    saved.slug = ArticleStore::find_by_id(sql, article_id)->slug;
    if (transition == Transition::SubmitForReview)
      EditorialStore::set_flags(sql, article_id, now, std::nullopt);
    revision = EditorialStore::insert_revision(sql, article_id, user_id,
                                               std::string(note_for(transition)), saved, now);
    return Unit{};
  });
  if (!id) return id.error();
  announce(image_changed);
  return *id;
}

Result<Id> EditorialService::save(Id id, ArticleInput input, Id base_revision, Id user_id,
                                  Transition transition,
                                  std::optional<ImageText> const& image_text) {
  auto current = load(id);
  if (!current) return not_found(msg::kNoSuchArticle);
  if (auto ok = apply_transition(input, transition, current); !ok) return ok.error();
  Id revision = 0;
  auto now = clock_();
  std::optional<media::MediaChanged> image_changed;
  auto saved =
      publishing_.edit_article(id, input, [&](soci::session& sql, Id article_id) -> Result<Unit> {
        // The version check runs inside the write's transaction, so two saves from the same
        // version cannot both pass it.
        auto latest = EditorialStore::latest_revision(sql, article_id);
        if (latest != base_revision) {
          auto newer = EditorialStore::revision(sql, latest);
          return Error{
              ErrorKind::Conflict,
              fmt::format(msg::kConflict, newer ? format_rfc3339(newer->summary.created_at) : "",
                          newer && !newer->summary.user_name.empty() ? newer->summary.user_name
                                                                     : "someone")};
        }
        switch (transition) {
          case Transition::Save: break;
          case Transition::SubmitForReview:
            EditorialStore::set_flags(sql, article_id, now, std::nullopt);
            break;
          case Transition::Unpublish:
            EditorialStore::set_flags(sql, article_id, std::nullopt, now);
            break;
          case Transition::Publish:
          case Transition::Schedule:
            EditorialStore::set_flags(sql, article_id, std::nullopt, std::nullopt);
            break;
        }
        if (image_text)
          if (auto done = write_image_text(sql, *image_text, image_changed); !done) return done;
        auto stored = input;
        stored.slug = ArticleStore::find_by_id(sql, article_id)->slug;
        revision = EditorialStore::insert_revision(sql, article_id, user_id,
                                                   std::string(note_for(transition)), stored, now);
        return Unit{};
      });
  if (!saved) return saved.error();
  announce(image_changed);
  return revision;
}

Result<Id> EditorialService::import(ArticleInput input, EditorialState state, Id user_id,
                                    WithinWrite const& within) {
  switch (state) {
    case EditorialState::Draft:
    case EditorialState::Unpublished:
    case EditorialState::InReview: input.status = ArticleStatus::Draft; break;
    case EditorialState::Scheduled: input.status = ArticleStatus::Scheduled; break;
    case EditorialState::Published: input.status = ArticleStatus::Published; break;
  }
  if (input.status == ArticleStatus::Draft) input.published_at = std::nullopt;
  if (input.status == ArticleStatus::Scheduled && !input.published_at)
    return invalid(msg::kScheduleNeedsTime);
  auto now = clock_();
  return publishing_.add_article(input, [&](soci::session& sql, Id article_id) -> Result<Unit> {
    if (state == EditorialState::InReview)
      EditorialStore::set_flags(sql, article_id, now, std::nullopt);
    auto saved = input;
    saved.slug = ArticleStore::find_by_id(sql, article_id)->slug;
    EditorialStore::insert_revision(sql, article_id, user_id, "Imported", saved, now);
    if (within) return within(sql, article_id);
    return Unit{};
  });
}

Result<Id> EditorialService::restore(Id id, Id revision_id, Id base_revision, Id user_id) {
  auto rev = revision(revision_id);
  if (!rev || rev->article_id != id) return not_found(msg::kNoSuchRevision);
  // Restoring brings back the text and settings, not the public state: what is live stays
  // live (with the old text), what is a draft stays a draft.
  return save(id, rev->input, base_revision, user_id, Transition::Save);
}

std::vector<RevisionSummary> EditorialService::revisions(Id article_id) {
  soci::session sql(db_.pool());
  return EditorialStore::revisions(sql, article_id, kRevisionListLimit);
}

std::optional<Revision> EditorialService::revision(Id revision_id) {
  soci::session sql(db_.pool());
  return EditorialStore::revision(sql, revision_id);
}

Result<std::vector<Id>> EditorialService::tags_for(std::vector<std::string> const& names,
                                                   NewTags new_tags) {
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  std::vector<Id> ids;
  std::vector<std::string> unknown;
  for (auto const& raw : names) {
    auto name = std::string(trim(raw));
    if (name.empty()) continue;
    if (name.size() > kMaxTagNameLength)
      return invalid(fmt::format(msg::kTagTooLong, kMaxTagNameLength));
    if (auto id = EditorialStore::tag_by_name(sql, name)) {
      if (std::find(ids.begin(), ids.end(), *id) == ids.end()) ids.push_back(*id);
      continue;
    }
    if (new_tags == NewTags::Refuse) {
      unknown.push_back(name);
      continue;
    }
    Tag tag;
    tag.name = name;
    tag.slug = make_slug(name);
    if (auto same_slug = TaxonomyStore::find_tag(sql, tag.slug)) {
      ids.push_back(same_slug->id);
      continue;
    }
    ids.push_back(TaxonomyStore::insert_tag(sql, tag));
  }
  if (!unknown.empty()) {
    std::string list;
    for (auto const& u : unknown) list += (list.empty() ? "" : ", ") + u;
    return Error{ErrorKind::Forbidden, fmt::format(msg::kUnknownTags, list)};
  }
  tx.commit();
  return ids;
}

std::vector<std::string> EditorialService::tag_names(std::vector<Id> const& ids) {
  soci::session sql(db_.pool());
  return EditorialStore::tag_names(sql, ids);
}

std::optional<media::Media> EditorialService::image(Id media_id) {
  soci::session sql(db_.pool());
  return media::find_image(sql, media_id);
}

Result<Unit> EditorialService::set_image_text(Id media_id, std::string const& alt,
                                              std::string const& caption,
                                              std::string const& credit) {
  std::optional<media::MediaChanged> changed;
  {
    soci::session sql(db_.pool());
    store::WriteTransaction tx(sql);
    if (auto done = write_image_text(sql, {media_id, alt, caption, credit}, changed); !done)
      return done;
    tx.commit();
  }
  announce(changed);
  return Unit{};
}

Result<Unit> EditorialService::remove(Id id) {
  return publishing_.delete_article(id);
}

int EditorialService::publish_due() {
  std::vector<Id> due;
  {
    soci::session sql(db_.pool());
    due = EditorialStore::due(sql, clock_(), kDuePerRun);
  }
  int published = 0;
  for (auto id : due) {
    auto current = load(id);
    if (!current || current->input.status != ArticleStatus::Scheduled) continue;
    auto input = current->input;
    input.status = ArticleStatus::Published;  // at its scheduled time, not the job's
    auto now = clock_();
    // Still scheduled inside the write: with several servers, another one's jobs thread may
    // have published it since load() (issue 18); then this server changes nothing.
    auto done = publishing_.edit_article(
        id, input,
        [&](soci::session& sql, Id article_id) {
          EditorialStore::insert_revision(sql, article_id, std::nullopt, "Published on schedule",
                                          input, now);
          return Result<Unit>(Unit{});
        },
        ArticleStatus::Scheduled);
    if (done) {
      ++published;
      spdlog::info("published scheduled article {} ({})", id, input.slug);
    } else if (done.error().kind == ErrorKind::Conflict) {
      spdlog::info("scheduled article {} was published by another server", id);
    } else {
      spdlog::error("cannot publish scheduled article {}: {}", id, done.error().message);
    }
  }
  return published;
}

}  // namespace dossier::publishing
