// The one translation unit that includes libqpdf's headers (they are heavy).
// qpdf 11: its pointers are std::shared_ptr, not the old PointerHolder (qpdf/PointerHolder.hh).
#define POINTERHOLDER_TRANSITION 4
#include "reports/pdf_stamp.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>

namespace dossier::reports {

namespace {

// Resource names of the stamp's font and transparency, unlikely to meet a page's own.
constexpr char const* kFontName = "/DossierStampFont";
constexpr char const* kAlphaName = "/DossierStampAlpha";
constexpr double kLineSize = 7;        // points: the bottom line
constexpr double kLineInset = 36;      // points from the page's left edge (half an inch)
constexpr double kLineRise = 12;       // points above the page's bottom edge
constexpr double kMarkSize = 26;       // points: the diagonal watermark
constexpr double kMarkOpacity = 0.12;  // light enough to read the page through
constexpr double kMarkGray = 0.35;

// One Unicode code point to its byte in WinAnsiEncoding (ISO 32000-1, Annex D.2), or '?'.
// 0x20-0x7E and 0xA0-0xFF are Latin-1's; 0x80-0x9F hold a few typographic marks.
char winansi(char32_t c) {
  if ((c >= 0x20 && c < 0x7F) || (c >= 0xA0 && c <= 0xFF)) return static_cast<char>(c);
  switch (c) {
    case U'€': return '\x80';
    case U'…': return '\x85';
    case U'‘': return '\x91';
    case U'’': return '\x92';
    case U'“': return '\x93';
    case U'”': return '\x94';
    case U'•': return '\x95';
    case U'–': return '\x96';
    case U'—': return '\x97';
    default: return '?';
  }
}

// UTF-8 text as a PDF literal string in WinAnsi (ISO 32000-1, 7.3.4.2: parentheses and
// backslashes escaped), at most `limit` characters.
std::string pdf_string(std::string_view utf8, std::size_t limit) {
  std::string out = "(";
  std::size_t count = 0;
  for (std::size_t i = 0; i < utf8.size() && count < limit; ++count) {
    auto b = static_cast<unsigned char>(utf8[i]);
    char32_t c = b;
    int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0;
    if (extra) c = b & (0x3F >> extra);
    ++i;
    for (int k = 0; k < extra && i < utf8.size(); ++k, ++i)
      c = (c << 6) | (static_cast<unsigned char>(utf8[i]) & 0x3F);
    if (b >= 0x80 && b < 0xC0) c = U'?';  // a stray continuation byte
    char w = winansi(c);
    if (w == '(' || w == ')' || w == '\\') out.push_back('\\');
    out.push_back(w);
  }
  out.push_back(')');
  return out;
}

std::string field(std::string const& text) {
  return text.size() > kMaxStampField * 4 ? text.substr(0, kMaxStampField * 4) : text;
}

std::string line_of(Stamp const& s) {
  std::string text = "Licensed to " + field(s.organisation);
  if (!s.email.empty()) text += " · " + field(s.email);
  if (!s.date.empty()) text += " · " + field(s.date);
  if (!s.download_id.empty()) text += " · Download " + field(s.download_id);
  return text;
}

std::string mark_of(Stamp const& s) {
  auto text = field(s.organisation);
  if (!s.download_id.empty()) text += " · " + field(s.download_id);
  return text;
}

// The stamp's content for a page whose visible box is `box`: the bottom line, then the
// watermark turned 45 degrees about a point a quarter into the page.
std::string stamp_content(QPDFObjectHandle::Rectangle const& box, Stamp const& s) {
  double w = box.urx - box.llx;
  double h = box.ury - box.lly;
  constexpr double kCos45 = 0.70710678;
  return fmt::format(
      "Q\nq BT {font} {ls} Tf 0.25 g {lx:.2f} {ly:.2f} Td {line} Tj ET Q\n"
      "q {alpha} gs {gray} g {c} {c} {nc} {c} {mx:.2f} {my:.2f} cm BT {font} {ms} Tf 0 0 Td "
      "{mark} Tj ET Q\n",
      fmt::arg("font", kFontName), fmt::arg("ls", kLineSize), fmt::arg("lx", box.llx + kLineInset),
      fmt::arg("ly", box.lly + kLineRise),
      fmt::arg("line", pdf_string(line_of(s), 3 * kMaxStampField)), fmt::arg("alpha", kAlphaName),
      fmt::arg("gray", kMarkGray), fmt::arg("c", kCos45), fmt::arg("nc", -kCos45),
      fmt::arg("mx", box.llx + w * 0.18), fmt::arg("my", box.lly + h * 0.22),
      fmt::arg("ms", kMarkSize), fmt::arg("mark", pdf_string(mark_of(s), kMaxStampField)));
}

// The page's resource dictionary's sub-dictionary `kind` (/Font, /ExtGState), made when absent.
QPDFObjectHandle sub_dictionary(QPDFObjectHandle resources, std::string const& kind) {
  auto sub = resources.getKey(kind);
  if (!sub.isDictionary()) {
    sub = QPDFObjectHandle::newDictionary();
    resources.replaceKey(kind, sub);
  }
  return sub;
}

Result<std::string> stamp_loaded(QPDF& pdf, Stamp const& s) {
  auto font = pdf.makeIndirectObject(QPDFObjectHandle::parse(
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"));
  auto alpha = pdf.makeIndirectObject(
      QPDFObjectHandle::parse(fmt::format("<< /Type /ExtGState /ca {0} /CA {0} >>", kMarkOpacity)));
  auto pages = QPDFPageDocumentHelper(pdf).getAllPages();
  if (pages.empty()) return invalid("The PDF has no pages.");
  for (auto& page : pages) {
    auto resources = page.getAttribute("/Resources", true);
    if (!resources.isDictionary()) {
      resources = QPDFObjectHandle::newDictionary();
      page.getObjectHandle().replaceKey("/Resources", resources);
    }
    sub_dictionary(resources, "/Font").replaceKey(kFontName, font);
    sub_dictionary(resources, "/ExtGState").replaceKey(kAlphaName, alpha);
    // The page's own content runs in a saved graphics state (q ... Q), so whatever state it
    // leaves (a flipped coordinate system, a colour) does not move or tint the stamp.
    page.addPageContents(QPDFObjectHandle::newStream(&pdf, "q\n"), true);
    auto box = page.getCropBox().getArrayAsRectangle();
    page.addPageContents(QPDFObjectHandle::newStream(&pdf, stamp_content(box, s)), false);
  }
  QPDFWriter writer(pdf);
  writer.setOutputMemory();
  // The page streams pass through as they are (chromium compressed them already): decoding
  // and compressing them again would cost most of the time.
  writer.setDecodeLevel(qpdf_dl_none);
  writer.write();
  auto buffer = writer.getBufferSharedPointer();
  return std::string(reinterpret_cast<char const*>(buffer->getBuffer()), buffer->getSize());
}

}  // namespace

Result<std::string> stamp(std::string const& bytes, Stamp const& s) {
  try {
    QPDF pdf;
    pdf.setSuppressWarnings(true);
    pdf.processMemoryFile("report.pdf", bytes.data(), bytes.size());
    return stamp_loaded(pdf, s);
  } catch (std::exception const& e) {
    return invalid(fmt::format("The PDF could not be stamped: {}", e.what()));
  }
}

Result<std::string> stamp_file(std::filesystem::path const& path, Stamp const& s) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return not_found(fmt::format("No PDF at {}", path.string()));
  std::stringstream ss;
  ss << in.rdbuf();
  return stamp(ss.str(), s);
}

}  // namespace dossier::reports
