#include "rules/link_aliases.h"

#include <algorithm>

#include "base/strings.h"
#include "rules/normalize.h"
#include "rules/options.h"
#include "rules/path_rule.h"
#include "rules/unwrap.h"

namespace paddock::rules {
namespace {

// The name ln gives a link in a directory: the target's last component
// (of the word as the shell expanded it: ~ is the home).
std::string Basename(const std::string& path, const std::string& home) {
  std::string p = path.starts_with("~") ? ResolvePath(path, "/", home) : path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  size_t slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

std::string Dirname(const std::string& abs) {
  size_t slash = abs.rfind('/');
  return slash == std::string::npos || slash == 0 ? "/" : abs.substr(0, slash);
}

struct LnWords {
  bool symbolic = false;
  bool relative = false;  // -r: the target is read from the working directory
  std::string target_dir;
  std::vector<std::string> operands;
};

// GNU ln's options (coreutils 9.1), read as its getopt_long reads them
// (permuted among the operands, clustered, abbreviated: `--t=DIR`, `--r`).
// The ones that matter here are -s, -r and -t DIR.
LnWords ParseLn(const Words& w) {
  static const OptionTable kLn = {"bdFfinLPrsTv",
                                  "St",
                                  "",
                                  {"directory", "force", "interactive", "logical", "no-dereference", "physical",
                                   "relative", "symbolic", "no-target-directory", "verbose", "help", "version"},
                                  {"suffix", "target-directory"},
                                  {"backup"}};
  LnWords ln;
  std::vector<size_t> operands;
  for (const auto& o : ParsePermutedOptions(w, 1, kLn, &operands).options) {
    if (o.name == "-s" || o.name == "--symbolic") ln.symbolic = true;
    if (o.name == "-r" || o.name == "--relative") ln.relative = true;
    if ((o.name == "-t" || o.name == "--target-directory") && o.value) ln.target_dir = *o.value;
  }
  for (size_t i : operands) ln.operands.push_back(w[i]);
  return ln;
}

void Add(const std::string& target, const std::string& link, const LnWords& ln, const std::string& cwd,
         const std::string& home, std::vector<LinkAlias>& out) {
  std::string link_abs = ResolvePath(link, cwd, home);
  if (link_abs.empty() || target.empty()) return;
  // A symbolic link's relative target is read from the link's directory.
  bool from_link = ln.symbolic && !ln.relative && target[0] != '/' && target[0] != '~';
  std::string target_abs = ResolvePath(target, from_link ? Dirname(link_abs) : cwd, home);
  if (!target_abs.empty() && target_abs != link_abs) out.push_back({link_abs, target_abs});
}

}  // namespace

std::vector<LinkAlias> LinksMade(const Extraction& ex, const std::string& home) {
  std::vector<LinkAlias> out;
  for (const auto& u : ex.units)
    for (size_t i = 0; i < u.layers.size(); ++i) {
      const Words& w = u.layers[i];
      if (w.empty() || CommandName(w[0]) != "ln") continue;
      const std::string& cwd = i < u.layer_cwds.size() ? u.layer_cwds[i] : u.cwd;
      LnWords ln = ParseLn(w);
      if (!ln.target_dir.empty()) {
        for (const auto& t : ln.operands) Add(t, ln.target_dir + "/" + Basename(t, home), ln, cwd, home, out);
      } else if (ln.operands.size() == 1) {
        Add(ln.operands[0], Basename(ln.operands[0], home), ln, cwd, home, out);
      } else if (ln.operands.size() >= 2) {
        // LAST is the link, or a directory the links are made in: both.
        const std::string& last = ln.operands.back();
        for (size_t k = 0; k + 1 < ln.operands.size(); ++k) {
          if (ln.operands.size() == 2) Add(ln.operands[k], last, ln, cwd, home, out);
          Add(ln.operands[k], last + "/" + Basename(ln.operands[k], home), ln, cwd, home, out);
        }
      }
    }
  return out;
}

std::vector<std::string> ThroughLinks(const std::string& abs, const std::vector<LinkAlias>& links) {
  constexpr size_t kMaxPaths = 32;  // links through links, bounded
  std::vector<std::string> out, pending{abs};
  while (!pending.empty() && out.size() < kMaxPaths) {
    std::string path = std::move(pending.back());
    pending.pop_back();
    for (const auto& l : links) {
      if (!PathIsWithin(path, l.link)) continue;
      std::string rest = path.substr(l.link.size());
      std::string next = l.target == "/" ? (rest.empty() ? "/" : rest) : l.target + rest;
      if (next[0] == '/') next = NormalizePath(next);
      if (next == path || next == abs || std::find(out.begin(), out.end(), next) != out.end()) continue;
      out.push_back(next);
      pending.push_back(next);
      if (out.size() >= kMaxPaths) break;
    }
  }
  return out;
}

}  // namespace paddock::rules
