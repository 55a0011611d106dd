#include "policy/cli_options.h"

#include <CLI/CLI.hpp>
#include <algorithm>

#include "base/strings.h"
#include "net/host_pattern.h"
#include "net/upstream_url.h"
#include "policy/args.h"
#include "policy/units.h"

namespace paddock::policy {
namespace {

// "invalid --FLAG: why", with the flag as the error's object: a config file
// that set it is named next to the message (cli/config_files.cc).
Error InvalidOption(const std::string& flag, const std::string& why) {
  Error e{"invalid " + flag + ": " + why};
  e.object = flag;
  return std::move(e).WithLayer("options");
}

std::string Absolute(const std::string& path, const std::string& base) {
  if (!path.empty() && path[0] == '/') return NormalizePath(path);
  return NormalizePath(base + "/" + path);
}

// --share takes paths of the real home: "~/.claude", ".claude" or an absolute
// path below the home.
Result<std::string> HomePath(const std::string& path, const std::string& home) {
  std::string p = path;
  if (p == "~") p = home;
  else if (StartsWith(p, "~/")) p = home + p.substr(1);
  std::string abs = Absolute(p, home);
  if (!PathIsWithin(abs, home) || abs == NormalizePath(home))
    return OpError("share", path, "not a path below your home " + home + " (use --ro/--rw for other paths)");
  return abs;
}

// The option values as typed, before they are checked.
struct RawRunOptions {
  std::string project, net = "none", tmp_size, memory, cpus, pids, timeout;
  std::vector<std::string> ro, rw, share, share_rw, share_if_present, share_rw_if_present, degrade, pass_fds;
  std::vector<std::string> upstream;
  bool quiet = false, verbose = false;
  std::vector<std::string> allow_hosts, deny_hosts, resolve, publish;
  bool net_given = false;
  // A --net none/host after every --allow-host and --resolve wins over them
  // (a config file allows hosts, the command line closes the network); one
  // before them is a contradiction.
  bool net_last = false;
};

void AddRunOptions(CLI::App& app, RawRunOptions& raw, Policy& p) {
  app.add_option("--project", raw.project, "Project directory (default: the current directory)");
  app.add_option("--ro", raw.ro, "Make a host path visible read-only (repeatable)");
  app.add_option("--rw", raw.rw, "Make a host path visible read-write (repeatable)");
  app.add_option("--share", raw.share, "Expose a path of your real home read-only (repeatable)");
  app.add_option("--share-rw", raw.share_rw, "Expose a path of your real home read-write (repeatable)");
  app.add_option("--share-if-present", raw.share_if_present,
                 "Like --share, but a path that does not exist is skipped (repeatable)");
  app.add_option("--share-rw-if-present", raw.share_rw_if_present,
                 "Like --share-rw, but a path that does not exist is skipped (repeatable)");
  app.add_option("--env", p.env_pass, "Pass NAME, or set NAME=VALUE, in the jail (repeatable)");
  app.add_option("--net", raw.net,
                 "Network: none (loopback only), allow (only --allow-host names, through paddock's resolver and "
                 "proxy) or host");
  app.add_option("--allow-host", raw.allow_hosts,
                 "With --net allow: a name, *.domain, address or CIDR the jail may reach, optionally :PORT[,PORT] "
                 "(default ports 80 and 443; repeatable; implies --net allow)");
  app.add_option("--deny-host", raw.deny_hosts, "Never reach this pattern, even if allowed (repeatable)");
  app.add_option("--publish", raw.publish,
                 "Make a server on the jail's port PORT reachable on the host's 127.0.0.1:HOSTPORT (default: the same "
                 "port): PORT[:HOSTPORT] (repeatable)");
  app.add_option("--resolve", raw.resolve,
                 "Answer NAME with ADDRESS in the jail's resolver: NAME=ADDRESS (repeatable)");
  app.add_option("--tmp-size", raw.tmp_size, "Size cap of the jail's /tmp (default 1g)");
  app.add_flag("--tmp-noexec", p.tmp_noexec, "Mount /tmp noexec");
  app.add_flag("--overlay", p.overlay,
               "Keep the project untouched: changes wait in a per-run layer for 'paddock changes', 'paddock apply' "
               "or 'paddock discard'");
  app.add_option("--protect-branch", p.protect_branches,
                 "With --overlay: apply refuses to rewrite the history of this branch (a name or a pattern with *; "
                 "repeatable; default: HEAD's branch and every branch with an upstream)");
  app.add_option("--overlay-on", p.overlay_on,
                 "Continue a pending --overlay run (its id or a unique prefix): start from its changes, over those "
                 "of the runs it continues, in a layer of its own (implies --overlay)");
  app.add_flag("--allow-host-root", p.allow_host_root,
               "When run by root, allow the command to stay host uid 0 if idmapped mounts are unavailable");
  app.add_option("--pass-fd", raw.pass_fds, "Keep this inherited file descriptor open (repeatable)");
  app.add_option("--memory", raw.memory, "Memory limit, e.g. 4g");
  app.add_option("--cpus", raw.cpus, "CPU limit, e.g. 1.5");
  app.add_option("--pids", raw.pids, "Maximum number of processes");
  app.add_option("--timeout", raw.timeout, "Wall-clock limit, e.g. 30m");
  app.add_option("--degrade", raw.degrade, "Run even if LAYER cannot be applied (comma-separated)")->delimiter(',');
  app.add_option("--protect", p.protect, "Make a project path read-only (repeatable)");
  app.add_option("--protect-if-present", p.protect_if_present,
                 "Make a path read-only when it exists, without keeping it from being created (repeatable)");
  app.add_option("--unprotect", p.unprotect, "Remove a default protected path (repeatable)");
  app.add_option("--seccomp-profile", p.seccomp_profile, "Seccomp profile in Docker/OCI JSON format");
  app.add_flag("--allow-debug", p.allow_debug, "Allow ptrace within the jail (gdb, strace)");
  app.add_flag("--stats", p.stats, "Print resource usage when the command ends");
  app.add_option("--audit-log", p.audit_log,
                 "Append audit events to FILE instead of <state dir>/audit.log; \"none\": no audit log");
  app.add_option("--preset", p.preset,
                 "Run an agent's preset: its command, options and credentials (claude, codex, aider; "
                 "docs/agents.md)");
  app.add_option("--upstream", raw.upstream,
                 "Where a preset's credential forwarder sends requests: NAME=https://HOST[:PORT][/PATH] (repeatable)");
  app.add_option("--ca-file", p.ca_file,
                 "PEM certificates the forwarder trusts for upstreams, instead of the system store");
  app.add_option("--profile", p.profile,
                 "Start from this built-in profile: default, offline, strict (paddock profiles; docs/config.md)");
  app.add_flag("--quiet,-q", raw.quiet, "Print only errors: no notes, warnings or end-of-run summaries");
  app.add_flag("--verbose,-v", raw.verbose, "Also print which layers were applied and how");
  // A value given twice (a preset's, then the user's) takes the last: later
  // sources win. Lists accumulate.
  for (CLI::Option* option : app.get_options())
    if (option->get_expected_max() == 1) option->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
}

// Paths: the project, grants and home shares, made absolute.
void CheckPaths(const RawRunOptions& raw, const std::string& cwd, const std::string& home, Policy& p,
                Problems& problems) {
  p.project_dir = Absolute(raw.project.empty() ? cwd : raw.project, cwd);
  for (auto& path : raw.ro) p.extra_paths.push_back({Absolute(path, cwd), false});
  for (auto& path : raw.rw) p.extra_paths.push_back({Absolute(path, cwd), true});
  for (const auto* list : {&raw.share, &raw.share_rw, &raw.share_if_present, &raw.share_rw_if_present})
    for (auto& path : *list) {
      auto abs = HomePath(path, home);
      bool rw = list == &raw.share_rw || list == &raw.share_rw_if_present;
      bool if_present = list == &raw.share_if_present || list == &raw.share_rw_if_present;
      if (abs) p.home_shares.push_back({*abs, rw, if_present});
      else problems.push_back(abs.error());
    }
  // "~/..." in --protect and --unprotect: a path of the real home (an agent's
  // shared config); the rest stays project-relative.
  for (auto* list : {&p.protect, &p.protect_if_present, &p.unprotect})
    for (auto& path : *list)
      if (path == "~" || StartsWith(path, "~/")) path = NormalizePath(home + path.substr(1));
  if (!p.seccomp_profile.empty()) p.seccomp_profile = Absolute(p.seccomp_profile, cwd);
  if (!p.ca_file.empty()) p.ca_file = Absolute(p.ca_file, cwd);
  if (!p.audit_log.empty() && p.audit_log != "none") p.audit_log = Absolute(p.audit_log, cwd);
}

// "PORT" or "PORT:HOSTPORT", each 1..65535.
Result<Publish> ParsePublish(const std::string& text) {
  auto port = [&](const std::string& part) -> Result<uint16_t> {
    char* end = nullptr;
    errno = 0;
    unsigned long n = std::strtoul(part.c_str(), &end, 10);
    if (part.empty() || errno || *end || n == 0 || n > 65535 || part[0] == '-' || part[0] == '+')
      return Error{"'" + text + "': '" + part + "' is not a port from 1 to 65535 (use PORT or PORT:HOSTPORT)"};
    return static_cast<uint16_t>(n);
  };
  size_t colon = text.find(':');
  auto jail_port = port(text.substr(0, colon));
  if (!jail_port) return jail_port.error();
  auto host_port = colon == std::string::npos ? jail_port : port(text.substr(colon + 1));
  if (!host_port) return host_port.error();
  return Publish{*jail_port, *host_port};
}

// --net and what --net allow lets through. --allow-host alone means
// --net allow; with another --net it is a contradiction, not a silent drop.
void CheckNetwork(const RawRunOptions& raw, Policy& p, Problems& problems) {
  // --deny-host alone opens nothing: harmless under any --net.
  bool filtered_options = !raw.allow_hosts.empty() || !raw.resolve.empty();
  if (raw.net == "none" && !raw.net_given && filtered_options) p.net = NetMode::kAllow;
  else if (raw.net == "none") p.net = NetMode::kNone;
  else if (raw.net == "host") p.net = NetMode::kHost;
  else if (raw.net == "allow") p.net = NetMode::kAllow;
  else problems.push_back(InvalidOption("--net", "'" + raw.net + "' (use none, allow or host)"));
  if (filtered_options && p.net != NetMode::kAllow && (raw.net == "none" || raw.net == "host") && !raw.net_last)
    problems.push_back(InvalidOption("--net", "--allow-host and --resolve need --net allow, not --net " + raw.net));
  auto patterns = [&](const std::vector<std::string>& texts, const char* flag, const std::vector<uint16_t>& ports,
                      std::vector<net::HostPattern>& into) {
    for (const auto& text : texts) {
      auto parsed = net::ParseHostPatterns(text, ports);
      if (!parsed) problems.push_back(InvalidOption(flag, parsed.error().message));
      else into.insert(into.end(), parsed->begin(), parsed->end());
    }
  };
  patterns(raw.allow_hosts, "--allow-host", net::kDefaultAllowPorts, p.network.allow);
  patterns(raw.deny_hosts, "--deny-host", net::kAllPorts, p.network.deny);
  for (const auto& text : raw.resolve) {
    auto pin = net::ParseResolvePin(text);
    if (!pin) problems.push_back(InvalidOption("--resolve", pin.error().message));
    else p.network.pins.push_back(std::move(*pin));
  }
  for (const auto& text : raw.publish) {
    auto parsed = ParsePublish(text);
    if (!parsed) problems.push_back(InvalidOption("--publish", parsed.error().message));
    else p.publish.push_back(*parsed);
  }
  if (!raw.publish.empty() && p.net == NetMode::kHost)
    problems.push_back(
        InvalidOption("--publish", "with --net host the jail's servers are on the host's network already"));
  if (p.net != NetMode::kAllow) {  // a later --net none/host closed what was allowed
    p.network.allow.clear();
    p.network.pins.clear();
  }
  std::set<uint16_t> ports;
  for (const auto& pattern : p.network.allow) ports.insert(pattern.ports.begin(), pattern.ports.end());
  if (ports.size() > kMaxAllowedPorts)
    problems.push_back(InvalidOption("--allow-host", std::to_string(ports.size()) + " different ports; at most " +
                                                         std::to_string(kMaxAllowedPorts) +
                                                         " (the jail listens on each)"));
}

// --upstream NAME=URL: checked here; the preset says which names exist.
void CheckUpstreams(const RawRunOptions& raw, Policy& p, Problems& problems) {
  for (const auto& text : raw.upstream) {
    size_t eq = text.find('=');
    if (eq == std::string::npos || eq == 0) {
      problems.push_back(InvalidOption("--upstream", "'" + text + "' (use NAME=https://HOST[:PORT][/PATH])"));
      continue;
    }
    auto url = net::ParseUpstreamUrl(text.substr(eq + 1));
    if (!url) problems.push_back(InvalidOption("--upstream", url.error().message));
    else p.upstreams.emplace_back(text.substr(0, eq), text.substr(eq + 1));
  }
}

// --env names, --pass-fd numbers.
void CheckNamesAndFds(const RawRunOptions& raw, Policy& p, Problems& problems) {
  for (auto& item : p.env_pass) {
    auto name = item.substr(0, item.find('='));
    if (name.empty() ||
        name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") !=
            std::string::npos ||
        std::isdigit(static_cast<unsigned char>(name[0])))
      problems.push_back(OpError("pass environment variable", "'" + item + "'", "not a valid variable name"));
  }
  for (const auto& fd : raw.pass_fds) {
    char* end = nullptr;
    errno = 0;
    long n = std::strtol(fd.c_str(), &end, 10);
    if (fd.empty() || errno || *end || n < 3 || n > (1 << 20))
      problems.push_back(
          InvalidOption("--pass-fd", "'" + fd + "' is not a descriptor number from 3 to " + std::to_string(1 << 20)));
    else p.pass_fds.push_back(static_cast<int>(n));
  }
}

// Sizes, CPUs, durations, pids and the layers that may degrade.
void CheckLimits(const RawRunOptions& raw, Policy& p, Problems& problems) {
  auto parse_into = [&](const std::string& flag, const std::string& text, auto parse, auto& dest) {
    if (text.empty()) return;
    auto v = parse(text);
    if (v) dest = *v;
    else problems.push_back(InvalidOption(flag, v.error().message));
  };
  std::optional<uint64_t> tmp;
  parse_into("--tmp-size", raw.tmp_size, ParseSize, tmp);
  parse_into("--memory", raw.memory, ParseSize, p.limits.memory_bytes);
  parse_into("--cpus", raw.cpus, ParseCpus, p.limits.cpus);
  parse_into("--timeout", raw.timeout, ParseDurationMs, p.limits.timeout_ms);
  if (tmp) p.tmp_size_bytes = *tmp;
  if (!raw.pids.empty()) {
    char* end = nullptr;
    errno = 0;
    unsigned long long n = std::strtoull(raw.pids.c_str(), &end, 10);
    if (errno || *end || n == 0 || raw.pids[0] == '-')
      problems.push_back(InvalidOption("--pids", "'" + raw.pids + "' is not a positive whole number"));
    else p.limits.pids = n;
  }
  static const std::set<std::string> kLayers = {kLayerUserns, kLayerSeccomp, kLayerLandlock, kLayerCgroup, kLayerIdmap};
  for (auto& layer : raw.degrade) {
    if (!kLayers.count(layer))
      problems.push_back(InvalidOption(
          "--degrade", "unknown layer '" + layer + "' (layers: " + Join({kLayers.begin(), kLayers.end()}, ", ") + ")"));
    else p.degrade.insert(layer);
  }
}

}  // namespace

Result<ParsedRun> ParseRunOptions(const std::string& subcommand, const std::vector<std::string>& args,
                                  const std::string& cwd, const std::string& home) {
  ParsedRun out;
  Policy& p = out.policy;

  // Everything after the first "--" is the command, untouched.
  std::vector<std::string> opts = args;
  auto dashdash = std::find(opts.begin(), opts.end(), "--");
  bool has_dashdash = dashdash != opts.end();
  if (has_dashdash) {
    p.command.assign(dashdash + 1, opts.end());
    opts.erase(dashdash, opts.end());
  }

  CLI::App app{subcommand == "plan" ? "Print the launch plan as JSON; run nothing."
                                    : "Run a command (default: a shell) jailed in the current project.",
               "paddock " + subcommand};
  app.prefix_command(true);  // the first positional starts the command
  app.footer(
      "Options also come from config files (docs/config.md): a built-in profile < ~/.config/paddock/config.toml\n"
      "< the project's .paddock.toml (tighten-only unless trusted) < this command line.\n\n"
      "Examples:\n"
      "  paddock " +
      subcommand +
      "                            a shell jailed in this directory\n"
      "  paddock " +
      subcommand +
      " -- make -j2 test\n"
      "  paddock " +
      subcommand +
      " --allow-host registry.npmjs.org -- npm ci\n"
      "  paddock " +
      subcommand +
      " --profile strict --memory 2g -- ./untrusted.sh\n"
      "  paddock " +
      subcommand +
      " --share ~/.gitconfig --rw ~/src/lib -- bash\n"
      "  paddock " +
      subcommand + " --preset claude            Claude Code (or: paddock claude)");
  RawRunOptions raw;
  AddRunOptions(app, raw, p);
  auto outcome = ParseArgs(app, opts);
  if (outcome.kind == ArgsOutcome::kHelp) {
    out.help = true;
    out.help_text = outcome.text;
    return out;
  }
  if (outcome.kind == ArgsOutcome::kUsageError) return Error{"invalid option: " + outcome.text}.WithLayer("options");
  // With prefix_command, an unknown option ends parsing like a command would.
  if (!app.remaining().empty() && app.remaining().front().size() > 1 && app.remaining().front()[0] == '-')
    return Error{"invalid option: unknown option '" + app.remaining().front() + "'"}.WithLayer("options");
  if (!has_dashdash) p.command = app.remaining();
  else if (!app.remaining().empty())
    return Error{"invalid option: unexpected argument '" + app.remaining().front() + "' before '--'"}.WithLayer(
        "options");

  // Every value is checked here and every problem reported at once: the user
  // fixes the command line in one go (docs/errors.md).
  CheckPaths(raw, cwd, home, p, out.problems);
  if (!p.overlay_on.empty()) p.overlay = true;
  raw.net_given = app.count("--net") > 0;
  for (const auto& word : opts) {
    if (word == "--net" || StartsWith(word, "--net=")) raw.net_last = true;
    for (const char* filter : {"--allow-host", "--resolve"})
      if (word == filter || StartsWith(word, std::string(filter) + "=")) raw.net_last = false;
  }
  CheckNetwork(raw, p, out.problems);
  CheckNamesAndFds(raw, p, out.problems);
  CheckLimits(raw, p, out.problems);
  CheckUpstreams(raw, p, out.problems);
  // The later of --quiet and --verbose wins: a config file's, then the user's.
  for (auto it = opts.rbegin(); (raw.quiet || raw.verbose) && it != opts.rend(); ++it) {
    if (*it == "--quiet" || *it == "-q") p.verbosity = Verbosity::kQuiet;
    else if (*it == "--verbose" || *it == "-v") p.verbosity = Verbosity::kVerbose;
    else continue;
    break;
  }
  for (auto& e : out.problems) e = std::move(e).WithLayer("options");
  return out;
}

std::vector<std::string> RunOptionNames() {
  CLI::App app;
  RawRunOptions raw;
  Policy p;
  AddRunOptions(app, raw, p);
  std::vector<std::string> names;
  for (const CLI::Option* option : app.get_options())
    for (const auto& name : option->get_lnames())
      if (name != "help") names.push_back(name);
  return names;
}

std::string PresetOption(const std::vector<std::string>& args) {
  for (size_t i = 0; i < args.size() && args[i] != "--"; ++i) {
    if (args[i] == "--preset" && i + 1 < args.size()) return args[i + 1];
    if (StartsWith(args[i], "--preset=")) return args[i].substr(9);
  }
  return "";
}

}  // namespace paddock::policy
