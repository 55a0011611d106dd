// `paddock log [--follow] [--since WHEN] [--run ID] [--json] [--file FILE]`:
// the audit log (docs/audit.md), oldest first, rotated files included.
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "audit/log_view.h"
#include "cli/command.h"
#include "cli/terminal.h"
#include "jail/audit_file.h"
#include "jail/unique_fd.h"

namespace paddock::cli {
namespace {

struct LogOptions {
  audit::LogFilter filter;
  audit::LogCursor cursor;
  bool json = false;
  bool color = false;
};

void Show(const std::string& line, LogOptions& opts) {
  audit::LogEntry entry = audit::ParseLogLine(line);
  if (!audit::Matches(entry, opts.filter, opts.cursor)) return;
  if (opts.json) {
    std::printf("%s\n", entry.raw.c_str());
  } else {
    audit::ShownEntry shown = audit::ShowEntry(entry);
    Tone tone = entry.malformed() ? Tone::kWarn : shown.denial ? Tone::kBad : Tone::kPlain;
    std::printf("%s\n", Paint(shown.text, tone, opts.color).c_str());
  }
}

// Reads what `fd` has from its offset on, showing whole lines; a partial
// last line stays in `pending` until its newline is written.
Status Drain(int fd, const std::string& path, std::string& pending, LogOptions& opts) {
  char buf[65536];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return SysError("read", path, errno);
    if (n == 0) return Ok();
    pending.append(buf, static_cast<size_t>(n));
    size_t start = 0;
    for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1)
      Show(pending.substr(start, nl - start), opts);
    pending.erase(0, start);
  }
}

// The oldest rotated file first, the live log last (audit/audit_log.h).
Status ShowFiles(const std::string& path, LogOptions& opts, UniqueFd& live, std::string& pending) {
  for (int n = audit::kKeptRotations; n >= 0; --n) {
    std::string name = audit::RotatedName(path, n);
    UniqueFd fd(open(name.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) {
      if (errno == ENOENT) continue;
      return SysError("open", name, errno);
    }
    std::string partial;
    if (auto st = Drain(fd.get(), name, n == 0 ? pending : partial, opts); !st) return st;
    if (!partial.empty()) Show(partial, opts);  // a rotated file's last line, never finished
    if (n == 0) live = std::move(fd);
  }
  std::fflush(stdout);
  return Ok();
}

bool SameFile(int fd, const std::string& path) {
  struct stat a, b;
  return fstat(fd, &a) == 0 && stat(path.c_str(), &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

// Rotated more than once between two polls: the files between the one
// being followed (`done`, now path.N, or rotated out) and the live log are
// shown whole, oldest first.
Status ShowSkippedRotations(const std::string& path, int done, LogOptions& opts) {
  int newer_than = audit::kKeptRotations + 1;  // `done` was rotated out: all are newer
  for (int n = 1; n <= audit::kKeptRotations; ++n)
    if (SameFile(done, audit::RotatedName(path, n))) newer_than = n;
  for (int n = newer_than - 1; n >= 1; --n) {
    std::string name = audit::RotatedName(path, n);
    UniqueFd fd(open(name.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) continue;  // rotated on again meanwhile: nothing to be done
    std::string partial;
    if (auto st = Drain(fd.get(), name, partial, opts); !st) return st;
    if (!partial.empty()) Show(partial, opts);
  }
  return Ok();
}

// --follow: polls the live log; when it is rotated away, finishes the old
// file and starts the new one from its beginning.
Status Follow(const std::string& path, LogOptions& opts, UniqueFd live, std::string pending) {
  for (;;) {
    if (live.valid()) {
      if (auto st = Drain(live.get(), path, pending, opts); !st) return st;
    }
    std::fflush(stdout);
    if (!live.valid() || !SameFile(live.get(), path)) {
      UniqueFd next(open(path.c_str(), O_RDONLY | O_CLOEXEC));
      if (next.valid()) {
        if (live.valid()) {
          if (auto st = Drain(live.get(), path, pending, opts); !st) return st;
        }
        if (!pending.empty()) Show(pending, opts);
        pending.clear();
        if (live.valid()) {
          if (auto st = ShowSkippedRotations(path, live.get(), opts); !st) return st;
        }
        live = std::move(next);
        continue;
      }
    }
    poll(nullptr, 0, 250);
  }
}

int LogMain(int argc, char** argv) {
  CLI::App app{"Show paddock's audit log: runs, layers, network and hook decisions, limit hits, exits.", "paddock log"};
  bool follow = false;
  std::string since, file;
  LogOptions opts;
  app.add_flag("--follow,-f", follow, "Keep printing events as they are written (survives rotation)");
  app.add_option("--since", since, "Only events since WHEN: a duration back from now (10m, 2h, 1d) or RFC 3339");
  app.add_option("--run", opts.filter.run, "Only the events of one run (its id, or a prefix of it)");
  app.add_flag("--json", opts.json, "Print the records as written: one JSON object per line");
  app.add_option("--file", file, "Read FILE instead of <state dir>/audit.log (--audit-log of the run)");
  app.footer(
      "Examples:\n"
      "  paddock log --since 1h               what happened in the last hour\n"
      "  paddock log --run 3f9a1c2b           one run's records\n"
      "  paddock log --follow                 watch runs and decisions as they happen\n"
      "  paddock log --json | jq 'select(.verdict == \"deny\")'");
  if (auto code = ParseCommandLine(app, "log", argc, argv)) return *code;
  if (!since.empty()) {
    auto t = audit::ParseSince(since, std::chrono::system_clock::now());
    if (!t) return UsageError("log", t.error().message);
    opts.filter.since = *t;
  }
  if (file.empty()) {
    auto path = jail::DefaultAuditLog();
    if (!path) {
      PrintError(path.error());
      return kExitPaddockError;
    }
    file = *path;
  }
  opts.color = !opts.json && ColorWanted(STDOUT_FILENO);
  UniqueFd live;
  std::string pending;
  if (auto st = ShowFiles(file, opts, live, pending); !st) {
    PrintError(st.error());
    return kExitPaddockError;
  }
  if (!follow) {
    if (!pending.empty()) Show(pending, opts);  // a last line without its newline
    return 0;
  }
  if (auto st = Follow(file, opts, std::move(live), std::move(pending)); !st) {
    PrintError(st.error());
    return kExitPaddockError;
  }
  return 0;
}

CommandRegistrar log_command({"log", "show the audit log (runs, network and hook decisions, limits, exits)", &LogMain});

}  // namespace
}  // namespace paddock::cli
