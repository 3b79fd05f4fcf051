// Text that came from a partner, a CSV file or a config, made safe to print
// on a person's terminal.
#ifndef BLINDMAP_CLIENT_CONSOLE_TERMINAL_TEXT_H_
#define BLINDMAP_CLIENT_CONSOLE_TERMINAL_TEXT_H_

#include <string>

#include "absl/strings/string_view.h"

namespace blindmap {

// `text` with everything that could act on a terminal shown escaped, so
// that a partner's account name or note can neither retitle, clear nor
// recolour the screen, nor reorder what surrounds it:
//   - C0 controls and DEL as \n, \r, \t, \e (ESC) or \xNN;
//   - C1 controls (U+0080-U+009F) as \u{NN};
//   - bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069)
//     and the zero-width/line separators U+2028, U+2029 as \u{NNNN};
//   - bytes that are not valid UTF-8 as \xNN.
// Everything else, printable Unicode included, is unchanged, and text with
// nothing to escape comes back byte for byte. For terminals only: JSON and
// CSV output carry the exact text.
std::string TerminalSafe(absl::string_view text);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_CONSOLE_TERMINAL_TEXT_H_
