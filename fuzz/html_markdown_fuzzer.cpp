// WordPress content to Markdown (src/wordpress/html_to_markdown.hpp): whatever HTML a post
// holds, the Markdown rendered by the site's renderer holds nothing executable: no <script>,
// no javascript:, vbscript: or data: link or image, no event attribute (on...=).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/strings.hpp"
#include "fuzz_check.hpp"
#include "render/markdown.hpp"
#include "wordpress/html_to_markdown.hpp"

namespace {

using dossier::fuzz::check;

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':';
}

// Reads every tag of the rendered (lower-cased) HTML and checks its attributes: names outside
// quoted values never start with "on", and href and src values never name a script or data
// scheme.
void check_tags(std::string const& html) {
  std::size_t pos = 0;
  while ((pos = html.find('<', pos)) != std::string::npos) {
    std::size_t i = pos + 1;
    char quote = 0;
    std::size_t value_start = 0;
    bool expect_name = false;
    std::string_view attribute;
    for (; i < html.size(); ++i) {
      char c = html[i];
      if (quote) {
        if (c == quote) {
          auto value = std::string_view(html).substr(value_start, i - value_start);
          auto v = dossier::trim(value);
          if (attribute == "href" || attribute == "src")
            check(!v.starts_with("javascript:") && !v.starts_with("vbscript:") &&
                      !v.starts_with("data:"),
                  "a script or data URL in a link or image", html);
          quote = 0;
        }
        continue;
      }
      if (c == '>') break;
      if (c == '"' || c == '\'') {
        quote = c;
        value_start = i + 1;
      } else if (c == ' ' || c == '\t' || c == '\n' || c == '/') {
        expect_name = true;
      } else if (expect_name && is_name_char(c)) {
        auto end = i;
        while (end < html.size() && is_name_char(html[end])) ++end;
        auto name = std::string_view(html).substr(i, end - i);
        check(!name.starts_with("on"), "an event attribute in the output", html);
        attribute = name;
        i = end - 1;
        expect_name = false;
      } else {
        expect_name = false;
      }
    }
    pos = i;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string_view input(reinterpret_cast<char const*>(data), size);
  dossier::wordpress::MarkdownOptions options;
  // Mappings that echo their input, so the mapped paths run on every link and image.
  options.image_url = [](std::string_view url) { return std::string(url); };
  options.link_url = [](std::string_view url) { return std::string(url); };
  auto markdown = dossier::wordpress::html_to_markdown(input, options);
  auto html = dossier::to_lower(dossier::render::render_markdown(markdown).html);
  check(html.find("<script") == std::string::npos, "<script in the output", html);
  check_tags(html);
  return 0;
}
