// What `paddock check` sets up outside the jail and hands to the probe
// inside on its command line: the things to find or reach that would prove
// an escape. The probe trusts nothing else about the host.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/error.h"

namespace paddock::check {

struct ProbeInputs {
  int report_fd = -1;     // where the probe writes its JSON lines
  uint64_t home_dev = 0;  // the real home's st_dev/st_ino (0/0: unknown)
  uint64_t home_ino = 0;
  uint64_t ssh_dev = 0;  // ~/.ssh's, when it exists
  uint64_t ssh_ino = 0;
  uint16_t tcp_port = 0;      // a listener on the host's 127.0.0.1
  std::string abstract_name;  // an abstract Unix socket of the host (without the NUL)
  int64_t host_pid = 0;       // a process outside the jail
  std::string host_comm;      // its /proc/PID/comm
  std::string canary_name;    // a variable set in paddock's environment
  std::string canary_value;
  std::vector<std::string> sockets;  // the SSH agent's, Docker's: must not connect
  // The paths the plan keeps read-only (their path in the jail): must not be
  // written or unmounted.
  std::vector<std::string> protected_paths;
  std::string denied_name;        // a public name the policy does not allow: must not resolve
  uint64_t pids_limit = 0;        // the plan's process limit: the jail must not hold more
  std::string host_name;          // the host's hostname: not the jail's
  std::vector<std::string> only;  // attempts to make (ids); empty: every one
};

// The probe's arguments (after "__probe"), --name=value each.
std::vector<std::string> ProbeArguments(const ProbeInputs& in);

// The inverse; an unknown or malformed argument is an error.
Result<ProbeInputs> ParseProbeArguments(const std::vector<std::string>& args);

}  // namespace paddock::check
