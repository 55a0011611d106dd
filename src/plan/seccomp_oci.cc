#include "plan/seccomp_oci.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "base/kernel_version.h"

namespace paddock::plan {
namespace {

using nlohmann::json;

struct NamedAction {
  const char* oci;
  SeccompAction action;
};
// The first name of an action is the one exported.
constexpr NamedAction kActions[] = {
    {"SCMP_ACT_ALLOW", SeccompAction::kAllow},
    {"SCMP_ACT_ERRNO", SeccompAction::kErrno},
    {"SCMP_ACT_KILL_PROCESS", SeccompAction::kKillProcess},
    {"SCMP_ACT_KILL_THREAD", SeccompAction::kKillThread},
    {"SCMP_ACT_KILL", SeccompAction::kKillThread},  // Docker's older name
    {"SCMP_ACT_TRAP", SeccompAction::kTrap},
    {"SCMP_ACT_TRACE", SeccompAction::kTrace},
    {"SCMP_ACT_LOG", SeccompAction::kLog},
};

struct NamedOp {
  const char* oci;
  SeccompOp op;
};
constexpr NamedOp kOps[] = {
    {"SCMP_CMP_EQ", SeccompOp::kEq},
    {"SCMP_CMP_NE", SeccompOp::kNe},
    {"SCMP_CMP_LT", SeccompOp::kLt},
    {"SCMP_CMP_LE", SeccompOp::kLe},
    {"SCMP_CMP_GT", SeccompOp::kGt},
    {"SCMP_CMP_GE", SeccompOp::kGe},
    {"SCMP_CMP_MASKED_EQ", SeccompOp::kMaskedEq},
};

// libseccomp architecture names; OCI spells them SCMP_ARCH_<UPPER>.
constexpr const char* kArches[] = {"x86",         "x86_64",   "x32",     "arm",       "aarch64", "loongarch64",
                                   "m68k",        "mips",     "mips64",  "mips64n32", "mipsel",  "mipsel64",
                                   "mipsel64n32", "ppc",      "ppc64",   "ppc64le",   "s390",    "s390x",
                                   "parisc",      "parisc64", "riscv64", "sheb",      "sh"};

// Go's GOARCH for a libseccomp architecture: Docker's includes.arches uses it.
std::string GoArch(const std::string& arch) {
  if (arch == "x86_64") return "amd64";
  if (arch == "x86") return "386";
  if (arch == "aarch64") return "arm64";
  if (arch == "loongarch64") return "loong64";
  return arch;
}

constexpr const char* kFlags[] = {"SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
                                  "SECCOMP_FILTER_FLAG_SPEC_ALLOW"};

// An error at a place in the document, e.g. `syscalls[3].action`.
struct LoadError {
  std::string where;
  std::string what;
};

std::string Quote(const std::string& s) { return json(s).dump(); }

void CheckKeys(const json& obj, const std::string& where, std::initializer_list<const char*> known) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool ok = std::any_of(known.begin(), known.end(), [&](const char* k) { return it.key() == k; });
    if (!ok) {
      throw LoadError{where.empty() ? it.key() : where + "." + it.key(), "unknown key"};
    }
  }
}

const json& Need(const json& obj, const char* key, const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end()) throw LoadError{where.empty() ? key : where + "." + key, "missing"};
  return *it;
}

std::string Str(const json& v, const std::string& where) {
  if (!v.is_string()) throw LoadError{where, "must be a string, not " + v.dump()};
  return v.get<std::string>();
}

uint64_t U64(const json& v, const std::string& where) {
  if (!v.is_number_unsigned()) {
    throw LoadError{where, "must be an unsigned integer, not " + v.dump()};
  }
  return v.get<uint64_t>();
}

int Errno(const json& v, const std::string& where) {
  uint64_t e = U64(v, where);
  // seccomp returns the errno in 16 bits; the kernel caps errno at 4095.
  if (e > 4095) throw LoadError{where, "errno " + std::to_string(e) + " out of range 0..4095"};
  return static_cast<int>(e);
}

std::vector<std::string> StrList(const json& v, const std::string& where) {
  if (!v.is_array()) throw LoadError{where, "must be an array of strings"};
  std::vector<std::string> out;
  for (size_t i = 0; i < v.size(); ++i) out.push_back(Str(v[i], where + "[" + std::to_string(i) + "]"));
  return out;
}

SeccompAction Action(const json& v, const std::string& where) {
  std::string name = Str(v, where);
  for (const auto& a : kActions) {
    if (name == a.oci) return a.action;
  }
  if (name == "SCMP_ACT_NOTIFY") {
    throw LoadError{where, "SCMP_ACT_NOTIFY is not supported (paddock runs no seccomp agent)"};
  }
  throw LoadError{where, "unknown action " + Quote(name)};
}

std::string ArchName(const json& v, const std::string& where) {
  std::string oci = Str(v, where);
  std::string name = OciArchToLibseccomp(oci);
  if (name.empty()) throw LoadError{where, "unknown architecture " + Quote(oci)};
  return name;
}

bool ValidSyscallName(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

// Docker's includes/excludes: does the entry apply to this jail?
bool Applies(const json& entry, const std::string& where, const OciSeccompContext& ctx) {
  bool applies = true;
  for (const char* kind : {"includes", "excludes"}) {
    auto it = entry.find(kind);
    if (it == entry.end()) continue;
    std::string w = where + "." + kind;
    if (!it->is_object()) throw LoadError{w, "must be an object"};
    CheckKeys(*it, w, {"caps", "arches", "minKernel"});
    bool include = std::string(kind) == "includes";
    if (auto c = it->find("caps"); c != it->end()) {
      // The jail holds no capabilities.
      if (include && !StrList(*c, w + ".caps").empty()) applies = false;
    }
    if (auto a = it->find("arches"); a != it->end()) {
      auto arches = StrList(*a, w + ".arches");
      bool listed = std::find(arches.begin(), arches.end(), GoArch(ctx.native_arch)) != arches.end();
      if (include && !arches.empty() && !listed) applies = false;
      if (!include && listed) applies = false;
    }
    if (auto k = it->find("minKernel"); k != it->end()) {
      std::string v = Str(*k, w + ".minKernel");
      auto min = ParseKernelRelease(v);
      if (!min) throw LoadError{w + ".minKernel", "must look like \"5.8\", not " + Quote(v)};
      bool new_enough = KernelVersion{ctx.kernel_major, ctx.kernel_minor}.AtLeast(min->major, min->minor);
      if (include && !new_enough) applies = false;
      if (!include && new_enough) applies = false;
    }
  }
  return applies;
}

void LoadSyscall(const json& entry, const std::string& where, const OciSeccompContext& ctx, SeccompProfile& p) {
  if (!entry.is_object()) throw LoadError{where, "must be an object"};
  CheckKeys(entry, where, {"names", "name", "action", "errnoRet", "args", "comment", "includes", "excludes"});
  SeccompRule rule;
  if (entry.contains("names")) {
    rule.syscalls = StrList(entry["names"], where + ".names");
    if (rule.syscalls.empty()) throw LoadError{where + ".names", "must not be empty"};
  }
  if (entry.contains("name")) rule.syscalls.push_back(Str(entry["name"], where + ".name"));
  if (rule.syscalls.empty()) throw LoadError{where + ".names", "missing"};
  for (size_t i = 0; i < rule.syscalls.size(); ++i) {
    if (!ValidSyscallName(rule.syscalls[i])) {
      throw LoadError{where + ".names[" + std::to_string(i) + "]",
                      "not a system call name: " + Quote(rule.syscalls[i])};
    }
  }
  rule.action = Action(Need(entry, "action", where), where + ".action");
  if (entry.contains("errnoRet")) {
    if (rule.action != SeccompAction::kErrno && rule.action != SeccompAction::kTrace) {
      throw LoadError{where + ".errnoRet", "only valid with SCMP_ACT_ERRNO or SCMP_ACT_TRACE"};
    }
    rule.errno_value = Errno(entry["errnoRet"], where + ".errnoRet");
  } else {
    rule.errno_value = 1;  // EPERM, as runc and crun
  }
  if (entry.contains("comment")) rule.why = Str(entry["comment"], where + ".comment");
  if (entry.contains("args") && !entry["args"].is_null()) {
    const json& args = entry["args"];
    if (!args.is_array()) throw LoadError{where + ".args", "must be an array"};
    for (size_t i = 0; i < args.size(); ++i) {
      std::string w = where + ".args[" + std::to_string(i) + "]";
      const json& a = args[i];
      if (!a.is_object()) throw LoadError{w, "must be an object"};
      CheckKeys(a, w, {"index", "value", "valueTwo", "op"});
      SeccompArg arg;
      uint64_t index = U64(Need(a, "index", w), w + ".index");
      if (index > 5) throw LoadError{w + ".index", "must be 0..5, not " + std::to_string(index)};
      arg.index = static_cast<unsigned>(index);
      arg.value = U64(Need(a, "value", w), w + ".value");
      if (a.contains("valueTwo")) arg.value_two = U64(a["valueTwo"], w + ".valueTwo");
      std::string op = Str(Need(a, "op", w), w + ".op");
      auto found = std::find_if(std::begin(kOps), std::end(kOps), [&](const NamedOp& o) { return op == o.oci; });
      if (found == std::end(kOps)) throw LoadError{w + ".op", "unknown operator " + Quote(op)};
      arg.op = found->op;
      rule.args.push_back(arg);
    }
  }
  if (!Applies(entry, where, ctx)) return;
  // runc and crun read an entry that compares one argument twice as one rule
  // per comparison (OR); libseccomp cannot AND them. Do what they do.
  std::set<unsigned> seen;
  bool repeated = false;
  for (const auto& a : rule.args) repeated = repeated || !seen.insert(a.index).second;
  if (!repeated) {
    p.rules.push_back(std::move(rule));
    return;
  }
  for (const auto& a : rule.args) {
    SeccompRule one = rule;
    one.args = {a};
    p.rules.push_back(std::move(one));
  }
}

SeccompProfile LoadDocument(const json& doc, const OciSeccompContext& ctx) {
  if (!doc.is_object()) throw LoadError{"(document)", "must be a JSON object"};
  CheckKeys(doc, "",
            {"defaultAction", "defaultErrnoRet", "architectures", "archMap", "flags", "syscalls", "listenerPath",
             "listenerMetadata"});
  SeccompProfile p;
  p.default_action = Action(Need(doc, "defaultAction", ""), "defaultAction");
  if (doc.contains("defaultErrnoRet")) {
    if (p.default_action != SeccompAction::kErrno && p.default_action != SeccompAction::kTrace) {
      throw LoadError{"defaultErrnoRet", "only valid with SCMP_ACT_ERRNO or SCMP_ACT_TRACE"};
    }
    p.default_errno = Errno(doc["defaultErrnoRet"], "defaultErrnoRet");
  }
  if (doc.contains("listenerPath") && !Str(doc["listenerPath"], "listenerPath").empty()) {
    throw LoadError{"listenerPath", "seccomp notify listeners are not supported"};
  }
  if (doc.contains("listenerMetadata")) Str(doc["listenerMetadata"], "listenerMetadata");
  bool has_arches = doc.contains("architectures") && !doc["architectures"].is_null();
  bool has_map = doc.contains("archMap") && !doc["archMap"].is_null();
  if (has_arches && has_map) {
    throw LoadError{"archMap", "give either architectures or archMap, not both (as Docker)"};
  }
  if (has_arches) {
    const json& a = doc["architectures"];
    if (!a.is_array()) throw LoadError{"architectures", "must be an array of strings"};
    for (size_t i = 0; i < a.size(); ++i) {
      p.architectures.push_back(ArchName(a[i], "architectures[" + std::to_string(i) + "]"));
    }
  }
  if (has_map) {
    const json& m = doc["archMap"];
    if (!m.is_array()) throw LoadError{"archMap", "must be an array"};
    for (size_t i = 0; i < m.size(); ++i) {
      std::string w = "archMap[" + std::to_string(i) + "]";
      if (!m[i].is_object()) throw LoadError{w, "must be an object"};
      CheckKeys(m[i], w, {"architecture", "subArchitectures"});
      std::string main = ArchName(Need(m[i], "architecture", w), w + ".architecture");
      std::vector<std::string> subs;
      if (m[i].contains("subArchitectures") && !m[i]["subArchitectures"].is_null()) {
        const json& s = m[i]["subArchitectures"];
        if (!s.is_array()) throw LoadError{w + ".subArchitectures", "must be an array"};
        for (size_t j = 0; j < s.size(); ++j) {
          subs.push_back(ArchName(s[j], w + ".subArchitectures[" + std::to_string(j) + "]"));
        }
      }
      // Docker keeps the entry of the architecture it runs on.
      if (main != ctx.native_arch) continue;
      p.architectures.push_back(main);
      p.architectures.insert(p.architectures.end(), subs.begin(), subs.end());
    }
  }
  if (std::find(p.architectures.begin(), p.architectures.end(), ctx.native_arch) == p.architectures.end()) {
    p.architectures.insert(p.architectures.begin(), ctx.native_arch);  // always in the filter
  }
  if (doc.contains("flags") && !doc["flags"].is_null()) {
    p.flags = StrList(doc["flags"], "flags");
    for (size_t i = 0; i < p.flags.size(); ++i) {
      if (std::none_of(std::begin(kFlags), std::end(kFlags), [&](const char* f) { return p.flags[i] == f; })) {
        throw LoadError{"flags[" + std::to_string(i) + "]", "unknown flag " + Quote(p.flags[i])};
      }
    }
  }
  if (doc.contains("syscalls") && !doc["syscalls"].is_null()) {
    const json& s = doc["syscalls"];
    if (!s.is_array()) throw LoadError{"syscalls", "must be an array"};
    for (size_t i = 0; i < s.size(); ++i) {
      LoadSyscall(s[i], "syscalls[" + std::to_string(i) + "]", ctx, p);
    }
  }
  return p;
}

}  // namespace

std::string OciArchToLibseccomp(const std::string& oci) {
  const std::string prefix = "SCMP_ARCH_";
  if (oci.rfind(prefix, 0) != 0) return "";
  std::string name = oci.substr(prefix.size());
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* a : kArches) {
    if (name == a) return name;
  }
  return "";
}

std::string LibseccompArchToOci(const std::string& name) {
  for (const char* a : kArches) {
    if (name == a) {
      std::string up = name;
      std::transform(up.begin(), up.end(), up.begin(),
                     [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      return "SCMP_ARCH_" + up;
    }
  }
  return "";
}

void SetKernelRelease(OciSeccompContext& ctx, const std::string& release) {
  if (auto v = ParseKernelRelease(release)) {
    ctx.kernel_major = v->major;
    ctx.kernel_minor = v->minor;
  }
}

Result<SeccompProfile> LoadOciSeccomp(const std::string& json_text, const std::string& origin,
                                      const OciSeccompContext& ctx) {
  // nlohmann keeps the last of duplicate keys; a second "defaultAction" must
  // not quietly override the first, so duplicates are refused while parsing.
  std::vector<std::set<std::string>> keys;
  std::string duplicate;
  auto callback = [&](int /*depth*/, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) keys.emplace_back();
    if (event == json::parse_event_t::object_end && !keys.empty()) keys.pop_back();
    if (event == json::parse_event_t::key && !keys.empty() && !keys.back().insert(parsed.get<std::string>()).second &&
        duplicate.empty()) {
      duplicate = parsed.get<std::string>();
    }
    return true;
  };
  json doc;
  try {
    doc = json::parse(json_text, callback);
  } catch (const json::exception& e) {
    // Not only parse_error: a number too large for a double is out_of_range.
    return OpError("load seccomp profile", origin, e.what());
  }
  if (!duplicate.empty()) {
    return OpError("load seccomp profile", origin, "key " + Quote(duplicate) + " appears twice");
  }
  try {
    return LoadDocument(doc, ctx);
  } catch (const LoadError& e) {
    return OpError("load seccomp profile", origin, e.where + ": " + e.what);
  } catch (const json::exception& e) {
    return OpError("load seccomp profile", origin, e.what());
  }
}

std::string ExportOciSeccomp(const SeccompProfile& profile) {
  auto action_name = [](SeccompAction a) -> std::string {
    for (const auto& n : kActions) {
      if (n.action == a) return n.oci;
    }
    return "SCMP_ACT_KILL_PROCESS";
  };
  auto op_name = [](SeccompOp o) -> std::string {
    for (const auto& n : kOps) {
      if (n.op == o) return n.oci;
    }
    return "";
  };
  auto carries_errno = [](SeccompAction a) { return a == SeccompAction::kErrno || a == SeccompAction::kTrace; };
  nlohmann::ordered_json doc;
  doc["defaultAction"] = action_name(profile.default_action);
  if (carries_errno(profile.default_action)) doc["defaultErrnoRet"] = profile.default_errno;
  doc["architectures"] = nlohmann::ordered_json::array();
  for (const auto& a : profile.architectures) doc["architectures"].push_back(LibseccompArchToOci(a));
  if (!profile.flags.empty()) doc["flags"] = profile.flags;
  doc["syscalls"] = nlohmann::ordered_json::array();
  for (const auto& r : profile.rules) {
    nlohmann::ordered_json e;
    e["names"] = r.syscalls;
    e["action"] = action_name(r.action);
    if (carries_errno(r.action)) e["errnoRet"] = r.errno_value;
    if (!r.args.empty()) {
      e["args"] = nlohmann::ordered_json::array();
      for (const auto& a : r.args) {
        e["args"].push_back(nlohmann::ordered_json{
            {"index", a.index}, {"value", a.value}, {"valueTwo", a.value_two}, {"op", op_name(a.op)}});
      }
    }
    if (!r.why.empty()) e["comment"] = r.why;
    doc["syscalls"].push_back(std::move(e));
  }
  return doc.dump(2) + "\n";
}

}  // namespace paddock::plan
