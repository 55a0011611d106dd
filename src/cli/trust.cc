// `paddock trust [FILE]`: lets a project's .paddock.toml loosen the policy,
// for exactly the content the user has read (docs/config.md). Run outside
// the jail: the jail never sees the trust store.
#include <cstdio>
#include <cstdlib>

#include "base/strings.h"
#include "cli/command.h"
#include "cli/config_files.h"
#include "cli/terminal.h"
#include "cli/trust_store.h"
#include "jail/host_probe.h"
#include "jail/read_file.h"

namespace paddock::cli {
namespace {

// --list: each trusted file and whether it still has the trusted content.
int ListTrusted(const std::string& state) {
  auto trusted = TrustedConfigs(state);
  if (!trusted) {
    PrintError(trusted.error());
    return kExitPaddockError;
  }
  bool color = ColorWanted(1);
  for (const auto& [path, hash] : *trusted) {
    auto text = jail::ReadSmallFile(path, 1 << 20);
    std::string status = !text                      ? Paint("missing", Tone::kDim, color)
                         : Sha256Hex(*text) == hash ? Paint("trusted", Tone::kGood, color)
                                                    : Paint("changed (not trusted)", Tone::kWarn, color);
    std::printf("%s  %s\n", status.c_str(), path.c_str());
  }
  return 0;
}

// FILE (default ./.paddock.toml) with its directory made canonical: trust is
// keyed by the path runs look it up by.
std::string TrustPath(const std::string& file, const std::string& cwd) {
  std::string path = NormalizePath(file.empty() ? ProjectConfigPath(cwd) : file[0] == '/' ? file : cwd + "/" + file);
  size_t cut = path.rfind('/');
  if (char* real = ::realpath(cut == 0 ? "/" : path.substr(0, cut).c_str(), nullptr)) {
    path = std::string(real) + path.substr(cut);
    free(real);
  }
  return path;
}

// Trusts the file's current content, once it parses, saying what that allows.
int Trust(const std::string& state, const std::string& path, const std::string& home) {
  auto text = jail::ReadSmallFile(path, 1 << 20, {.regular_only = true, .op = "read config"});
  if (!text) {
    PrintError(text.error());
    return kExitPaddockError;
  }
  // Only a file that parses: trusting a broken file helps nobody.
  Problems problems;
  (void)config::ParseConfigFile(*text, path, config::ConfigKind::kProject, problems);
  if (!problems.empty()) {
    for (const auto& p : problems) PrintError(p);
    return kExitUsage;
  }
  // What trusting it allows, so the user sees what they agree to.
  size_t slash = path.rfind('/');
  if (path.substr(slash + 1) == ".paddock.toml") {
    for (const auto& f : CheckConfigFiles(path.substr(0, slash), home))
      if (f.role == "project" && !f.trusted)
        for (const auto& p : f.problems)
          if (p.message.find(": loosens the policy") != std::string::npos)
            std::printf("paddock: now allowed: %s\n", p.message.c_str());
  }
  if (auto st = SetTrust(state, path, Sha256Hex(*text)); !st) {
    PrintError(st.error());
    return kExitPaddockError;
  }
  std::printf("paddock: trusted %s (sha256 %s); any change revokes it\n", path.c_str(),
              Sha256Hex(*text).substr(0, 16).c_str());
  return 0;
}

int TrustMain(int argc, char** argv) {
  CLI::App app{"Trust a project's .paddock.toml, so it may loosen the policy (more paths, hosts, env...).",
               "paddock trust"};
  app.footer(
      "Only this exact content is trusted: any change to the file revokes it.\n\n"
      "Examples:\n"
      "  paddock trust                     trust ./.paddock.toml after reading it\n"
      "  paddock trust ~/src/app/.paddock.toml\n"
      "  paddock trust --list\n"
      "  paddock trust --revoke .paddock.toml");
  std::string file;
  bool list = false, revoke = false;
  app.add_option("FILE", file, "The project config (default: .paddock.toml here)");
  app.add_flag("--list", list, "List the trusted files and whether each is unchanged");
  app.add_flag("--revoke", revoke, "Stop trusting FILE");
  if (auto code = ParseCommandLine(app, "trust", argc, argv)) return *code;
  auto home = jail::RealHome();
  auto cwd = jail::CurrentDir();
  if (!home || !cwd) {
    PrintError(!home ? home.error() : cwd.error());
    return kExitPaddockError;
  }
  std::string state = jail::StateDir(*home);
  if (list) return ListTrusted(state);
  std::string path = TrustPath(file, *cwd);
  if (!revoke) return Trust(state, path, *home);
  if (auto st = SetTrust(state, path, ""); !st) {
    PrintError(st.error());
    return kExitPaddockError;
  }
  std::printf("paddock: no longer trusted: %s\n", path.c_str());
  return 0;
}

CommandRegistrar trust_command({"trust", "let a project's .paddock.toml loosen the policy (this exact content)",
                                &TrustMain});

}  // namespace
}  // namespace paddock::cli
