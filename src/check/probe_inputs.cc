#include "check/probe_inputs.h"

#include <charconv>

#include "base/strings.h"
#include "check/attempts.h"

namespace paddock::check {
namespace {

template <typename T>
bool ParseNumber(const std::string& text, T& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

}  // namespace

std::vector<std::string> ProbeArguments(const ProbeInputs& in) {
  std::vector<std::string> args = {
      "--report-fd=" + std::to_string(in.report_fd),
      "--home-dev=" + std::to_string(in.home_dev),
      "--home-ino=" + std::to_string(in.home_ino),
      "--ssh-dev=" + std::to_string(in.ssh_dev),
      "--ssh-ino=" + std::to_string(in.ssh_ino),
      "--tcp-port=" + std::to_string(in.tcp_port),
      "--abstract=" + in.abstract_name,
      "--host-pid=" + std::to_string(in.host_pid),
      "--host-comm=" + in.host_comm,
      "--canary-name=" + in.canary_name,
      "--canary-value=" + in.canary_value,
      "--denied-name=" + in.denied_name,
      "--pids-limit=" + std::to_string(in.pids_limit),
      "--host-name=" + in.host_name,
  };
  for (const auto& s : in.sockets) args.push_back("--socket=" + s);
  for (const auto& p : in.protected_paths) args.push_back("--protected=" + p);
  for (const auto& id : in.only) args.push_back("--only=" + id);
  return args;
}

Result<ProbeInputs> ParseProbeArguments(const std::vector<std::string>& args) {
  ProbeInputs in;
  for (const auto& arg : args) {
    auto eq = arg.find('=');
    if (!StartsWith(arg, "--") || eq == std::string::npos) return Error{"probe: malformed argument '" + arg + "'"};
    std::string key = arg.substr(2, eq - 2), value = arg.substr(eq + 1);
    bool ok = true;
    if (key == "report-fd") ok = ParseNumber(value, in.report_fd) && in.report_fd >= 0;
    else if (key == "home-dev") ok = ParseNumber(value, in.home_dev);
    else if (key == "home-ino") ok = ParseNumber(value, in.home_ino);
    else if (key == "ssh-dev") ok = ParseNumber(value, in.ssh_dev);
    else if (key == "ssh-ino") ok = ParseNumber(value, in.ssh_ino);
    else if (key == "tcp-port") ok = ParseNumber(value, in.tcp_port);
    else if (key == "abstract") in.abstract_name = value;
    else if (key == "host-pid") ok = ParseNumber(value, in.host_pid) && in.host_pid >= 0;
    else if (key == "host-comm") in.host_comm = value;
    else if (key == "canary-name") in.canary_name = value;
    else if (key == "canary-value") in.canary_value = value;
    else if (key == "socket") in.sockets.push_back(value);
    else if (key == "protected") in.protected_paths.push_back(value);
    else if (key == "denied-name") in.denied_name = value;
    else if (key == "pids-limit") ok = ParseNumber(value, in.pids_limit);
    else if (key == "host-name") in.host_name = value;
    else if (key == "only") {
      ok = FindAttempt(value) != nullptr;
      in.only.push_back(value);
    } else return Error{"probe: unknown argument '--" + key + "'"};
    if (!ok) return Error{"probe: invalid value in '" + arg + "'"};
  }
  if (in.report_fd < 0) return Error{"probe: --report-fd is required"};
  return in;
}

}  // namespace paddock::check
