#include "overlay/git_refs.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "git/config.h"
#include "overlay/child_process.h"
#include "overlay/fd.h"
#include "overlay/stack.h"
#include "overlay/upper_walk.h"

namespace paddock::overlay {
namespace {

constexpr size_t kRefFileLimit = 4096;
constexpr size_t kPackedRefsLimit = 256u << 20;
constexpr unsigned kGitSeconds = 60;

// Loose refs below the open directory `fd` (ref name `prefix`), depth-first.
// Entries that are neither a directory nor a regular file are no refs.
Status WalkLoose(int fd, const std::string& prefix, const std::string& path, git::RefValues& out, int depth) {
  if (depth > 64) return OpError("read", path, "refs nested deeper than 64 directories");
  auto names = ListDirFd(fd, path);
  if (!names) return names.error();
  for (const auto& name : *names) {
    struct stat st;
    if (fstatat(fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return SysError("read", path + "/" + name, errno);
    if (S_ISDIR(st.st_mode)) {
      Fd sub = OpenDirAt(fd, name);
      if (!sub.valid()) return SysError("open", path + "/" + name, errno);
      if (auto s = WalkLoose(sub.get(), prefix + "/" + name, path + "/" + name, out, depth + 1); !s) return s;
    } else if (S_ISREG(st.st_mode)) {
      auto text = ReadSmallFileAt(fd, name, kRefFileLimit, path + "/" + name);
      if (!text) return text.error();
      if (auto oid = git::LooseRefValue(*text); !oid.empty()) out[prefix + "/" + name] = oid;
    }
  }
  return Ok();
}

// `project`/.git opened without following a link; an invalid Fd when the
// project has no such directory.
Result<Fd> OpenGitDir(const std::string& project) {
  auto top = OpenDirNoFollow(project);
  if (!top) return top.error();
  Fd git = OpenDirAt(top->get(), ".git");
  if (!git.valid() && errno != ENOENT && errno != ENOTDIR && errno != ELOOP)
    return SysError("open", project + "/.git", errno);
  return git;
}

// The content of `rel` in the run's upper dir ("" when unreadable: the ref
// then names no commit, which refuses a protected one).
std::string UpperText(const std::string& upper, const std::string& rel) {
  auto root = OpenDirNoFollow(upper);
  if (!root) return "";
  auto fd = OpenUpperFile(root->get(), rel, upper);
  if (!fd) return "";
  std::string text;
  char buf[65536];
  for (ssize_t n; (n = read(fd->get(), buf, sizeof buf)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 || text.size() > kPackedRefsLimit) return "";
    text.append(buf, static_cast<size_t>(n));
  }
  return text;
}

// The child's side of IsAncestor: a clean environment, git's output
// dropped (the refusal says what it means), then git. The alarm survives
// exec: an object the run made a fifo would block git's open for ever.
[[noreturn]] void ExecMergeBase(const std::string& git_dir, const std::string& alternates, const std::string& old_oid,
                                const std::string& new_oid) {
  signal(SIGPIPE, SIG_DFL);
  signal(SIGALRM, SIG_DFL);
  alarm(kGitSeconds);
  int null = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0) _exit(127);
  std::string git_dir_env = "GIT_DIR=" + git_dir, alt_env = "GIT_ALTERNATE_OBJECT_DIRECTORIES=" + alternates;
  const char* env[] = {"PATH=/usr/local/bin:/usr/bin:/bin",
                       "HOME=/nonexistent",
                       "GIT_CONFIG_NOSYSTEM=1",
                       "GIT_CONFIG_GLOBAL=/dev/null",
                       "LC_ALL=C",
                       git_dir_env.c_str(),
                       alt_env.c_str(),
                       nullptr};
  const char* argv[] = {"git",
                        "-c",
                        "safe.directory=*",
                        "-c",
                        "core.fsmonitor=false",
                        "merge-base",
                        "--is-ancestor",
                        old_oid.c_str(),
                        new_oid.c_str(),
                        nullptr};
  execvpe("git", const_cast<char* const*>(argv), const_cast<char* const*>(env));
  _exit(127);
}

// The refs of a stacked run's starting point: each pending base's changes
// applied over `refs`, the project's, bottom of the chain first. Their
// upper dirs go to `uppers` (top first), whose objects git needs too.
Status ApplyBaseRefs(const StoredRun& stored, git::RefStore& refs, std::vector<std::string>& uppers) {
  auto chain = BaseChain(RunsDirOf(stored.dir), stored.run);
  if (!chain) return chain.error();
  for (auto it = chain->rbegin(); it != chain->rend(); ++it) {
    auto base_changes = ReadChanges(it->dir, it->run);
    if (!base_changes) return base_changes.error();
    std::string upper = it->dir + "/upper";
    refs = changes::RefsAfter(refs, *base_changes, [&](const std::string& rel) { return UpperText(upper, rel); });
  }
  for (const auto& base : *chain) uppers.push_back(base.dir + "/upper");
  return Ok();
}

}  // namespace

Result<git::RefStore> ReadHostRefs(const std::string& project) {
  git::RefStore store;
  auto git = OpenGitDir(project);
  if (!git) return git.error();
  if (!git->valid()) return store;
  std::string path = project + "/.git";
  Fd refs = OpenDirAt(git->get(), "refs");
  if (refs.valid()) {
    if (auto s = WalkLoose(refs.get(), "refs", path + "/refs", store.loose, 0); !s) return s.error();
  } else if (errno != ENOENT) {
    return SysError("open", path + "/refs", errno);
  }
  auto packed = ReadSmallFileAt(git->get(), "packed-refs", kPackedRefsLimit, path + "/packed-refs");
  if (packed) store.packed = git::ParsePackedRefs(*packed);
  else if (packed.error().err != ENOENT) return packed.error();
  return store;
}

std::vector<std::string> DefaultProtectedBranches(const std::string& project) {
  std::vector<std::string> out;
  auto git = OpenGitDir(project);
  if (!git || !git->valid()) return out;
  if (auto head = ReadSmallFileAt(git->get(), "HEAD", kRefFileLimit, project + "/.git/HEAD"))
    if (auto branch = git::HeadBranch(*head); !branch.empty()) out.push_back(branch);
  if (auto config = ReadSmallFileAt(git->get(), "config", 1u << 20, project + "/.git/config"))
    for (const auto& b : git::TrackedBranches(git::ParseConfig(*config)))
      if (std::find(out.begin(), out.end(), b) == out.end()) out.push_back(b);
  return out;
}

Result<bool> IsAncestor(const std::string& project, const std::vector<std::string>& uppers, const std::string& old_oid,
                        const std::string& new_oid) {
  std::string alternates;
  for (const auto& upper : uppers) alternates += (alternates.empty() ? "" : ":") + upper + "/.git/objects";
  auto status = RunChild("git", [&] { ExecMergeBase(project + "/.git", alternates, old_oid, new_oid); });
  if (!status) return status.error();
  if (WIFEXITED(*status) && WEXITSTATUS(*status) <= 1) return WEXITSTATUS(*status) == 0;
  if (NotStarted(*status)) return OpError("run", "git", "it cannot be started (install git)");
  if (WIFSIGNALED(*status) && WTERMSIG(*status) == SIGALRM)
    return OpError("run", "git merge-base", "it did not answer within " + std::to_string(kGitSeconds) + " s");
  return OpError("run", "git merge-base", "it failed (a commit is missing or unreadable)");
}

Result<std::vector<changes::RefReview>> ReviewRefs(const StoredRun& stored,
                                                   const std::vector<changes::Change>& selected,
                                                   const changes::RefProtection& protection) {
  std::vector<changes::RefReview> out;
  bool touches_refs = false;
  for (const auto& c : selected)
    touches_refs = touches_refs || changes::IsRefPath(c.path) || changes::IsRefPath(c.from) ||
                   changes::AtOrBelow(".git/refs", c.path);
  if (!touches_refs) return out;
  auto before = ReadHostRefs(stored.run.project);
  if (!before) return before.error();
  std::vector<std::string> uppers;
  // A stacked run starts from its bases' refs, and their objects.
  if (auto st = ApplyBaseRefs(stored, *before, uppers); !st) return st.error();
  std::string upper = stored.dir + "/upper";
  uppers.insert(uppers.begin(), upper);
  auto after = changes::RefsAfter(*before, selected, [&](const std::string& rel) { return UpperText(upper, rel); });
  for (const auto& u : git::RefUpdates(before->Effective(), after.Effective())) {
    changes::RefReview review{u, std::nullopt, ""};
    std::string problem;
    if (changes::NeedsAncestryCheck(u, protection)) {
      auto ancestor = IsAncestor(stored.run.project, uppers, u.old_oid, u.new_oid);
      if (ancestor) review.fast_forward = *ancestor;
      else problem = ancestor.error().message;
    }
    if (auto r = changes::RefRefusal(u, protection, review.fast_forward, problem)) review.refused = r->reason;
    out.push_back(std::move(review));
  }
  return out;
}

Result<std::vector<changes::Refusal>> RefRefusals(const StoredRun& stored, const std::vector<changes::Change>& selected,
                                                  const changes::RefProtection& protection) {
  std::vector<changes::Refusal> out = changes::GitStoreRefusals(selected);
  auto reviews = ReviewRefs(stored, selected, protection);
  if (!reviews) return reviews.error();
  for (const auto& r : *reviews)
    if (!r.refused.empty()) out.push_back({"ref " + r.update.ref, r.refused});
  return out;
}

}  // namespace paddock::overlay
