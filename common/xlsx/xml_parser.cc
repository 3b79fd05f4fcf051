#include "common/xlsx/xml_parser.h"

#include <expat.h>

#include <cstring>

#include "absl/strings/str_cat.h"

namespace blindmap {
namespace {

// A name without its prefix ("x:row" -> "row"). Namespace processing is
// off: it would copy the namespace URI into every element's name, which
// costs more than the rest of the parse, and the parts of a workbook use
// each local name in one meaning only.
absl::string_view LocalName(const char* name) {
  const char* cut = std::strrchr(name, ':');
  return cut == nullptr ? absl::string_view(name) : absl::string_view(cut + 1);
}

}  // namespace

const char* XmlAttribute(const char** attributes, absl::string_view name) {
  for (const char** a = attributes; *a != nullptr; a += 2) {
    if (LocalName(a[0]) == name) return a[1];
  }
  return nullptr;
}

XmlParse::XmlParse(XmlHandler& handler, std::string where)
    : handler_(handler),
      where_(std::move(where)),
      parser_(XML_ParserCreate("UTF-8")) {
  if (parser_ == nullptr) return;
  XML_SetUserData(parser_, this);
  XML_SetElementHandler(parser_, &XmlParse::OnStart, &XmlParse::OnEnd);
  XML_SetCharacterDataHandler(parser_, &XmlParse::OnText);
  XML_SetStartDoctypeDeclHandler(parser_, &XmlParse::OnDoctype);
}

XmlParse::~XmlParse() {
  if (parser_ != nullptr) XML_ParserFree(parser_);
}

void XmlParse::Stop(absl::Status status) {
  if (stopped_.ok()) stopped_ = std::move(status);
  XML_StopParser(parser_, XML_FALSE);
}

void XmlParse::OnStart(void* self, const char* name, const char** attributes) {
  auto* parse = static_cast<XmlParse*>(self);
  absl::Status status = parse->handler_.Start(LocalName(name), attributes);
  if (!status.ok()) parse->Stop(std::move(status));
}

void XmlParse::OnEnd(void* self, const char* name) {
  auto* parse = static_cast<XmlParse*>(self);
  absl::Status status = parse->handler_.End(LocalName(name));
  if (!status.ok()) parse->Stop(std::move(status));
}

void XmlParse::OnText(void* self, const char* text, int size) {
  auto* parse = static_cast<XmlParse*>(self);
  absl::Status status =
      parse->handler_.Text(absl::string_view(text, static_cast<size_t>(size)));
  if (!status.ok()) parse->Stop(std::move(status));
}

void XmlParse::OnDoctype(void* self, const char*, const char*, const char*,
                         int) {
  auto* parse = static_cast<XmlParse*>(self);
  parse->Stop(absl::InvalidArgumentError(absl::StrCat(
      parse->where_, ": a DOCTYPE, which no workbook part has; not read")));
}

absl::Status XmlParse::Parse(const char* data, size_t size, bool final) {
  if (parser_ == nullptr) {
    return absl::ResourceExhaustedError(
        absl::StrCat(where_, ": out of memory for the XML parser"));
  }
  if (!stopped_.ok()) return stopped_;
  // expat takes an int length: feed large buffers in slices.
  constexpr size_t kSlice = 1 << 30;
  do {
    const size_t slice = size < kSlice ? size : kSlice;
    const bool last = final && slice == size;
    if (XML_Parse(parser_, data, static_cast<int>(slice), last) ==
        XML_STATUS_ERROR) {
      return ParseError();
    }
    data += slice;
    size -= slice;
  } while (size > 0);
  return absl::OkStatus();
}

absl::Status XmlParse::ParseError() const {
  if (!stopped_.ok()) return stopped_;
  return absl::InvalidArgumentError(absl::StrCat(
      where_, " line ", XML_GetCurrentLineNumber(parser_), " column ",
      XML_GetCurrentColumnNumber(parser_) + 1, ": not well-formed XML (",
      XML_ErrorString(XML_GetErrorCode(parser_)), ")"));
}

absl::Status XmlParse::Feed(const char* data, size_t size) {
  return Parse(data, size, false);
}

absl::Status XmlParse::FeedFrom(ZipPartStream& stream, bool& ended) {
  constexpr int kPiece = 1 << 16;
  if (parser_ == nullptr) return Parse("", 0, false);
  if (!stopped_.ok()) return stopped_;
  void* buffer = XML_GetBuffer(parser_, kPiece);
  if (buffer == nullptr) {
    return absl::ResourceExhaustedError(
        absl::StrCat(where_, ": out of memory for the XML parser"));
  }
  absl::StatusOr<size_t> got =
      stream.Read(static_cast<char*>(buffer), static_cast<size_t>(kPiece));
  if (!got.ok()) return got.status();
  ended = *got == 0;
  if (XML_ParseBuffer(parser_, static_cast<int>(*got), ended) ==
      XML_STATUS_ERROR) {
    return ParseError();
  }
  return absl::OkStatus();
}

absl::Status XmlParse::Finish() { return Parse("", 0, true); }

absl::Status ParsePart(const ZipPackage& package, absl::string_view part,
                       XmlHandler& handler) {
  absl::StatusOr<std::unique_ptr<ZipPartStream>> stream = package.Open(part);
  if (!stream.ok()) return stream.status();
  XmlParse parse(handler, absl::StrCat(package.source(), ": ", part));
  bool ended = false;
  while (!ended) {
    absl::Status fed = parse.FeedFrom(**stream, ended);
    if (!fed.ok()) return fed;
  }
  return absl::OkStatus();
}

}  // namespace blindmap
