// `paddock seccomp export [--allow-debug]`: the built-in profile as Docker/OCI
// seccomp JSON (usable with docker/podman --security-opt seccomp=FILE, and
// back with `paddock run --seccomp-profile FILE`).
// `paddock seccomp export --mandatory-guard`: the filter stacked under every
// custom profile (set-id modes, openat2, io_uring, TIOCSTI), on its own.
// `paddock seccomp check FILE`: load and compile a profile as `run` would.

#include "jail/seccomp.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/command.h"
#include "jail/kernel_release.h"
#include "plan/seccomp_oci.h"
#include "plan/seccomp_table.h"

namespace paddock::cli {
namespace {

int Export(bool allow_debug, bool guard) {
  plan::SeccompOptions options;
  options.allow_debug = allow_debug;
  auto profile =
      guard ? plan::MandatoryGuardProfile({plan::NativeSeccompArch()}) : plan::DefaultSeccompProfile(options);
  std::fputs(plan::ExportOciSeccomp(profile).c_str(), stdout);
  return 0;
}

int Check(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    PrintError(SysError("read", file, errno));
    return kExitPaddockError;
  }
  std::stringstream text;
  text << in.rdbuf();
  plan::OciSeccompContext ctx;
  plan::SetKernelRelease(ctx, jail::KernelRelease());
  auto profile = plan::LoadOciSeccomp(text.str(), file, ctx);
  if (!profile) {
    PrintError(profile.error());
    return kExitPaddockError;
  }
  auto program = jail::CompileSeccomp(*profile);
  if (!program) {
    PrintError(program.error());
    return kExitPaddockError;
  }
  std::printf("%s: %zu rules, %zu BPF instructions\n", file.c_str(), profile->rules.size(),
              program->instructions.size());
  for (const auto& name : program->skipped) {
    std::printf(
        "  not in the filter: %s (no such call on its architectures, or unknown to "
        "libseccomp in an allow rule)\n",
        name.c_str());
  }
  return 0;
}

int SeccompMain(int argc, char** argv) {
  CLI::App app{"Export or check seccomp profiles (Docker/OCI JSON).", "paddock seccomp"};
  app.require_subcommand(1);
  bool allow_debug = false, guard = false;
  CLI::App* exp = app.add_subcommand("export", "Print the built-in seccomp profile as Docker/OCI JSON");
  CLI::Option* debug_flag =
      exp->add_flag("--allow-debug", allow_debug, "The profile of --allow-debug (ptrace allowed)");
  exp->add_flag("--mandatory-guard", guard,
                "Only the rules every jail carries whatever its profile (stacked as a second filter under "
                "--seccomp-profile)")
      ->excludes(debug_flag);
  std::string file;
  CLI::App* check = app.add_subcommand("check", "Load a Docker/OCI seccomp profile and compile it for this host");
  check->add_option("FILE", file, "The profile")->required();
  const char* examples =
      "Examples:\n"
      "  paddock seccomp export > paddock-seccomp.json\n"
      "  paddock seccomp export --mandatory-guard\n"
      "  paddock seccomp check paddock-seccomp.json   # or a Docker/podman profile";
  app.footer(examples);
  exp->footer(examples);
  check->footer(examples);
  if (auto code = ParseCommandLine(app, "seccomp", argc, argv)) return *code;
  if (check->parsed()) return Check(file);
  return Export(allow_debug, guard);
}

const CommandRegistrar kRegistrar({"seccomp", "export or check seccomp profiles (OCI JSON)", SeccompMain});

}  // namespace
}  // namespace paddock::cli
