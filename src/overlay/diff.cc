#include "overlay/diff.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "base/strings.h"
#include "changes/render.h"
#include "overlay/child_process.h"
#include "overlay/fd.h"
#include "overlay/upper_access.h"
#include "overlay/upper_walk.h"

namespace paddock::overlay {
namespace {

using changes::Change;
using changes::ChangeKind;
using changes::EntryType;

Status WriteAll(int fd, const std::string& text) {
  for (size_t done = 0; done < text.size();) {
    ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return SysError("write", "the diff", errno);
    done += static_cast<size_t>(n);
  }
  return Ok();
}

// The file `rel` below `root_fd` for reading, or an invalid Fd where the
// side has no regular file (diff reads /dev/null instead).
Result<Fd> OpenSide(int root_fd, const std::string& root_path, const std::string& rel, bool upper) {
  auto parent = OpenParentBelow(root_fd, rel, root_path);
  if (!parent) return parent.error();
  Fd fd = OpenForReading(parent->first.get(), parent->second, upper);
  if (!fd.valid()) return SysError("read", root_path + "/" + rel, errno);
  return fd;
}

// diff -u between two descriptors (invalid: /dev/null), to `out_fd`.
Status RunDiff(int old_fd, int new_fd, const std::string& old_label, const std::string& new_label, int out_fd,
               bool color) {
  auto status = RunChild("diff", [&] {
    signal(SIGPIPE, SIG_DFL);  // a pager left early: diff ends quietly
    // Each moved above 10 first: `out_fd` or a side may be 3 or 4.
    int out = fcntl(out_fd, F_DUPFD, 10);
    int a = old_fd >= 0 ? fcntl(old_fd, F_DUPFD, 10) : open("/dev/null", O_RDONLY);
    int b = new_fd >= 0 ? fcntl(new_fd, F_DUPFD, 10) : open("/dev/null", O_RDONLY);
    if (out < 0 || a < 0 || b < 0 || dup2(out, 1) < 0 || dup2(a, 3) < 0 || dup2(b, 4) < 0) _exit(127);
    const char* argv[] = {
        "diff",      "-u",        "--label", old_label.c_str(), "--label", new_label.c_str(), "--color=always",
        "/dev/fd/3", "/dev/fd/4", nullptr};
    if (!color)
      for (int i = 6; argv[i]; ++i) argv[i] = argv[i + 1];
    execvp("diff", const_cast<char* const*>(argv));
  });
  if (!status) return status.error();
  if (WIFSIGNALED(*status) && WTERMSIG(*status) == SIGPIPE) return SysError("write", "the diff", EPIPE);
  if (!WIFEXITED(*status) || WEXITSTATUS(*status) > 1)
    return OpError("run", "diff",
                   NotStarted(*status) ? "it cannot be started (install diffutils)" : "it failed on " + new_label);
  return Ok();
}

// Paths and link targets are the run's: escaped for the terminal
// (TerminalSafe), in headers and diff's labels alike.
std::string Header(const Change& c, bool color) {
  std::string path = TerminalSafe(c.path), from = TerminalSafe(c.from);
  std::string old_path = c.kind == ChangeKind::kRenamed ? from : path;
  std::string text = "diff a/" + old_path + " b/" + path + "\n";
  if (c.kind == ChangeKind::kAdded)
    text += "new " + std::string(changes::TypeName(c.new_type)) + " mode " + changes::ModeText(c.new_mode) + "\n";
  if (c.kind == ChangeKind::kDeleted)
    text += "deleted " + std::string(changes::TypeName(c.old_type)) + " mode " + changes::ModeText(c.old_mode) + "\n";
  if (c.kind == ChangeKind::kTypeChanged)
    text += "type " + std::string(changes::TypeName(c.old_type)) + " -> " + changes::TypeName(c.new_type) + "\n";
  if (c.kind == ChangeKind::kRenamed) text += "rename from " + from + "\nrename to " + path + "\n";
  if (c.ModeChanged())
    text += "old mode " + changes::ModeText(c.old_mode) + "\nnew mode " + changes::ModeText(c.new_mode) + "\n";
  if (!color) return text;
  std::string bold;
  for (size_t start = 0, nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
    bold += "\033[1m" + text.substr(start, nl - start) + "\033[m\n";
  return bold;
}

Result<std::string> LinkAt(int root_fd, const std::string& root_path, const std::string& rel) {
  auto parent = OpenParentBelow(root_fd, rel, root_path);
  if (!parent) return parent.error();
  std::string buf(4096, '\0');
  ssize_t n = readlinkat(parent->first.get(), parent->second.c_str(), buf.data(), buf.size());
  if (n < 0) return SysError("read link", root_path + "/" + rel, errno);
  buf.resize(static_cast<size_t>(n));
  return buf;
}

// What the run started from: its base runs' uppers (--overlay-on), top
// first, then the project.
struct OldSide {
  std::vector<Fd> roots;
  std::vector<std::string> paths;
};

// The layer whose entry the old side shows at `rel`: the topmost that has
// one (the change says the old side has it, so no layer above hides it).
size_t OldLayer(const OldSide& old, const std::string& rel) {
  for (size_t i = 0; i + 1 < old.roots.size(); ++i) {
    auto parent = OpenParentBelow(old.roots[i].get(), rel, old.paths[i]);
    struct stat st;
    if (parent && fstatat(parent->first.get(), parent->second.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) return i;
  }
  return old.roots.size() - 1;
}

// Symbolic links: their targets as one-line files.
Status LinkDiff(const StoredRun& s, int upper_fd, const OldSide& old, const Change& c, int out_fd) {
  std::string path = TerminalSafe(c.path);
  std::string text = "--- a/" + path + "\n+++ b/" + path + "\n";
  if (c.old_type == EntryType::kSymlink) {
    size_t layer = OldLayer(old, c.path);
    auto old_target = LinkAt(old.roots[layer].get(), old.paths[layer], c.path);
    if (!old_target) return old_target.error();
    text += "-" + TerminalSafe(*old_target) + "\n";
  }
  if (c.new_type == EntryType::kSymlink) {
    auto new_target = LinkAt(upper_fd, s.dir + "/upper", c.path);
    if (!new_target) return new_target.error();
    text += "+" + TerminalSafe(*new_target) + "\n";
  }
  return WriteAll(out_fd, text);
}

Status OneDiff(const StoredRun& s, int upper_fd, const OldSide& old, const Change& c, int out_fd, bool color) {
  if (auto st = WriteAll(out_fd, Header(c, color)); !st) return st;
  if (c.old_type == EntryType::kSymlink || c.new_type == EntryType::kSymlink)
    return LinkDiff(s, upper_fd, old, c, out_fd);
  bool old_file = c.old_type == EntryType::kFile, new_file = c.new_type == EntryType::kFile;
  if ((!old_file && !new_file) || c.kind == ChangeKind::kModeChanged) return Ok();
  Fd old_fd, new_fd;
  if (old_file) {
    const std::string& rel = c.kind == ChangeKind::kRenamed ? c.from : c.path;
    size_t layer = OldLayer(old, rel);
    auto fd = OpenSide(old.roots[layer].get(), old.paths[layer], rel, false);
    if (!fd) return fd.error();
    old_fd = std::move(*fd);
  }
  if (new_file) {
    auto fd = OpenSide(upper_fd, s.dir + "/upper", c.path, true);
    if (!fd) return fd.error();
    new_fd = std::move(*fd);
  }
  std::string old_label =
      old_file ? "a/" + TerminalSafe(c.kind == ChangeKind::kRenamed ? c.from : c.path) : "/dev/null";
  std::string new_label = new_file ? "b/" + TerminalSafe(c.path) : "/dev/null";
  return RunDiff(old_fd.get(), new_fd.get(), old_label, new_label, out_fd, color);
}

}  // namespace

Status WriteDiffs(const StoredRun& stored, const std::vector<Change>& changes, int out_fd, bool color) {
  Fd upper(open((stored.dir + "/upper").c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!upper.valid()) return SysError("open", stored.dir + "/upper", errno);
  auto bases = BaseUppers(stored.dir, stored.run);
  if (!bases) return bases.error();
  OldSide old;
  for (const auto& base : *bases) {
    old.roots.emplace_back(open(base.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!old.roots.back().valid()) return SysError("open", base, errno);
    old.paths.push_back(base);
  }
  auto host = OpenDirNoFollow(stored.run.project);
  if (!host) return host.error();
  old.roots.push_back(std::move(*host));
  old.paths.push_back(stored.run.project);
  UpperAccess access(stored.dir + "/upper");
  for (const auto& c : changes)
    if (auto st = OneDiff(stored, upper.get(), old, c, out_fd, color); !st) return st;
  return Ok();
}

}  // namespace paddock::overlay
