// The user's systemd manager, reached over its private socket (a direct
// D-Bus connection: no session bus daemon needed, and only the manager's own
// uid may connect) with sd-bus from libsystemd. libsystemd is loaded with
// dlopen here, on the one path that needs it: linked, its dynamic loading
// would add ~0.6 ms to every start (measured: hyperfine, a binary linked with
// -lsystemd vs not) for runs that never ask for a scope, and a host without
// libsystemd.so.0 would not start paddock at all.
#include "jail/systemd_scope.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <systemd/sd-bus.h>
#include <time.h>
#include <unistd.h>

#include <cctype>
#include <cstring>
#include <map>

#include "base/strings.h"

namespace paddock::jail {
namespace {

constexpr const char* kWhat = "start a systemd scope for the jail's limits";
constexpr uint64_t kJobTimeoutUsec = 10'000'000;  // systemd-run waits as long; a stuck manager must not hang paddock

// The sd-bus calls paddock makes, resolved from libsystemd.so.0 (the
// declarations of <systemd/sd-bus.h> give their types).
struct SdBus {
  void* lib = nullptr;
  decltype(&sd_bus_new) bus_new = nullptr;
  decltype(&sd_bus_set_address) set_address = nullptr;
  decltype(&sd_bus_start) start = nullptr;
  decltype(&sd_bus_flush_close_unref) close_unref = nullptr;
  decltype(&sd_bus_call_method) call_method = nullptr;
  decltype(&sd_bus_match_signal) match_signal = nullptr;
  decltype(&sd_bus_process) process = nullptr;
  decltype(&sd_bus_wait) wait = nullptr;
  decltype(&sd_bus_message_read) read = nullptr;
  decltype(&sd_bus_message_unref) message_unref = nullptr;
  decltype(&sd_bus_slot_unref) slot_unref = nullptr;
  decltype(&sd_bus_error_free) error_free = nullptr;

  ~SdBus() {
    if (lib) dlclose(lib);
  }

  // "" when loaded, else why not.
  std::string Load() {
    lib = dlopen("libsystemd.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!lib) return std::string("libsystemd.so.0 cannot be loaded: ") + dlerror();
    bool all = Sym(bus_new, "sd_bus_new") && Sym(set_address, "sd_bus_set_address") && Sym(start, "sd_bus_start") &&
               Sym(close_unref, "sd_bus_flush_close_unref") && Sym(call_method, "sd_bus_call_method") &&
               Sym(match_signal, "sd_bus_match_signal") && Sym(process, "sd_bus_process") && Sym(wait, "sd_bus_wait") &&
               Sym(read, "sd_bus_message_read") && Sym(message_unref, "sd_bus_message_unref") &&
               Sym(slot_unref, "sd_bus_slot_unref") && Sym(error_free, "sd_bus_error_free");
    return all ? "" : "libsystemd.so.0 lacks sd_bus_match_signal (systemd 237 or later needed)";
  }

 private:
  template <typename F>
  bool Sym(F& out, const char* name) {
    out = reinterpret_cast<F>(dlsym(lib, name));
    return out != nullptr;
  }
};

// D-Bus server addresses escape every byte outside [-0-9A-Za-z_/.\*] as %XX.
std::string EscapeAddressValue(const std::string& s) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    if (isalnum(c) || OneOf("-_/.\\*", c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

bool OwnedDir(const std::string& path, uid_t uid) {
  struct stat st;
  return !path.empty() && path[0] == '/' && stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == uid;
}

uint64_t NowUsec() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000 + static_cast<uint64_t>(ts.tv_nsec) / 1000;
}

// The connection and what came of the call, released on every path.
struct BusCall {
  explicit BusCall(SdBus& sd) : sd(sd) {}
  ~BusCall() {
    if (reply) sd.message_unref(reply);
    if (slot) sd.slot_unref(slot);
    if (bus) sd.close_unref(bus);
    sd.error_free(&error);
  }
  BusCall(const BusCall&) = delete;
  BusCall& operator=(const BusCall&) = delete;

  SdBus& sd;
  sd_bus* bus = nullptr;
  sd_bus_slot* slot = nullptr;  // the JobRemoved match
  sd_bus_message* reply = nullptr;
  sd_bus_error error = SD_BUS_ERROR_NULL;
  // JobRemoved signals seen: job object path -> result ("done", "failed",
  // ...). Ours can arrive before the reply that names it.
  std::map<std::string, std::string> removed;
};

int OnJobRemoved(sd_bus_message* m, void* userdata, sd_bus_error*) {
  auto* call = static_cast<BusCall*>(userdata);
  uint32_t id = 0;
  const char *path = nullptr, *unit = nullptr, *result = nullptr;
  if (call->sd.read(m, "uoss", &id, &path, &unit, &result) >= 0) call->removed[path] = result;
  return 0;
}

}  // namespace

std::string UserManagerAddress(uid_t uid, const std::string& runtime_dir) {
  std::string dir = runtime_dir;
  if (dir.empty()) {
    const char* xdg = getenv("XDG_RUNTIME_DIR");
    dir = xdg && OwnedDir(xdg, uid) ? xdg : "/run/user/" + std::to_string(uid);
  }
  std::string socket = dir + "/systemd/private";
  struct stat st;
  if (lstat(socket.c_str(), &st) != 0 || !S_ISSOCK(st.st_mode) || st.st_uid != uid) return "";
  return "unix:path=" + EscapeAddressValue(socket);
}

Status StartSystemdScope(const std::string& address, const std::string& unit, std::optional<uint64_t> tasks_max) {
  SdBus sd;
  if (std::string why = sd.Load(); !why.empty()) return OpError(kWhat, unit, why);
  BusCall call(sd);
  auto fail = [&](const std::string& step, int r) {
    // r == 0: `step` says it all.
    std::string why = call.error.message ? call.error.message : r ? strerror(r < 0 ? -r : r) : "";
    return OpError(kWhat, unit, why.empty() ? step : step + ": " + why);
  };
  int r = sd.bus_new(&call.bus);
  if (r >= 0) r = sd.set_address(call.bus, address.c_str());
  if (r >= 0) r = sd.start(call.bus);
  if (r < 0) return fail("cannot connect to the user's systemd at " + address, r);
  // A direct connection carries no sender: match on path and member only.
  r = sd.match_signal(call.bus, &call.slot, nullptr, "/org/freedesktop/systemd1", "org.freedesktop.systemd1.Manager",
                      "JobRemoved", OnJobRemoved, &call);
  if (r < 0) return fail("cannot subscribe to its job signals", r);
  std::string description = "paddock jail (pid " + std::to_string(getpid()) + ")";
  // Properties as systemd-run --scope sets them, plus Delegate (the jail's
  // leaf below), a collect mode that leaves no failed unit behind, and
  // TasksMax (unset: systemd's default, as the units around it).
  uint64_t tasks = tasks_max.value_or(0);
  r = sd.call_method(call.bus, "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                     "org.freedesktop.systemd1.Manager", "StartTransientUnit", &call.error, &call.reply,
                     "ssa(sv)a(sa(sv))", unit.c_str(), "fail", tasks_max ? 5 : 4, "Description", "s",
                     description.c_str(), "PIDs", "au", 1, static_cast<uint32_t>(getpid()), "Delegate", "b", 1,
                     "CollectMode", "s", "inactive-or-failed", "TasksMax", "t", tasks, 0);
  if (r < 0) return fail("StartTransientUnit refused", r);
  const char* reply_job = nullptr;
  r = sd.read(call.reply, "o", &reply_job);
  if (r < 0) return fail("cannot read StartTransientUnit's reply", r);
  const std::string job = reply_job;
  uint64_t deadline = NowUsec() + kJobTimeoutUsec;
  while (!call.removed.count(job)) {
    r = sd.process(call.bus, nullptr);
    if (r < 0) return fail("lost the connection while the scope started", r);
    if (r > 0) continue;
    uint64_t now = NowUsec();
    if (now >= deadline) return fail("the start job did not finish", ETIMEDOUT);
    r = sd.wait(call.bus, deadline - now);
    if (r < 0) return fail("lost the connection while the scope started", r);
  }
  if (call.removed[job] != "done")
    return fail("the start job ended with \"" + call.removed[job] + "\"", 0).WithHint("journalctl --user -u " + unit);
  return Ok();
}

}  // namespace paddock::jail
