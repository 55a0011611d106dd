// A fake filesystem for planner tests: answers the planners' host questions
// (plan::HostAnswers) the way the real host probe does, so tests describe a
// project as files, directories and symlinks and run the real probe loop.
#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "base/strings.h"
#include "plan/host_view.h"

namespace paddock::plan {

class FakeTree : public HostAnswers {
 public:
  void Dir(const std::string& path) {
    Parents(path);
    nodes_[path] = {PathKind::kDirectory, ""};
  }
  void File(const std::string& path, const std::string& content = "") {
    Parents(path);
    nodes_[path] = {PathKind::kFile, content};
  }
  void Link(const std::string& path, const std::string& target) {
    Parents(path);
    nodes_[path] = {PathKind::kSymlink, target};
  }
  // A second name for the file at `existing` (both then have two links).
  void HardLink(const std::string& path, const std::string& existing) {
    Parents(path);
    nodes_[existing].links++;
    nodes_[path] = nodes_[existing];
  }

  PathInfo Lstat(const std::string& path) const override {
    auto it = nodes_.find(path);
    if (it == nodes_.end()) return {};
    PathInfo info;
    info.kind = it->second.kind;
    info.links = it->second.links;
    if (info.kind == PathKind::kSymlink) info.link_target = it->second.data;
    return info;
  }
  bool ReadFile(const std::string& path, size_t limit, std::string& out) const override {
    auto it = nodes_.find(path);
    if (it == nodes_.end() || it->second.kind != PathKind::kFile) return false;
    out = it->second.data.substr(0, limit);
    return true;
  }
  std::vector<std::string> List(const std::string& dir) const override {
    std::vector<std::string> names;
    for (const auto& [p, n] : nodes_) {
      if (p.size() > dir.size() + 1 && PathIsWithin(p, dir) && p.find('/', dir.size() + 1) == std::string::npos)
        names.push_back(p.substr(dir.size() + 1));
    }
    return names;
  }
  std::string Realpath(const std::string& path) const override {
    std::string resolved = "/";
    std::vector<std::string> todo = Split(NormalizePath(path).substr(1), '/');
    std::reverse(todo.begin(), todo.end());
    for (int links = 0; !todo.empty();) {
      std::string part = todo.back();
      todo.pop_back();
      if (part.empty() || part == ".") continue;
      if (part == "..") {
        resolved = resolved == "/" ? "/" : resolved.substr(0, std::max<size_t>(1, resolved.find_last_of('/')));
        continue;
      }
      std::string next = resolved == "/" ? "/" + part : resolved + "/" + part;
      auto it = nodes_.find(next);
      if (it == nodes_.end()) return "";
      if (it->second.kind == PathKind::kSymlink) {
        if (++links > 40) return "";
        std::string target = it->second.data;
        if (!target.empty() && target[0] == '/') resolved = "/";
        auto parts = Split(target, '/');
        for (auto p = parts.rbegin(); p != parts.rend(); ++p) todo.push_back(*p);
        continue;
      }
      resolved = next;
    }
    return resolved;
  }

  // Every ".git" below `project` (not its own), as the project walk finds them.
  std::vector<std::string> NestedGit(const std::string& project) const {
    std::vector<std::string> out;
    for (const auto& [p, n] : nodes_) {
      if (PathIsWithin(p, project) && p != project + "/.git" && p.size() > 5 &&
          p.compare(p.size() - 5, 5, "/.git") == 0 && !InsideGitDir(p, project))
        out.push_back(p);
    }
    return out;
  }

 private:
  struct Node {
    PathKind kind;
    std::string data;  // file content or link target
    uint64_t links = 1;
  };
  void Parents(const std::string& path) {
    for (size_t pos = path.find('/', 1); pos != std::string::npos; pos = path.find('/', pos + 1)) {
      std::string dir = path.substr(0, pos);
      if (!nodes_.count(dir)) nodes_[dir] = {PathKind::kDirectory, ""};
    }
  }
  // The walk does not enter git dirs.
  bool InsideGitDir(const std::string& p, const std::string& project) const {
    for (size_t pos = p.find("/.git/", project.size()); pos != std::string::npos; pos = p.find("/.git/", pos + 1))
      if (pos + 5 < p.size()) return true;
    return false;
  }
  std::map<std::string, Node> nodes_;
};

}  // namespace paddock::plan
