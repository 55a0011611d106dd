// Wrapper shapes of sandboxes and development shells that run a command on
// this machine: bubblewrap (options of up to three arguments) and nix.
#include <algorithm>
#include <map>

#include "rules/unwrap.h"
#include "rules/wrapper_shapes.h"

namespace paddock::rules {
namespace {

// bwrap 0.8's options and how many words each takes after it.
int BwrapArity(const std::string& option) {
  static const std::map<std::string, int, std::less<>> kArity = {{"--args", 1},
                                                                 {"--argv0", 1},
                                                                 {"--userns", 1},
                                                                 {"--userns2", 1},
                                                                 {"--pidns", 1},
                                                                 {"--uid", 1},
                                                                 {"--gid", 1},
                                                                 {"--hostname", 1},
                                                                 {"--chdir", 1},
                                                                 {"--unsetenv", 1},
                                                                 {"--lock-file", 1},
                                                                 {"--sync-fd", 1},
                                                                 {"--remount-ro", 1},
                                                                 {"--proc", 1},
                                                                 {"--dev", 1},
                                                                 {"--tmpfs", 1},
                                                                 {"--mqueue", 1},
                                                                 {"--dir", 1},
                                                                 {"--seccomp", 1},
                                                                 {"--add-seccomp-fd", 1},
                                                                 {"--block-fd", 1},
                                                                 {"--userns-block-fd", 1},
                                                                 {"--info-fd", 1},
                                                                 {"--json-status-fd", 1},
                                                                 {"--cap-add", 1},
                                                                 {"--cap-drop", 1},
                                                                 {"--perms", 1},
                                                                 {"--size", 1},
                                                                 {"--exec-label", 1},
                                                                 {"--file-label", 1},
                                                                 {"--overlay-src", 1},
                                                                 {"--tmp-overlay", 1},
                                                                 {"--ro-overlay", 1},
                                                                 {"--setenv", 2},
                                                                 {"--bind", 2},
                                                                 {"--bind-try", 2},
                                                                 {"--dev-bind", 2},
                                                                 {"--dev-bind-try", 2},
                                                                 {"--ro-bind", 2},
                                                                 {"--ro-bind-try", 2},
                                                                 {"--bind-fd", 2},
                                                                 {"--ro-bind-fd", 2},
                                                                 {"--file", 2},
                                                                 {"--bind-data", 2},
                                                                 {"--ro-bind-data", 2},
                                                                 {"--symlink", 2},
                                                                 {"--chmod", 2},
                                                                 {"--overlay", 3},
                                                                 {"--unshare-all", 0},
                                                                 {"--share-net", 0},
                                                                 {"--unshare-user", 0},
                                                                 {"--unshare-user-try", 0},
                                                                 {"--unshare-ipc", 0},
                                                                 {"--unshare-pid", 0},
                                                                 {"--unshare-net", 0},
                                                                 {"--unshare-uts", 0},
                                                                 {"--unshare-cgroup", 0},
                                                                 {"--unshare-cgroup-try", 0},
                                                                 {"--die-with-parent", 0},
                                                                 {"--as-pid-1", 0},
                                                                 {"--new-session", 0},
                                                                 {"--clearenv", 0},
                                                                 {"--disable-userns", 0},
                                                                 {"--assert-userns-disabled", 0},
                                                                 {"--level-prefix", 0},
                                                                 {"--help", -1},
                                                                 {"--version", -1}};
  auto it = kArity.find(option);
  return it == kArity.end() ? -2 : it->second;
}

}  // namespace

// bwrap [OPTIONS...] [--] COMMAND [ARGS...]; --setenv VAR VALUE reaches the
// command. --help and --version run nothing; an unknown option, or --args
// FD (more options read from a descriptor), is a reason for doubt.
WrapperStep BwrapShape(const Words& w) {
  WrapperStep s;
  size_t i = 1;
  while (i < w.size() && w[i].size() > 2 && w[i].rfind("--", 0) == 0) {
    if (w[i] == "--") break;
    int arity = BwrapArity(w[i]);
    if (arity == -1) return {};
    s.options.push_back(w[i]);
    if (arity == -2) {
      s.uncertain = "unknown option '" + w[i] + "'";
      return s;
    }
    if (w[i] == "--args" && s.uncertain.empty()) s.uncertain = "bwrap --args reads more options from a descriptor";
    if (w[i] == "--setenv" && i + 2 < w.size()) s.env.push_back({w[i + 1], w[i + 2]});
    i += 1 + static_cast<size_t>(arity);
  }
  if (i < w.size() && w[i] == "--") ++i;
  WrapperStep cmd = CommandAt(w, i, s.uncertain);
  cmd.env = std::move(s.env);
  cmd.options = std::move(s.options);
  return cmd;
}

// nix-shell [...] --run|--command STRING: a bash string. nix develop|shell
// [...] -c|--command CMD ARGS...: the command, every word after the option.
// nix run INSTALLABLE runs the package's own program, which is not named.
WrapperStep NixShape(const Words& w) {
  WrapperStep s;
  if (CommandName(w[0]) == "nix-shell") {
    for (size_t i = 1; i + 1 < w.size(); ++i)
      if (w[i] == "--run" || w[i] == "--command") s.codes.push_back(w[++i]);
    if (!s.codes.empty()) s.code_what = "nix-shell command";
    return s;
  }
  bool shell = false;
  for (size_t i = 1; i < w.size(); ++i) {
    if (w[i] == "develop" || w[i] == "shell") shell = true;
    if (shell && (w[i] == "-c" || w[i] == "--command")) return CommandAt(w, i + 1);
  }
  return s;
}

}  // namespace paddock::rules
