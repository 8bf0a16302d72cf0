#pragma once

// Reads a WordPress export (WXR 1.0-1.2) with libxml2's streaming reader (xmlTextReader): an
// export can be hundreds of MB, so nothing but the item being read is held. The whole file is
// checked as it is read: malformed or truncated XML, an RSS document without WXR's namespace or
// wp:wxr_version, or a version other than 1.0/1.1/1.2 is an error (ErrorKind::Invalid) naming
// the line, and a caller that stores only after a full read (the importer's first pass)
// stores nothing.

#include <cstdint>
#include <functional>
#include <string>

#include "core/result.hpp"
#include "wordpress/wxr.hpp"

namespace dossier::wordpress {

// What the reader hands on, in file order: the channel's site fields, authors and terms come
// before the items in every export WordPress writes. Any callback may be empty. A callback
// that returns an error stops the read with that error.
struct WxrVisitor {
  std::function<void(WxrSite const&)> site;  // once, when the first item or the end is reached
  std::function<void(WxrAuthor&&)> author;
  std::function<void(WxrTerm&&)> category;
  std::function<void(WxrTerm&&)> tag;
  std::function<Result<Unit>(WxrItem&&)> item;
  // Bytes of the file read so far and its size, for a progress bar (at most ~100 calls).
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

// Reads the file at `path` through `visit`. A missing or unreadable file is NotFound/Invalid.
Result<Unit> read_wxr(std::string const& path, WxrVisitor const& visit);
// The same over bytes in memory (tests, the fuzzer).
Result<Unit> read_wxr_text(std::string const& xml, WxrVisitor const& visit);
// Everything at once: for tests and small files.
Result<WxrExport> read_wxr_export(std::string const& path);

}  // namespace dossier::wordpress
