#include "wordpress/wxr.hpp"

namespace dossier::wordpress {

WxrStatus parse_status(std::string_view text) {
  if (text == "publish") return WxrStatus::Publish;
  if (text == "draft" || text == "auto-draft") return WxrStatus::Draft;
  if (text == "pending") return WxrStatus::Pending;
  if (text == "private") return WxrStatus::Private;
  if (text == "future") return WxrStatus::Future;
  if (text == "trash") return WxrStatus::Trash;
  return WxrStatus::Other;
}

std::optional<WxrCommentState> parse_comment_state(std::string_view text) {
  if (text == "1" || text == "approve") return WxrCommentState::Approved;
  if (text == "0" || text == "hold") return WxrCommentState::Pending;
  if (text == "spam") return WxrCommentState::Spam;
  if (text == "trash" || text == "post-trashed") return WxrCommentState::Trash;
  return std::nullopt;
}

}  // namespace dossier::wordpress
