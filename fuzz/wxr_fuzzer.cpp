// The WordPress export reader (src/wordpress/wxr_reader.hpp) over any bytes: an importer is given
// files from elsewhere. Any input gives Unit or an Invalid error with a message, never a crash,
// a leak or a hang. On success the site was handed on exactly once with a supported version,
// and progress ended at the whole input, at most about a hundred calls, never going back. The
// item callback refuses the second item: the read must then stop with that very error and call
// nothing more.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"
#include "wordpress/wxr_reader.hpp"

namespace {

using dossier::fuzz::check;
constexpr char const* kRefusal = "the fuzzer refuses the second item";
// The reader reports progress each hundredth of the input, plus the final call.
constexpr std::size_t kMaxProgressCalls = 101;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string xml(reinterpret_cast<char const*>(data), size);
  int sites = 0;
  int items = 0;
  bool refused = false;
  bool called_after_refusal = false;
  std::size_t progress_calls = 0;
  std::uint64_t last_done = 0;
  bool progress_ok = true;
  std::string version;

  dossier::wordpress::WxrVisitor visit;
  visit.site = [&](dossier::wordpress::WxrSite const& site) {
    if (refused) called_after_refusal = true;
    ++sites;
    version = site.wxr_version;
  };
  visit.author = [&](dossier::wordpress::WxrAuthor&&) {
    if (refused) called_after_refusal = true;
  };
  visit.category = [&](dossier::wordpress::WxrTerm&&) {
    if (refused) called_after_refusal = true;
  };
  visit.tag = [&](dossier::wordpress::WxrTerm&&) {
    if (refused) called_after_refusal = true;
  };
  visit.item = [&](dossier::wordpress::WxrItem&&) -> dossier::Result<dossier::Unit> {
    if (refused) called_after_refusal = true;
    if (++items == 2) {
      refused = true;
      return dossier::Error{dossier::ErrorKind::Conflict, kRefusal};
    }
    return dossier::Unit{};
  };
  visit.progress = [&](std::uint64_t done, std::uint64_t total) {
    ++progress_calls;
    if (total != size || done > total || done < last_done) progress_ok = false;
    last_done = done;
  };

  auto r = dossier::wordpress::read_wxr_text(xml, visit);
  check(!called_after_refusal, "a callback ran after the item callback's error");
  check(sites <= 1, "the site was handed on more than once");
  check(progress_ok, "progress went back or past the input's size");
  check(progress_calls <= kMaxProgressCalls, "more than about a hundred progress calls");
  if (refused) {
    check(
        !r.ok() && r.error().kind == dossier::ErrorKind::Conflict && r.error().message == kRefusal,
        "the item callback's error is not what the read returned");
  } else if (r.ok()) {
    check(sites == 1, "a successful read handed on no site");
    check(version == "1.0" || version == "1.1" || version == "1.2",
          "a successful read with an unsupported version", version);
    check(last_done == size, "progress did not end at the whole input");
  } else {
    check(r.error().kind == dossier::ErrorKind::Invalid, "an error other than Invalid",
          r.error().message);
    check(!r.error().message.empty(), "an error without a message");
  }
  return 0;
}
