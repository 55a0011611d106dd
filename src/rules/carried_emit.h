// Helpers shared by the carried-command finders (carried.cc, carried_git.cc):
// what they emit, and small string helpers. Internal to src/rules.
#pragma once

#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "rules/carried.h"

namespace paddock::rules::carried_detail {

inline std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

inline std::string CommandBase(const std::string& argv0) {
  size_t slash = argv0.rfind('/');
  return Lower(slash == std::string::npos ? argv0 : argv0.substr(slash + 1));
}

inline void Shell(std::vector<Carried>& out, const std::string& code, const std::string& what) {
  if (code.find_first_not_of(" \t\n") == std::string::npos) return;  // nothing to run
  Carried c;
  c.kind = Carried::kShell;
  c.code = code;
  c.what = what;
  out.push_back(std::move(c));
}

inline void Opaque(std::vector<Carried>& out, const std::string& what) {
  Carried c;
  c.kind = Carried::kOpaque;
  c.what = what;
  out.push_back(std::move(c));
}

inline void Argv(std::vector<Carried>& out, Words argv, const std::string& what) {
  if (argv.empty()) return;
  Carried c;
  c.kind = Carried::kArgv;
  c.argv = std::move(argv);
  c.what = what;
  out.push_back(std::move(c));
}

inline void Covered(std::vector<Carried>& out, Words argv, const std::string& what) {
  Argv(out, std::move(argv), what);
  if (!out.empty() && out.back().what == what) out.back().kind = Carried::kCovered;
}

inline std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  size_t at = 0;
  while ((at = s.find(from, at)) != std::string::npos) {
    s.replace(at, from.size(), to);
    at += to.size();
  }
  return s;
}

}  // namespace paddock::rules::carried_detail
