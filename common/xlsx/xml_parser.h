// Streaming XML for the parts of a workbook, on expat: element and
// attribute names without their prefix ("x:row" is "row", "r:id" is "id"),
// text in pieces, and no DTDs.
#ifndef BLINDMAP_COMMON_XLSX_XML_PARSER_H_
#define BLINDMAP_COMMON_XLSX_XML_PARSER_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/xlsx/zip_package.h"

struct XML_ParserStruct;

namespace blindmap {

// What a part's parse calls back. Names are local ("row", "c", "id"), the
// prefix dropped. A handler stops the parse by returning an error; the
// parse then returns that error.
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  // `attributes`: name, value, name, value, ..., nullptr.
  virtual absl::Status Start(absl::string_view name,
                             const char** attributes) = 0;
  virtual absl::Status End(absl::string_view name) = 0;
  virtual absl::Status Text(absl::string_view text) = 0;
};

// The value of attribute `name` (local name) or nullptr.
const char* XmlAttribute(const char** attributes, absl::string_view name);

// An incremental parse of one part. Feed() it the part piece by piece (the
// handler is called during Feed()), then Finish(). A DOCTYPE, malformed XML
// or invalid UTF-8 is INVALID_ARGUMENT naming `where` with the line and
// column. Not thread-safe.
class XmlParse {
 public:
  XmlParse(XmlHandler& handler, std::string where);
  ~XmlParse();
  XmlParse(const XmlParse&) = delete;
  XmlParse& operator=(const XmlParse&) = delete;

  absl::Status Feed(const char* data, size_t size);
  absl::Status Finish();
  // Reads the next piece of `stream` straight into the parser's own buffer
  // (no copy) and parses it; at the end of the part sets `ended` and
  // finishes the parse.
  absl::Status FeedFrom(ZipPartStream& stream, bool& ended);

 private:
  absl::Status Parse(const char* data, size_t size, bool final);
  absl::Status ParseError() const;
  static void OnStart(void* self, const char* name, const char** attributes);
  static void OnEnd(void* self, const char* name);
  static void OnText(void* self, const char* text, int size);
  static void OnDoctype(void* self, const char* name, const char* sysid,
                        const char* pubid, int has_internal_subset);
  void Stop(absl::Status status);

  XmlHandler& handler_;
  std::string where_;
  XML_ParserStruct* parser_;
  absl::Status stopped_;  // the handler's error that stopped the parse
};

// Parses the whole of `part` from `package` with `handler`.
absl::Status ParsePart(const ZipPackage& package, absl::string_view part,
                       XmlHandler& handler);

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_XLSX_XML_PARSER_H_
