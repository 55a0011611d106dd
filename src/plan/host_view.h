// Reading HostFacts from planning code whose questions depend on earlier
// answers (a .git file names a git dir, whose config names an include file,
// ...). The planner asks through a HostView; an answer HostFacts does not
// hold yet is recorded in a HostQuestions and treated as "missing" for now.
// The host probe (src/jail/hardening_probe.cc) answers the questions and
// plans again until nothing new is asked, so the final plan is made from
// complete answers while planning itself stays pure.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "plan/host_facts.h"

namespace paddock::plan {

struct HostQuestions {
  std::set<std::string> stat;      // lstat into HostFacts.paths
  std::set<std::string> read;      // small files into HostFacts.file_contents
  std::set<std::string> list;      // directory entries into HostFacts.listings
  std::set<std::string> realpath;  // canonical paths into HostFacts.realpaths

  bool empty() const { return stat.empty() && read.empty() && list.empty() && realpath.empty(); }
};

class HostView {
 public:
  // `ask` may be null (then unknown answers are simply "missing").
  HostView(const HostFacts& host, HostQuestions* ask) : host_(host), ask_(ask) {}

  PathKind Kind(const std::string& path);
  // How many names the file at `path` has (st_nlink); 1 when unknown.
  uint64_t Links(const std::string& path);
  // Content of a regular file, or null when missing, unreadable or unknown.
  const std::string* Read(const std::string& path);
  // Entry names of a directory ("." and ".." excluded), sorted.
  const std::vector<std::string>& List(const std::string& dir);
  // The canonical path (symlinks resolved), or "" when it does not resolve.
  std::string Real(const std::string& path);

  const HostFacts& host() const { return host_; }

 private:
  const HostFacts& host_;
  HostQuestions* ask_;
};

// Where the answers come from: the real host (src/jail/hardening_probe.cc)
// or a fake tree in unit tests.
class HostAnswers {
 public:
  virtual ~HostAnswers() = default;
  virtual PathInfo Lstat(const std::string& path) const = 0;
  // False when the file cannot be read; `out` holds at most `limit` bytes.
  virtual bool ReadFile(const std::string& path, size_t limit, std::string& out) const = 0;
  virtual std::vector<std::string> List(const std::string& dir) const = 0;
  virtual std::string Realpath(const std::string& path) const = 0;  // "" if it does not resolve
};

// Small files only: git pointers, configs, hook scripts.
inline constexpr size_t kMaxPlannerReadBytes = 256 * 1024;

// Asks `questions` (a planner's probe, e.g. plan::ProtectedPathsProbe) and
// answers into `host` until it asks nothing new. The planners bound their
// chains (include depth, modules depth); a host that keeps them asking past
// `max_rounds` is an error rather than a half-made plan.
template <typename Probe>
bool SettleHostQuestions(Probe questions, const HostAnswers& answers, HostFacts& host, int max_rounds = 64) {
  for (int round = 0; round < max_rounds; ++round) {
    HostQuestions q = questions(static_cast<const HostFacts&>(host));
    if (q.empty()) return true;
    for (const auto& p : q.stat) host.paths[p] = answers.Lstat(p);
    for (const auto& p : q.read) {
      std::string text;
      if (answers.ReadFile(p, kMaxPlannerReadBytes, text)) host.file_contents[p] = std::move(text);
      else host.unreadable.insert(p);
    }
    for (const auto& d : q.list) host.listings[d] = answers.List(d);
    for (const auto& p : q.realpath) host.realpaths[p] = answers.Realpath(p);
  }
  return false;
}

}  // namespace paddock::plan
