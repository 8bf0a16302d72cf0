#pragma once

namespace dossier::publishing::msg {

// Messages about publishing's things that other folders show too (the newsroom, comments,
// insight, newsletters): one text each, so a reader meets the same words everywhere.
constexpr char const* kNoSuchArticle = "There is no such article.";
constexpr char const* kNoSuchArticleTitle = "Not found";

}  // namespace dossier::publishing::msg
