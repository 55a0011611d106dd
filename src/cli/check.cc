// `paddock check [run options]`: the user's proof. Runs paddock's own escape
// probe (the hidden `paddock __probe`) in a jail built from exactly the
// options `paddock run` would get, sets up outside what an escape would
// reach (a loopback listener, an abstract socket, a process, a secret in the
// environment) and prints what was contained and what ESCAPED (docs/check.md).
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "base/strings.h"
#include "check/probe_inputs.h"
#include "check/report.h"
#include "cli/command.h"
#include "cli/overlay_run.h"
#include "cli/prepare_run.h"
#include "cli/self_path.h"
#include "cli/terminal.h"
#include "escape/escape_probe.h"
#include "jail/audit_file.h"
#include "jail/host_probe.h"
#include "jail/read_file.h"
#include "jail/run.h"
#include "jail/unique_fd.h"
#include "net/host_pattern.h"
#include "plan/limits_plan.h"
#include "policy/cli_options.h"
#include "policy/policy.h"

namespace paddock::cli {
namespace {

constexpr const char* kSleeperComm = "paddock-check";  // its /proc/PID/comm
constexpr const char* kCanaryName = "PADDOCK_CHECK_CANARY_TOKEN";

constexpr const char* kHelpHead =
    "Prove the jail: run paddock's escape probe in a jail built from the same\n"
    "options (and preset) `paddock run` would use, and show, for every escape\n"
    "the test suite knows, whether it was contained or ESCAPED.\n"
    "Exit status: 0 all contained, 1 something escaped (or was not reported),\n"
    "2 usage error, 125 paddock's own failure.\n\n"
    "Options:\n  --json                      The result as JSON\nand every option of `paddock run`:\n\n";
constexpr const char* kExamples =
    "\nExamples:\n"
    "  paddock check                      # the default jail for this project\n"
    "  paddock check --net allow --allow-host github.com\n"
    "  paddock check --preset claude      # what `paddock claude` would get\n"
    "  paddock check --json | jq .verdict\n";

std::string RandomHex() {
  unsigned char bytes[12];
  if (getrandom(bytes, sizeof bytes, 0) != sizeof bytes) {
    // Unpredictability only keeps the canary from being guessed; the pid and
    // address still make it unique.
    auto v = reinterpret_cast<uintptr_t>(&bytes) ^ static_cast<uintptr_t>(getpid());
    std::memcpy(bytes, &v, std::min(sizeof v, sizeof bytes));
  }
  return HexEncode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

// A process outside the jail for the probe to signal, trace and read: it
// must still be running, unstopped, when the jail is done.
pid_t StartSleeper() {
  pid_t pid = fork();
  if (pid != 0) return pid;
  prctl(PR_SET_NAME, kSleeperComm);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  for (int fd = 3; fd < 1024; ++fd) close(fd);
  for (;;) pause();
}

// Whether the sleeper was killed, stopped or traced.
bool SleeperHarmed(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, WNOHANG | WUNTRACED) != 0) return true;
  auto status_text = jail::ReadSmallFile("/proc/" + std::to_string(pid) + "/status", 1 << 16);
  return !status_text || status_text->find("TracerPid:\t0\n") == std::string::npos;
}

UniqueFd Listen(int domain, const sockaddr* addr, socklen_t len) {
  UniqueFd fd(socket(domain, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (fd.get() < 0 || bind(fd.get(), addr, len) != 0 || listen(fd.get(), 8) != 0) return UniqueFd();
  return fd;
}

bool Accepted(const UniqueFd& fd) {
  if (fd.get() < 0) return false;
  int c = accept4(fd.get(), nullptr, nullptr, SOCK_CLOEXEC);
  if (c < 0) return false;
  close(c);
  return true;
}

bool IsSocket(const std::string& path) {
  struct stat st {};
  return !path.empty() && stat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode);
}

// What lives outside only: the sockets an agent must not reach.
std::vector<std::string> HostSockets() {
  std::vector<std::string> out;
  auto add = [&](const std::string& p) {
    if (IsSocket(p) && std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
  };
  if (const char* s = getenv("SSH_AUTH_SOCK")) add(s);
  if (const char* d = getenv("DOCKER_HOST"); d && std::strncmp(d, "unix://", 7) == 0) add(d + 7);
  add("/var/run/docker.sock");
  add("/run/docker.sock");
  // The user's systemd manager and session bus start units outside any
  // jail (systemd-run); the system bus reaches polkit and logind.
  std::string runtime = "/run/user/" + std::to_string(getuid());
  if (const char* x = getenv("XDG_RUNTIME_DIR")) runtime = x;
  for (const char* name : {"/docker.sock", "/systemd/private", "/bus"}) add(runtime + name);
  add("/run/dbus/system_bus_socket");
  add("/run/systemd/private");
  return out;
}

std::string Drain(int fd) {
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

struct HostBait {
  pid_t sleeper = -1;
  UniqueFd tcp;
  UniqueFd abstract;
  UniqueFd home;  // left open across exec on purpose: the jail must close it
  check::ProbeInputs inputs;
};

// Sets up outside what the probe will try to reach.
void SetBait(HostBait& bait, const std::string& home) {
  check::ProbeInputs& in = bait.inputs;
  bait.sleeper = StartSleeper();
  if (bait.sleeper > 0) {
    in.host_pid = bait.sleeper;
    in.host_comm = kSleeperComm;
  }
  sockaddr_in tcp{};
  tcp.sin_family = AF_INET;
  tcp.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bait.tcp = Listen(AF_INET, reinterpret_cast<sockaddr*>(&tcp), sizeof tcp);
  socklen_t len = sizeof tcp;
  if (bait.tcp.get() >= 0 && getsockname(bait.tcp.get(), reinterpret_cast<sockaddr*>(&tcp), &len) == 0)
    in.tcp_port = ntohs(tcp.sin_port);
  in.abstract_name = "paddock-check-" + RandomHex();
  sockaddr_un un{};
  un.sun_family = AF_UNIX;
  std::memcpy(un.sun_path + 1, in.abstract_name.data(), in.abstract_name.size());
  bait.abstract =
      Listen(AF_UNIX, reinterpret_cast<sockaddr*>(&un), offsetof(sockaddr_un, sun_path) + 1 + in.abstract_name.size());
  if (bait.abstract.get() < 0) in.abstract_name.clear();
  struct stat st {};
  if (stat(home.c_str(), &st) == 0) {
    in.home_dev = st.st_dev;
    in.home_ino = st.st_ino;
  }
  if (stat((home + "/.ssh").c_str(), &st) == 0) {
    in.ssh_dev = st.st_dev;
    in.ssh_ino = st.st_ino;
  }
  in.sockets = HostSockets();
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) == 0) in.host_name = name;
  bait.home = UniqueFd(open(home.c_str(), O_PATH | O_DIRECTORY));  // no O_CLOEXEC: the bait
}

// A public name the policy does not let the jail resolve (every name, but
// with --net allow one no --allow-host matches); "" when all are allowed.
std::string DeniedName(const policy::Policy& policy) {
  net::AllowList allowed(policy.network.allow, policy.network.deny);
  for (const char* name : {"example.org", "example.net", "iana.org", "wikipedia.org"}) {
    bool pinned = std::any_of(policy.network.pins.begin(), policy.network.pins.end(),
                              [&](const net::ResolvePin& p) { return p.name == name; });
    if (policy.net != policy::NetMode::kAllow || (!pinned && !allowed.CheckResolvable(name).allowed)) return name;
  }
  return "";
}

int PrintHelp() {
  auto help = policy::ParseRunOptions("check", {"--help"}, "/", "/");
  if (!help) return UsageError("check", help.error().message);
  // The run options' own help, without its first line (run's description).
  std::string text = help->help_text;
  if (auto nl = text.find('\n'); nl != std::string::npos && text.rfind("Run a command", 0) == 0) text.erase(0, nl + 1);
  // run's examples run commands; check takes none (its own follow).
  if (auto ex = text.find("\nExamples:\n"); ex != std::string::npos) text.erase(ex);
  std::fputs(kHelpHead, stdout);
  std::fputs(text.c_str(), stdout);
  std::fputs(kExamples, stdout);
  return 0;
}

// Runs the probe in the jail `parsed` describes, with the bait set. Returns
// false to exit with `exit_code`.
bool RunProbe(policy::ParsedRun& parsed, HostBait& bait, std::vector<check::Outcome>& outcomes,
              std::vector<std::string>& not_enforced, int& exit_code) {
  std::string self = SelfPath();
  if (self.empty()) {
    PrintError("cannot read /proc/self/exe: the probe is paddock's own binary");
    exit_code = kExitPaddockError;
    return false;
  }
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    PrintError(std::string("cannot create the probe's pipe: ") + std::strerror(errno));
    exit_code = kExitPaddockError;
    return false;
  }
  UniqueFd report_read(pipe_fds[0]), report_write(pipe_fds[1]);
  // The jail keeps the write end (as --pass-fd does); check keeps the read end.
  bait.inputs.report_fd = report_write.get();
  parsed.policy.pass_fds.push_back(report_write.get());
  parsed.policy.show_self = true;
  parsed.policy.command = {self, "__probe"};
  for (auto& a : check::ProbeArguments(bait.inputs)) parsed.policy.command.push_back(std::move(a));

  plan::LaunchPlan plan;
  if (!PlanRun("check", parsed, plan, exit_code)) return false;
  // What the plan protects is known now: the probe tries those paths (and
  // those a run without namespaces leaves unguarded).
  bait.inputs.protected_paths = plan.protected_paths;
  for (const auto& p : plan.review.unguarded_paths) bait.inputs.protected_paths.push_back(p);
  // The limit the user asked for (or the default), even where nothing
  // enforces it: then the probe's forks pass it, and that is the finding.
  bait.inputs.pids_limit = plan.limits.pids.value_or(parsed.policy.limits.pids.value_or(plan::kDefaultPids));
  plan.argv.resize(2);  // paddock __probe
  for (auto& a : check::ProbeArguments(bait.inputs)) plan.argv.push_back(std::move(a));
  plan.run_id = jail::NewRunId();  // its records in the audit log belong together (paddock log --run)
  for (const auto& layer : plan.layers)
    if (!layer.enforced) not_enforced.push_back(layer.layer);
  PrintPlanNotes(plan);
  jail::RemoveStalePlaceholders(plan);
  // --overlay: check's own writes land in a layer no one needs to review.
  if (auto st = StartOverlayRun(plan); !st) {
    PrintError(st.error());
    exit_code = kExitPaddockError;
    return false;
  }
  auto status = jail::RunJail(plan);
  DropOverlayRun(plan);
  report_write.reset();
  fcntl(report_read.get(), F_SETFL, O_NONBLOCK);  // a process left inside cannot hold check
  std::string output = Drain(report_read.get());
  check::HostSeen seen;
  seen.tcp_connection = Accepted(bait.tcp);
  seen.abstract_connection = Accepted(bait.abstract);
  seen.host_process_died = bait.sleeper > 0 && SleeperHarmed(bait.sleeper);
  exit_code = kExitPaddockError;
  if (!status) {
    PrintError(status.error());
    return false;
  }
  outcomes = check::Judge(output, seen);
  if (std::all_of(outcomes.begin(), outcomes.end(), [](const auto& o) { return o.state == check::State::kUnknown; })) {
    PrintError("check: the probe reported nothing (it exited with status " + std::to_string(*status) +
               "); the jail did not run it");
    return false;
  }
  return true;
}

// The attempts ran in this jail: a layer it did not have (degraded, or
// weaker on this host) is said next to the verdict, so "all contained" is
// not read as "every layer held".
void PrintOutcomes(const std::vector<check::Outcome>& outcomes, const std::vector<std::string>& not_enforced,
                   bool json) {
  if (json) {
    auto j = check::ToJson(outcomes);
    j["layers_not_enforced"] = not_enforced;
    std::printf("%s\n", j.dump(2).c_str());
    return;
  }
  bool color = ColorWanted(STDOUT_FILENO);
  auto paint = [color](std::string_view text, check::State state) {
    Tone tone = state == check::State::kContained ? Tone::kGood
                : state == check::State::kEscaped ? Tone::kBad
                                                  : Tone::kWarn;
    return Paint(text, tone, color);
  };
  std::fputs(check::FormatTable(outcomes, paint).c_str(), stdout);
  if (!not_enforced.empty())
    std::printf("layers NOT enforced in this jail: %s (paddock plan shows why)\n", Join(not_enforced, ", ").c_str());
}

int CheckMain(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (std::find(args.begin(), args.end(), "--") != args.end())
    return UsageError("check", "check runs its own probe: it takes no command");
  for (const auto& a : args)
    if (a == "-h" || a == "--help") return PrintHelp();
  std::erase(args, "--json");
  bool json = static_cast<int>(args.size()) != argc - 1;

  // The canary goes into paddock's own environment first, so the jail's is
  // filtered from it exactly as for a run.
  std::string canary = RandomHex();
  setenv(kCanaryName, canary.c_str(), 1);

  policy::ParsedRun parsed;
  int code = 0;
  if (!ParseRun("check", args, parsed, code)) return code;
  if (!parsed.policy.command.empty())
    return UsageError("check", "check runs its own probe: it takes no command ('" + parsed.policy.command[0] + "')");
  auto home = jail::RealHome();
  if (!home) {
    PrintError(home.error());
    return kExitPaddockError;
  }
  HostBait bait;
  SetBait(bait, *home);
  bait.inputs.canary_name = kCanaryName;
  bait.inputs.canary_value = canary;
  bait.inputs.denied_name = DeniedName(parsed.policy);
  std::vector<check::Outcome> outcomes;
  std::vector<std::string> not_enforced;
  bool ran = RunProbe(parsed, bait, outcomes, not_enforced, code);
  if (bait.sleeper > 0) {
    kill(bait.sleeper, SIGKILL);
    waitpid(bait.sleeper, nullptr, 0);
  }
  if (!ran) return code;
  PrintOutcomes(outcomes, not_enforced, json);
  return check::ExitStatus(outcomes);
}

// Inside the jail: `paddock __probe --report-fd=N ...` (check::ProbeArguments).
int ProbeMain(int argc, char** argv) {
  auto inputs = check::ParseProbeArguments(std::vector<std::string>(argv + 1, argv + argc));
  if (!inputs) {
    PrintError(inputs.error());
    return kExitUsage;
  }
  return escape::RunEscapeProbe(*inputs);
}

CommandRegistrar check_command({"check", "prove the jail: try every known escape and show what is contained",
                                &CheckMain, false, nullptr, true});
CommandRegistrar probe_command({"__probe", "paddock check's probe, run inside the jail", &ProbeMain, true});

}  // namespace
}  // namespace paddock::cli
