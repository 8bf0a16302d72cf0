// Readers' Markdown (src/comments/reader_markdown.hpp): whatever a reader types, the HTML holds
// only the allowed tags (p, br, em, strong, code, blockquote, a), properly nested; no script,
// no raw HTML of the reader's, and every href starts with http://, https:// or mailto:.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "comments/reader_markdown.hpp"
#include "core/strings.hpp"
#include "fuzz_check.hpp"

namespace {

using dossier::fuzz::check;

constexpr std::array<std::string_view, 7> kAllowedTags = {"p",    "br",         "em", "strong",
                                                          "code", "blockquote", "a"};
constexpr std::string_view kLinkOpen = "<a href=\"";
constexpr std::string_view kLinkRel = "\" rel=\"nofollow ugc noopener\">";

// An attribute value as html_escape writes it: no quote, no angle bracket, no raw ampersand
// other than an entity.
bool is_escaped(std::string_view value) {
  return value.find_first_of("\"<>") == std::string_view::npos;
}

std::string lower(std::string_view s) {
  return dossier::to_lower(s);
}

void check_html(std::string const& html) {
  auto low = lower(html);
  check(low.find("<script") == std::string::npos, "<script in the output", html);
  std::vector<std::string> open;
  std::size_t pos = 0;
  while ((pos = html.find('<', pos)) != std::string::npos) {
    auto close = html.find('>', pos);
    check(close != std::string::npos, "an unclosed '<' in the output", html);
    auto tag = std::string_view(html).substr(pos + 1, close - pos - 1);
    if (tag.starts_with("a ")) {
      // <a href="..." rel="nofollow ugc noopener">: the one tag with attributes.
      auto rest = std::string_view(html).substr(pos);
      check(rest.starts_with(kLinkOpen), "a link without href first", html);
      auto value_end = rest.find(kLinkRel);
      check(value_end != std::string_view::npos, "a link without the rel attribute", html);
      auto href = rest.substr(kLinkOpen.size(), value_end - kLinkOpen.size());
      check(is_escaped(href), "an unescaped href", html);
      auto h = lower(href);
      check(h.starts_with("http://") || h.starts_with("https://") || h.starts_with("mailto:"),
            "a link to a scheme that is not allowed", html);
      check(h.find("javascript:") != 0, "a javascript: link", html);
      close = pos + value_end + kLinkRel.size() - 1;
      open.emplace_back("a");
    } else if (tag.starts_with("/")) {
      auto name = std::string(tag.substr(1));
      check(!open.empty() && open.back() == name, "a closing tag that does not match", html);
      open.pop_back();
    } else if (tag == "br") {
      // A void element.
    } else {
      check(std::find(kAllowedTags.begin(), kAllowedTags.end(), tag) != kAllowedTags.end(),
            "a tag outside the allowed set", html);
      open.emplace_back(tag);
    }
    pos = close + 1;
  }
  check(open.empty(), "an element left open", html);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string_view input(reinterpret_cast<char const*>(data), size);
  auto out = dossier::comments::render_reader_markdown(input);
  check_html(out.html);
  check(out.link_count >= 0, "a negative link count");
  return 0;
}
