// Helpers for reading JSON documents with errors that name the JSON pointer
// of the offending value ("/workers/3/skills/0: expected ..."). Readers
// throw JsonError inside their own translation unit and turn it into a
// Status at their public boundary; nothing here escapes as an exception.
#pragma once

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>

#include "core/status.h"

namespace weft::io::jsonutil {

using json = nlohmann::json;

struct JsonError {
  std::string message;
};

[[noreturn]] inline void Fail(const std::string& ptr, const std::string& what) {
  throw JsonError{(ptr.empty() ? std::string("/") : ptr) + ": " + what};
}

inline std::string Shown(const json& v) {
  std::string s = v.dump();
  return s.size() > 40 ? s.substr(0, 40) + "..." : s;
}

inline const json* Field(const json& obj, const std::string& ptr, const char* key, bool required) {
  if (!obj.is_object()) Fail(ptr, "expected an object, got " + Shown(obj));
  const auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) Fail(ptr, std::string("missing required field \"") + key + "\"");
    return nullptr;
  }
  return &*it;
}

inline double Number(const json& v, const std::string& ptr, double lo, double hi,
                     const char* what) {
  if (!v.is_number()) Fail(ptr, std::string("expected ") + what + ", got " + Shown(v));
  const double x = v.get<double>();
  if (!std::isfinite(x) || x < lo || x > hi) {
    std::ostringstream o;
    o << "expected " << what << " within " << lo << ".." << hi << ", got " << Shown(v);
    Fail(ptr, o.str());
  }
  return x;
}

inline int Integer(const json& v, const std::string& ptr, int lo, int hi, const char* what) {
  const double x = Number(v, ptr, lo, hi, what);
  if (x != std::floor(x))
    Fail(ptr, std::string("expected ") + what + " (a whole number), got " + Shown(v));
  return static_cast<int>(x);
}

inline std::string String(const json& v, const std::string& ptr) {
  if (!v.is_string()) Fail(ptr, "expected a string, got " + Shown(v));
  return v.get<std::string>();
}

// "HH:MM" on the interval grid; "24:00" is the end of the day.
inline int Time(const json& v, const std::string& ptr, int grid) {
  const std::string s = v.is_string() ? v.get<std::string>() : "";
  int h = -1, m = -1;
  char colon = 0;
  std::istringstream in(s);
  const bool ok = v.is_string() && s.size() == 5 && (in >> h >> colon >> m) && colon == ':' &&
                  h >= 0 && m >= 0 && m < 60 && (h < 24 || (h == 24 && m == 0)) &&
                  (h * 60 + m) % grid == 0;
  if (!ok)
    Fail(ptr,
         "expected a time HH:MM on the " + std::to_string(grid) + "-minute grid, got " + Shown(v));
  return h * 60 + m;
}

inline std::string LineCol(std::string_view text, size_t byte) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n')
      ++line, col = 1;
    else
      ++col;
  }
  return std::to_string(line) + ":" + std::to_string(col);
}

// Parses text; a syntax error gives "FILE:LINE:COL: not valid JSON (...)".
inline Result<json> ParseJsonText(std::string_view text, const std::string& filename) {
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    if (const size_t at = what.find("parse error"); at != std::string::npos) what = what.substr(at);
    return Status::InvalidInput(filename + ":" + LineCol(text, e.byte > 0 ? e.byte - 1 : 0) +
                                ": not valid JSON (" + what + ")");
  } catch (const json::exception& e) {
    // Out of range (a number that overflows a double): no byte position in
    // the exception, so the quoted literal is looked up in the text.
    std::string what = e.what();
    if (const size_t at = what.find("] "); at != std::string::npos) what = what.substr(at + 2);
    std::string where;
    const size_t q = what.find('\'');
    const size_t q2 = q == std::string::npos ? q : what.find('\'', q + 1);
    if (q2 != std::string::npos)
      if (const size_t pos = text.find(what.substr(q + 1, q2 - q - 1)); pos != text.npos)
        where = ":" + LineCol(text, pos);
    return Status::InvalidInput(filename + where + ": not valid JSON (" + what + ")");
  }
}

}  // namespace weft::io::jsonutil
