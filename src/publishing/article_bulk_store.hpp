#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "publishing/article.hpp"

namespace soci {
class session;
}

namespace dossier::publishing {

// Inserts many articles fast, for generated load-test corpora: statements are prepared once
// and reused, ids are assigned by the writer (the caller holds the write transaction, so no
// one else takes them), and slugs are made unique with the id instead of a lookup.
// Everything else — rendering, validation — is the caller's job.
class ArticleBulkWriter {
 public:
  explicit ArticleBulkWriter(soci::session& sql);
  ~ArticleBulkWriter();

  // The id the next add() will use (to build a unique slug from).
  Id next_id() const;
  // One row; `in.slug` must already be unique. Returns the id it used.
  Id add(ArticleInput const& in, std::string const& body_html, int word_count, UnixTime now);

 private:
  struct Statements;
  std::unique_ptr<Statements> st_;
};

}  // namespace dossier::publishing
