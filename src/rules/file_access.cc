#include "rules/file_access.h"

#include <cstring>
#include <set>

#include "rules/normalize.h"

namespace paddock::rules {
namespace {

struct Tool {
  const char* name;
  const char* short_with_arg;  // short options that take an argument
  enum { kReader, kPatternFirst, kSedLike, kAwkLike, kCopy, kWriter } role;
};

const Tool* FindTool(const std::string& name) {
  static const Tool kTools[] = {
      {"cat", "", Tool::kReader},        {"head", "nc", Tool::kReader},    {"tail", "ncs", Tool::kReader},
      {"less", "", Tool::kReader},       {"more", "", Tool::kReader},      {"tac", "s", Tool::kReader},
      {"nl", "bdfhilnsvw", Tool::kReader}, {"cut", "dfcb", Tool::kReader}, {"sort", "oktST", Tool::kReader},
      {"xxd", "lscgo", Tool::kReader},   {"od", "AtNjw", Tool::kReader},   {"strings", "nt", Tool::kReader},
      {"base64", "w", Tool::kReader},    {"hexdump", "nsef", Tool::kReader}, {"zcat", "", Tool::kReader},
      {"grep", "efmABCd", Tool::kPatternFirst}, {"egrep", "efmABC", Tool::kPatternFirst},
      {"fgrep", "efmABC", Tool::kPatternFirst}, {"rg", "efmABCgt", Tool::kPatternFirst},
      {"sed", "efl", Tool::kSedLike},    {"awk", "Fvf", Tool::kAwkLike},   {"gawk", "Fvf", Tool::kAwkLike},
      {"cp", "tS", Tool::kCopy},         {"mv", "tS", Tool::kCopy},
      {"tee", "", Tool::kWriter},        {"truncate", "sr", Tool::kWriter}, {"touch", "drt", Tool::kWriter},
  };
  for (const auto& t : kTools)
    if (name == t.name) return &t;
  return nullptr;
}

}  // namespace

std::vector<FileAccess> LayerFileAccesses(const Words& w) {
  std::vector<FileAccess> out;
  if (w.empty() || IsDynamic(w[0])) return out;
  std::string name = CommandName(w[0]);
  const Tool* tool = FindTool(name);
  if (!tool) return out;
  std::vector<std::string> operands;
  bool script_given = false, in_place = false;
  std::string target_dir;
  bool opts_done = false;
  for (size_t i = 1; i < w.size(); ++i) {
    const std::string& a = w[i];
    if (!opts_done && a == "--") { opts_done = true; continue; }
    if (!opts_done && a.size() > 1 && a[0] == '-') {
      if (a[1] == '-') {
        if (a.rfind("--in-place", 0) == 0) in_place = true;
        if (a.rfind("--target-directory=", 0) == 0) target_dir = a.substr(19);
        if (a == "--expression" || a == "--file" || a == "--regexp") { script_given = true; ++i; }
        continue;
      }
      for (size_t j = 1; j < a.size(); ++j) {
        char c = a[j];
        if (tool->role == Tool::kSedLike && c == 'i') in_place = true;
        if (std::strchr(tool->short_with_arg, c)) {
          if (c == 'e' || c == 'f') script_given = true;
          std::string arg = j + 1 < a.size() ? a.substr(j + 1) : (i + 1 < w.size() ? w[i + 1] : "");
          if (j + 1 == a.size()) ++i;
          if (tool->role == Tool::kCopy && c == 't') target_dir = arg;
          if (tool->role == Tool::kAwkLike && c == 'f') script_given = true;
          break;
        }
      }
      continue;
    }
    operands.push_back(a);
  }
  size_t first = 0;
  if ((tool->role == Tool::kPatternFirst || tool->role == Tool::kSedLike || tool->role == Tool::kAwkLike) && !script_given)
    first = 1;  // the pattern / script / program
  for (size_t k = first; k < operands.size(); ++k) {
    const std::string& op = operands[k];
    if (tool->role == Tool::kAwkLike && op.find('=') != std::string::npos && op[0] != '/') continue;  // var=value
    switch (tool->role) {
      case Tool::kCopy:
        if (target_dir.empty() && k + 1 == operands.size() && operands.size() > 1) out.push_back({op, true});
        else out.push_back({op, false});
        break;
      case Tool::kWriter:
        out.push_back({op, true});
        break;
      case Tool::kSedLike:
        out.push_back({op, in_place});
        break;
      default:
        out.push_back({op, false});
    }
  }
  if (!target_dir.empty()) out.push_back({target_dir, true});
  return out;
}

bool IsOutputRedirect(const Redir& r) {
  return r.op == ">" || r.op == ">>" || r.op == ">|" || r.op == "&>" || r.op == "&>>" || r.op == "<>" || r.op == ">&";
}

bool IsHarmlessOutput(const Redir& r) {
  if (r.target == "/dev/null") return true;
  if (r.op == ">&" || r.op == "<&") {
    if (r.target == "-") return true;
    return !r.target.empty() && r.target.find_first_not_of("0123456789") == std::string::npos;
  }
  return false;
}

std::vector<FileAccess> RedirectAccesses(const std::vector<Redir>& redirects) {
  std::vector<FileAccess> out;
  for (const auto& r : redirects) {
    if (r.op == "<" && !r.target.empty() && r.target[0] != kProcMark) out.push_back({r.target, false});
    else if (IsOutputRedirect(r) && !IsHarmlessOutput(r) && !r.target.empty() && r.target[0] != kProcMark) out.push_back({r.target, true});
  }
  return out;
}

}  // namespace paddock::rules
