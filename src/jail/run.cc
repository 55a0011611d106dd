#include "jail/run.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <tuple>

#include "base/strings.h"
#include "jail/audit_file.h"
#include "jail/cgroup.h"
#include "jail/child.h"
#include "jail/idmap.h"
#include "jail/init.h"
#include "jail/jail_home.h"
#include "jail/job_control.h"
#include "jail/mount_point.h"
#include "jail/net_setup.h"
#include "jail/network.h"
#include "jail/placeholders.h"
#include "jail/proc_children.h"
#include "jail/read_file.h"
#include "jail/seccomp_cache.h"
#include "jail/signals.h"
#include "jail/supervise.h"
#include "jail/test_seams.h"
#include "jail/unique_fd.h"
#include "jail/userns.h"
#include "jail/wait_jail.h"
#include "plan/limits_plan.h"
#include "plan/no_namespaces_plan.h"
#include "plan/run_record.h"
#include "plan/writable_roots.h"

namespace paddock::jail {
namespace {

int ReadCapLastCap() {
  auto text = ReadSmallFile("/proc/sys/kernel/cap_last_cap", 64);
  int n = 40;
  if (text) std::sscanf(text->c_str(), "%d", &n);
  return n;
}

unsigned long long CloneFlags(const plan::Namespaces& ns) {
  unsigned long long f = 0;
  if (ns.user) f |= CLONE_NEWUSER;
  if (ns.mount) f |= CLONE_NEWNS;
  if (ns.pid) f |= CLONE_NEWPID;
  if (ns.ipc) f |= CLONE_NEWIPC;
  if (ns.uts) f |= CLONE_NEWUTS;
  if (ns.net) f |= CLONE_NEWNET;
  if (ns.cgroup) f |= CLONE_NEWCGROUP;
  return f;
}

// clone3 with a pidfd (race-free signalling) and, with cgroup v2, straight
// into the jail's cgroup leaf; plain clone where missing (then Attach).
pid_t CloneChild(unsigned long long flags, int* pidfd, int cgroup_fd, ChildContext& ctx) {
  struct clone_args args {};
  args.flags = flags | CLONE_PIDFD;
  args.pidfd = reinterpret_cast<uint64_t>(pidfd);
  if (cgroup_fd >= 0) {
    args.flags |= CLONE_INTO_CGROUP;
    args.cgroup = static_cast<uint64_t>(cgroup_fd);
  }
  args.exit_signal = SIGCHLD;
  long pid = syscall(SYS_clone3, &args, sizeof args);
  if (pid < 0 && errno == ENOSYS) {
    *pidfd = -1;
    if (cgroup_fd >= 0) ctx.cgroup_views.clear();  // attached by pid later: not in its leaf while it mounts
    pid = syscall(SYS_clone, flags | SIGCHLD, nullptr, nullptr, nullptr, nullptr);
  }
  return static_cast<pid_t>(pid);
}

Error CloneError(int err) {
  if (err == EPERM || err == ENOSPC || err == EINVAL)
    return OpError("create", "namespaces for the jail",
                   std::string(strerror(err)) +
                       " (layer 'userns': unprivileged user namespaces are disabled or restricted here, "
                       "e.g. by kernel.unprivileged_userns_clone=0, user.max_user_namespaces=0 or an "
                       "AppArmor policy; run 'paddock doctor')");
  return SysError("create", "namespaces for the jail", err);
}

}  // namespace

void RemoveStalePlaceholders(const plan::LaunchPlan& plan) {
  if (plan.stale_placeholders.empty() || plan.placeholder_dir.empty()) return;
  Placeholders::RemoveStale(plan.placeholder_dir, plan.cwd, plan::WritableRoots(plan));
}

namespace {

// Bind sources below a directory the jail can write (the project's
// protected paths, a worktree's git dir): opened beneath it without
// following a symlink, so that one the agent swaps in on the way (a race
// with this process) fails the run instead of binding a host directory
// outside the jail.
void PlanSourceRoots(const plan::LaunchPlan& plan, ChildContext& ctx) {
  std::vector<std::string> roots = plan::WritableRoots(plan);
  ctx.source_roots.assign(plan.mounts.size(), "");
  for (size_t i = 0; i < plan.mounts.size(); ++i) {
    const auto& op = plan.mounts[i];
    if (op.type == plan::MountType::kBind && !op.source_in_jail)
      ctx.source_roots[i] = plan::RootAbove(roots, op.source);
  }
}

// Opens a source beneath its writable root, here (for an idmapped tree).
Result<UniqueFd> OpenSourceBeneath(const std::string& root, const plan::MountOp& op) {
  UniqueFd root_fd(open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root_fd.valid()) return SysError("open", root, errno);
  UniqueFd source(OpenBelow(root_fd.get(), op.source.c_str() + root.size() + 1, op.source_is_dir, false));
  if (!source.valid()) return SysError("open mount source", op.source, errno);
  return source;
}

// What the child needs, made before clone: the compiled filters, argv and
// envp as C arrays.
Status PrepareChild(const plan::LaunchPlan& plan, ChildContext& ctx) {
  ctx.plan = &plan;
  ctx.cap_last_cap = ReadCapLastCap();
  ctx.prepared_trees.assign(plan.mounts.size(), -1);
  PlanSourceRoots(plan, ctx);
  ctx.trees.assign(plan.mounts.size(), -1);
  for (const auto& op : plan.mounts)
    if (op.type == plan::MountType::kProjectOverlay) {
      ctx.prepared_overlay_lowers.assign(op.overlay_lowers.size(), -1);
      ctx.overlay_lowers.assign(op.overlay_lowers.size(), -1);
    }
  if (plan.seccomp_enabled) {
    auto program = CompileSeccompCached(plan.seccomp, plan.seccomp_cache_dir);
    if (!program) return program.error();
    ctx.seccomp = std::move(*program);
  }
  if (plan.landlock.enabled) ctx.landlock = PrepareLandlock(plan.landlock);
  for (const auto& a : plan.argv) ctx.argv.push_back(const_cast<char*>(a.c_str()));
  ctx.argv.push_back(nullptr);
  for (const auto& e : plan.env) ctx.envp.push_back(const_cast<char*>(e.c_str()));
  ctx.envp.push_back(nullptr);
  return Ok();
}

// What pid 1 becomes, opened while the host's tree is in view; if it cannot
// be opened, pid 1 stays paddock (child.cc, StartCommand).
UniqueFd OpenInitBinary(const plan::LaunchPlan& plan, ChildContext& ctx) {
  if (plan.init_binary.empty()) return UniqueFd();
  UniqueFd fd(open(plan.init_binary.c_str(), O_PATH | O_CLOEXEC));
  ctx.init_fd = ctx.landlock.init_fd = fd.get();
  return fd;
}

// Root started us: user data goes through idmapped mounts made here, since
// only the host's root may idmap a host filesystem. After the placeholders:
// a protected path's tree may be one.
Status OpenIdmappedTrees(const plan::LaunchPlan& plan, ChildContext& ctx, std::vector<UniqueFd>& prepared) {
  if (!plan.use_idmapped_mounts) return Ok();
  auto ns = CreateIdmapUserns(plan.invoker_uid, plan.host_uid);
  if (!ns) return ns.error();
  for (size_t i = 0; i < plan.mounts.size(); ++i) {
    const auto& op = plan.mounts[i];
    if (!op.idmapped) continue;
    bool overlay = op.type == plan::MountType::kProjectOverlay;  // its layers are single filesystems
    UniqueFd anchor;
    if (!ctx.source_roots[i].empty()) {
      auto source = OpenSourceBeneath(ctx.source_roots[i], op);
      if (!source) return source.error();
      anchor = std::move(*source);
    }
    auto tree = OpenIdmappedTree(op.source, ns->get(), op.recursive && !overlay, anchor.get());
    if (!tree) return tree.error();
    ctx.prepared_trees[i] = tree->get();
    prepared.push_back(std::move(*tree));
    if (!overlay) continue;
    auto layers = OpenIdmappedTree(op.overlay_dir, ns->get(), false);
    if (!layers) return layers.error();
    ctx.prepared_overlay_layers = layers->get();
    prepared.push_back(std::move(*layers));
    // The base runs' uppers were written through the same idmap: the same again.
    for (size_t k = 0; k < op.overlay_lowers.size(); ++k) {
      auto lower = OpenIdmappedTree(op.overlay_lowers[k], ns->get(), false);
      if (!lower) return lower.error();
      ctx.prepared_overlay_lowers[k] = lower->get();
      prepared.push_back(std::move(*lower));
    }
  }
  return Ok();
}

// The parent's ends and the child's ends of the three channels (child.h).
// The sync channel is a socket pair, not a pipe: the child may die (a stage
// failed) before paddock sends its second byte, and send(MSG_NOSIGNAL) then
// fails with EPIPE where a pipe's write would kill paddock with SIGPIPE.
struct ChildPipes {
  UniqueFd sync_read, sync_write, error_read, error_write, report_read, report_write;
};

Status OpenPipes(ChildPipes& p, ChildContext& ctx) {
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    return SysError("create", "sync socket pair", errno);
  p.sync_read = UniqueFd(fds[0]), p.sync_write = UniqueFd(fds[1]);
  if (pipe2(fds, O_CLOEXEC) != 0) return SysError("create", "error pipe", errno);
  p.error_read = UniqueFd(fds[0]), p.error_write = UniqueFd(fds[1]);
  if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) return SysError("create", "report pipe", errno);
  p.report_read = UniqueFd(fds[0]), p.report_write = UniqueFd(fds[1]);
  ctx.sync_fd = p.sync_read.get();
  ctx.error_fd = p.error_write.get();
  ctx.report_fd = p.report_write.get();
  return Ok();
}

// The child waits on the sync channel until it is in its own process group
// (and the terminal's) and has its id maps; it moves itself into its cgroup
// v1 leaves, sets up its mounts, and waits for a second byte (the cgroup
// confirmed) before it forks or runs anything.
Status ReleaseChild(pid_t pid, const plan::LaunchPlan& plan, JobControl& job, UniqueFd& sync_write) {
  if (auto st = job.Adopt(pid); !st) return st;
  if (plan.namespaces.user) {
    if (auto st = WriteIdMaps(pid, plan); !st) return st;
  }
  if (send(sync_write.get(), "g", 1, MSG_NOSIGNAL) != 1) return SysError("release", "the jail", errno);
  return Ok();
}

// The jail's limits: the leaf exists before clone, so the child is born into
// it (v2) or moves itself in once released (v1: through `join_files`, kept
// until the clone); removed when the run returns. No group: no cgroup limits.
struct JailCgroup {
  std::unique_ptr<Cgroup> group;
  std::vector<std::string> leaves;
  std::vector<UniqueFd> join_files;
  std::vector<CgroupView> views;  // planned kCgroupView: what it shows

  // The child's view of the join files (ChildContext::cgroup_joins) and of
  // the leaves it shows, where it is in them before it mounts: born there
  // (v2) or moving itself in first (v1). Attached by pid later, it shows
  // none, as its cgroup namespace would be rooted above them.
  void Lend(ChildContext& ctx) const {
    for (size_t i = 0; i < join_files.size(); ++i)
      ctx.cgroup_joins.push_back({join_files[i].get(), i < leaves.size() ? leaves[i].c_str() : ""});
    if (!group || (group->clone_fd() < 0 && join_files.empty())) return;
    for (const auto& v : views) ctx.cgroup_views.push_back({v.name.c_str(), v.dir.c_str()});
    ctx.cgroup_view_trees.assign(ctx.cgroup_views.size(), -1);
  }
};

Result<JailCgroup> MakeJailCgroup(const plan::LaunchPlan& plan) {
  for (const auto& w : plan.limits.warnings) std::fprintf(stderr, "paddock: warning: %s\n", w.c_str());
  JailCgroup made;
  auto group = CreateCgroup(plan.limits);
  if (!group) return group.error();
  made.group = std::move(*group);
  if (!made.group) return made;
  auto files = made.group->OpenJoinFiles();
  if (!files) return files.error().WithLayer("cgroup");
  made.join_files = std::move(*files);
  made.leaves = made.group->leaf_dirs();
  if (std::any_of(plan.mounts.begin(), plan.mounts.end(),
                  [](const plan::MountOp& op) { return op.type == plan::MountType::kCgroupView; }))
    made.views = made.group->views();
  return made;
}

// `joined`: the child moved itself in (v1, ChildContext::cgroup_joins): a
// stage failed if it could not, and attaching it again from here would wait
// for the grace period the child avoided.
Status ConfirmCgroup(pid_t pid, Cgroup* cgroup, bool joined, UniqueFd& sync_write) {
  if (KillJailBeforeCgroupSeam()) {
    // As if a stage had failed meanwhile: the jail is gone, its end closed.
    kill(pid, SIGKILL);
    siginfo_t info;
    waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT);
  } else if (cgroup) {
    if (FailCgroupAttachSeam()) return Error{"cannot attach the jail to its cgroup: test seam"}.WithLayer("cgroup");
    if (!joined)
      if (auto st = cgroup->Attach(pid); !st) return st;
  }
  if (send(sync_write.get(), "c", 1, MSG_NOSIGNAL) != 1) return SysError("release", "the jail into its cgroup", errno);
  sync_write.reset();
  return Ok();
}

// A stage that failed before exec is the run's error; a failed exec is
// reported and the jail's exit status says the rest (126/127).
Status ReadChildError(UniqueFd& error_read) {
  ChildError record;
  ssize_t n;
  do n = read(error_read.get(), &record, sizeof record);
  while (n < 0 && errno == EINTR);
  error_read.reset();
  if (n != static_cast<ssize_t>(sizeof record)) return Ok();
  if (record.kind == ChildError::kSetup)
    return Error{DescribeChildError(record)}.WithLayer(
        std::string(record.stage, strnlen(record.stage, sizeof record.stage)));
  std::fprintf(stderr, "paddock: %s\n", DescribeChildError(record).c_str());
  return Ok();
}

// Releases the child, confirms its cgroup while the child sets up, and
// reads what its stages reported (nothing when the command was exec'd).
Status StartChild(pid_t pid, const plan::LaunchPlan& plan, JobControl& job, Cgroup* cgroup, bool joined,
                  ChildPipes& pipes) {
  if (auto st = ReleaseChild(pid, plan, job, pipes.sync_write); !st) return st;
  if (auto st = ConfirmCgroup(pid, cgroup, joined, pipes.sync_write); !st) {
    // A stage that failed meanwhile is the cause (an attach to a process
    // that exited fails too): its report is in the pipe once it is dead.
    kill(pid, SIGKILL);
    if (auto child = ReadChildError(pipes.error_read); !child) return child;
    return st;
  }
  return ReadChildError(pipes.error_read);
}

// Without a pid namespace nothing ends the jail's processes with its first
// one: paddock becomes their subreaper, so orphans come back here instead of
// to the host's init, and kills every one of them when the jail ends (on
// every path out). Children paddock had before (paddock check's bait) are
// spared.
class OrphanSweep {
 public:
  Status Start(const plan::LaunchPlan& plan) {
    if (plan.namespaces.pid) return Ok();
    if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0)
      return SysError("become", "the subreaper of the jail's processes", errno);
    for (pid_t child : ChildrenOf(getpid())) spare_.insert(child);
    active_ = true;
    return Ok();
  }
  void Finish() {
    if (active_) EndOwnDescendants(spare_);
    active_ = false;
  }
  ~OrphanSweep() { Finish(); }

 private:
  bool active_ = false;
  std::set<pid_t> spare_;
};

bool Quiet(const plan::LaunchPlan& plan) { return plan.verbosity == policy::Verbosity::kQuiet; }

// The exit record: read the cgroup before it goes, then the audit records,
// --stats, and on a terminal the limits that stopped the command.
void FinishRun(const plan::LaunchPlan& plan, Supervisor& supervisor, Cgroup* cgroup, int status) {
  plan::RunStats stats = supervisor.Finish();
  if (cgroup) {
    if (auto st = cgroup->Destroy(); !st) std::fprintf(stderr, "paddock: warning: %s\n", st.error().message.c_str());
  }
  for (auto& record : plan::LimitRecords(stats, plan.limits)) RecordRunEvent(plan, std::move(record));
  RecordRunEvent(plan, plan::ExitRecord(status, stats, plan.limits));
  if (plan.stats) {
    for (const auto& line : Split(plan::FormatStats(stats, plan.limits), '\n'))
      if (!line.empty()) std::fprintf(stderr, "paddock: %s\n", line.c_str());
    return;  // names the limit hit already
  }
  if (Quiet(plan) || !isatty(STDERR_FILENO)) return;
  for (const auto& hit : plan::LimitHits(stats, plan.limits))
    std::fprintf(stderr, "paddock: stopped by the %s limit: %s\n", hit.limit.c_str(), hit.detail.c_str());
}

}  // namespace

namespace {

// The jail home (with the first-run notice), then the run-start record:
// after the home, which made the state dir the default log lives in.
Status StartRun(const plan::LaunchPlan& plan, bool& started) {
  std::vector<std::string> home_notes;
  bool home_created = false;
  if (auto st = PrepareJailHome(plan, home_notes, home_created); !st) return st;
  // For people only (a terminal): scripts and logs do not need it.
  if (home_created && !Quiet(plan) && isatty(STDERR_FILENO))
    std::fprintf(stderr, "paddock: %s\n", FirstRunNotice(plan).c_str());
  for (const auto& note : home_notes) std::fprintf(stderr, "paddock: warning: %s\n", note.c_str());
  // Without a mount namespace /tmp is the host's: TMPDIR is in the jail home.
  if (!plan.namespaces.mount) {
    std::string tmp = plan.jail_home_host + "/" + plan::kNoNamespacesTmp;
    if (mkdir(tmp.c_str(), 0700) != 0 && errno != EEXIST) return SysError("create directory", tmp, errno);
  }
  RecordRunEvent(plan, plan::RunStartRecord(plan));
  started = true;
  return Ok();
}

// Protected paths that do not exist yet get a placeholder to bind over
// (removed when the result is destroyed: the jail has exited); then root's
// idmapped trees are made.
Result<Placeholders> PrepareMountSources(const plan::LaunchPlan& plan, ChildContext& ctx,
                                         std::vector<UniqueFd>& prepared) {
  SwapPathsSeam("placeholders");
  auto placeholders = Placeholders::Create(plan);
  if (!placeholders) return placeholders.error();
  SwapPathsSeam("mounts");
  if (auto st = OpenIdmappedTrees(plan, ctx, prepared); !st) return st.error();
  return placeholders;
}

Result<int> RunJailSteps(const plan::LaunchPlan& plan, bool& started) {
  if (auto st = StartRun(plan, started); !st) return st.error();
  ChildContext ctx;
  if (auto st = PrepareChild(plan, ctx); !st) return st.error();
  UniqueFd init_binary = OpenInitBinary(plan, ctx);
  std::vector<UniqueFd> prepared;
  auto placeholders = PrepareMountSources(plan, ctx, prepared);
  if (!placeholders) return placeholders.error();
  ChildPipes pipes;
  if (auto st = OpenPipes(pipes, ctx); !st) return st.error();
  auto net_channel = PrepareNetSetup(plan, ctx.net);
  if (!net_channel) return net_channel.error();

  // Signals are taken synchronously (wait_jail.h); the child restores the
  // mask at exec. paddock needs to see SIGCHLD and SIGCONT, whatever it
  // inherited.
  signal(SIGCHLD, SIG_DFL);
  signal(SIGCONT, SIG_DFL);
  BlockedSignals blocked(JailSignals());

  auto limits = MakeJailCgroup(plan);
  if (!limits) return limits.error();
  limits->Lend(ctx);
  Cgroup* cgroup = limits->group.get();

  OrphanSweep sweep;
  if (auto st = sweep.Start(plan); !st) return st.error();
  int pidfd_raw = -1;
  pid_t pid = CloneChild(CloneFlags(plan.namespaces), &pidfd_raw, cgroup ? cgroup->clone_fd() : -1, ctx);
  if (pid == 0) {
    close(pipes.sync_write.get());
    close(pipes.error_read.get());
    close(pipes.report_read.get());
    ChildMain(ctx);
  }
  int clone_errno = errno;
  UniqueFd pidfd(pidfd_raw);
  pipes.sync_read.reset();
  pipes.error_write.reset();
  pipes.report_write.reset();
  if (ctx.net.channel >= 0) close(ctx.net.channel);
  prepared.clear();
  init_binary.reset();
  limits->join_files.clear();
  if (pid < 0) return CloneError(clone_errno);
  // On an error path below, its destructor hands the terminal back (before
  // `blocked` restores the mask); each of them reaps pid 1 first.
  JobControl job(std::move(pipes.report_read));
  auto abort_child = [&](Error e) -> Result<int> {
    kill(pid, SIGKILL);
    while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {}
    return e;
  };
  if (!net_channel->published.empty()) {
    auto ns = SocketFactory::OpenNamespaces(pid);
    if (!ns) return abort_child(ns.error());
    std::tie(net_channel->user_ns, net_channel->net_ns) = std::move(*ns);
  }
  Supervisor supervisor(plan.limits, cgroup);
  supervisor.Started(pid);
  if (auto st = StartChild(pid, plan, job, cgroup, !ctx.cgroup_joins.empty(), pipes); !st)
    return abort_child(st.error());
  std::unique_ptr<JailNetwork> network;
  if (net_channel->active()) {
    auto served = ServeJailNetwork(plan, *net_channel);
    if (!served) return abort_child(served.error());
    network = std::move(*served);
  }
  auto waited = WaitForJail(pid, pidfd.get(), job, supervisor);
  if (!waited) return abort_child(waited.error());
  sweep.Finish();
  job.HandBackTerminal();
  if (network) ReportDenials(*network, Quiet(plan));
  FinishRun(plan, supervisor, cgroup, *waited);
  return *waited;
}

}  // namespace

Result<int> RunJail(const plan::LaunchPlan& plan) {
  bool started = false;
  auto status = RunJailSteps(plan, started);
  // A jail that could not be set up still ends its run in the log.
  if (!status && started)
    RecordRunEvent(plan, {{"event", "exit"}, {"status", nullptr}, {"error", status.error().message}});
  return status;
}

}  // namespace paddock::jail
