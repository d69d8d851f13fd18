// Text from tools and configs made safe for people's screens and files (terminal, Markdown,
// HTML, JSON): vendor tools print bytes that are not UTF-8 and terminal escapes, which would
// make nlohmann throw or let a tool redraw the user's terminal. Raw logs keep the bytes.
#pragma once
#include <string>
#include <string_view>

namespace wb {

// Invalid UTF-8 becomes U+FFFD; escape sequences (CSI, OSC, two-byte) and other control
// characters (C0 but tab and newline, DEL, C1) are dropped.
std::string printable(std::string_view s);

// Only the escape sequences dropped (CSI, OSC/DCS/APC/PM, two-byte); other bytes kept, so
// "\r" redraws can still be told apart.
std::string strip_escapes(std::string_view s);

}  // namespace wb
