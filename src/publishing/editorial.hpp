#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "publishing/article.hpp"

namespace dossier::publishing {

// Where an article stands in the newsroom. Only Published is public; the others are
// the public status "draft" (InReview, Unpublished) or "scheduled".
enum class EditorialState { Draft, InReview, Scheduled, Published, Unpublished };

std::string_view to_string(EditorialState state);
std::optional<EditorialState> parse_editorial_state(std::string_view text);
std::string_view state_label(EditorialState state);  // "In review"

// What a save asks for, besides keeping the text.
enum class Transition { Save, SubmitForReview, Publish, Schedule, Unpublish };
std::optional<Transition> parse_transition(std::string_view text);

// One row of the newsroom's article list.
struct NewsroomRow {
  Id id = 0;
  std::string title;
  std::string slug;
  ArticleKind kind = ArticleKind::News;
  EditorialState state = EditorialState::Draft;
  Id author_id = 0;
  std::string author_name;
  UnixTime updated_at = 0;
  std::optional<UnixTime> published_at;
};

struct NewsroomQuery {
  std::optional<EditorialState> state;
  std::optional<ArticleKind> kind;
  std::optional<Id> author_id;
  std::optional<Id> category_id;
  std::string title_contains;
  int page = 1;
  int per_page = 25;
};

// An article as the editor opens it.
struct Draft {
  Id id = 0;
  ArticleInput input;
  EditorialState state = EditorialState::Draft;
  Id revision_id = 0;  // the version the editor starts from
  UnixTime updated_at = 0;
};

struct RevisionSummary {
  Id id = 0;
  UnixTime created_at = 0;
  std::string user_name;
  std::string note;
  std::string title;
};

struct Revision {
  RevisionSummary summary;
  Id article_id = 0;
  ArticleInput input;
};

}  // namespace dossier::publishing
