#include "plan/host_view.h"

namespace paddock::plan {

PathKind HostView::Kind(const std::string& path) {
  auto it = host_.paths.find(path);
  if (it != host_.paths.end()) return it->second.kind;
  if (ask_) ask_->stat.insert(path);
  return PathKind::kMissing;
}

uint64_t HostView::Links(const std::string& path) {
  if (Kind(path) == PathKind::kMissing) return 1;
  return host_.paths.at(path).links;
}

const std::string* HostView::Read(const std::string& path) {
  auto it = host_.file_contents.find(path);
  if (it != host_.file_contents.end()) return &it->second;
  // Only regular files are read; the kind is asked first.
  if (Kind(path) == PathKind::kFile && ask_ && !host_.unreadable.count(path)) ask_->read.insert(path);
  return nullptr;
}

const std::vector<std::string>& HostView::List(const std::string& dir) {
  static const std::vector<std::string> kNone;
  auto it = host_.listings.find(dir);
  if (it != host_.listings.end()) return it->second;
  if (Kind(dir) == PathKind::kDirectory && ask_) ask_->list.insert(dir);
  return kNone;
}

std::string HostView::Real(const std::string& path) {
  auto it = host_.realpaths.find(path);
  if (it != host_.realpaths.end()) return it->second;
  if (ask_) ask_->realpath.insert(path);
  return "";
}

}  // namespace paddock::plan
