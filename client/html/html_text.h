// Text made safe inside an HTML page, and the page's pieces built from it.
#ifndef BLINDMAP_CLIENT_HTML_HTML_TEXT_H_
#define BLINDMAP_CLIENT_HTML_HTML_TEXT_H_

#include <string>

#include "absl/strings/string_view.h"

namespace blindmap {

// `text` as HTML character data or a quoted attribute value: & < > " '
// become entities; control characters, C1 controls, bidirectional
// overrides and invalid UTF-8 are first shown escaped the way
// TerminalSafe() shows them (so a partner's "<script>" or "\x1b[2J" is
// visible text, never markup, and cannot reorder the page). Use it for
// every string that did not come from this library.
std::string HtmlEscape(absl::string_view text);

// A number for an SVG attribute: at most two decimals, "." as the decimal
// separator whatever the locale, no exponent.
std::string SvgNumber(double value);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_HTML_HTML_TEXT_H_
