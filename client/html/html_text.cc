#include "client/html/html_text.h"

#include <cmath>

#include "absl/strings/str_format.h"
#include "client/console/terminal_text.h"

namespace blindmap {

std::string HtmlEscape(absl::string_view text) {
  const std::string safe = TerminalSafe(text);
  std::string out;
  out.reserve(safe.size() + safe.size() / 8);
  for (char c : safe) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string SvgNumber(double value) {
  if (!std::isfinite(value)) return "0";
  std::string out = absl::StrFormat("%.2f", value);
  while (!out.empty() && out.back() == '0') out.pop_back();
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out == "-0" ? "0" : out;
}

}  // namespace blindmap
