// `paddock seccomp export [--allow-debug]`: the built-in profile as Docker/OCI
// seccomp JSON (usable with docker/podman --security-opt seccomp=FILE, and
// back with `paddock run --seccomp-profile FILE`).
// `paddock seccomp export --mandatory-guard`: the filter stacked under every
// custom profile (set-id modes, openat2, io_uring, TIOCSTI), on its own.
// `paddock seccomp check FILE`: load and compile a profile as `run` would.

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/command.h"
#include "jail/kernel_release.h"
#include "jail/seccomp.h"
#include "plan/seccomp_oci.h"
#include "plan/seccomp_table.h"

namespace paddock::cli {
namespace {

void Usage(FILE* out) {
  std::fprintf(out,
               "usage: paddock seccomp export [--allow-debug | --mandatory-guard]\n"
               "       paddock seccomp check FILE\n\n"
               "export  print the built-in seccomp profile as Docker/OCI JSON; with\n"
               "        --mandatory-guard, the rules every jail carries whatever its profile\n"
               "        (stacked as a second filter under --seccomp-profile)\n"
               "check   load a Docker/OCI seccomp profile and compile it for this host\n");
}

int Export(int argc, char** argv) {
  plan::SeccompOptions options;
  bool guard = false;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--allow-debug") == 0) {
      options.allow_debug = true;
    } else if (std::strcmp(argv[i], "--mandatory-guard") == 0) {
      guard = true;
    } else {
      PrintError(std::string("seccomp export: unknown option '") + argv[i] + "'");
      return 2;
    }
  }
  if (guard && options.allow_debug) {
    PrintError("seccomp export: --allow-debug does not change the mandatory guard");
    return 2;
  }
  auto profile = guard ? plan::MandatoryGuardProfile({plan::NativeSeccompArch()})
                       : plan::DefaultSeccompProfile(options);
  std::fputs(plan::ExportOciSeccomp(profile).c_str(), stdout);
  return 0;
}

int Check(int argc, char** argv) {
  if (argc != 3) {
    Usage(stderr);
    return 2;
  }
  std::ifstream in(argv[2], std::ios::binary);
  if (!in) {
    PrintError(SysError("read", argv[2], errno).message);
    return kExitPaddockError;
  }
  std::stringstream text;
  text << in.rdbuf();
  plan::OciSeccompContext ctx;
  plan::SetKernelRelease(ctx, jail::KernelRelease());
  auto profile = plan::LoadOciSeccomp(text.str(), argv[2], ctx);
  if (!profile) {
    PrintError(profile.error().message);
    return kExitPaddockError;
  }
  auto program = jail::CompileSeccomp(*profile);
  if (!program) {
    PrintError(program.error().message);
    return kExitPaddockError;
  }
  std::printf("%s: %zu rules, %zu BPF instructions\n", argv[2], profile->rules.size(),
              program->instructions.size());
  for (const auto& name : program->skipped) {
    std::printf("  not in the filter: %s (no such call on its architectures, or unknown to "
                "libseccomp in an allow rule)\n",
                name.c_str());
  }
  return 0;
}

int SeccompMain(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    Usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (std::strcmp(argv[1], "export") == 0) return Export(argc, argv);
  if (std::strcmp(argv[1], "check") == 0) return Check(argc, argv);
  PrintError(std::string("seccomp: unknown subcommand '") + argv[1] + "'");
  return 2;
}

const CommandRegistrar kRegistrar({"seccomp", "export or check seccomp profiles (OCI JSON)",
                                   SeccompMain});

}  // namespace
}  // namespace paddock::cli
