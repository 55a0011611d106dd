// Job control of the jail's process group, on a real pseudo-terminal. Each
// test runs in a session of its own whose controlling terminal is a fresh
// pty (the developer's terminal is never touched); a forked process with
// signal handlers stands in for the jail, and where a test needs a shell, the
// session leader plays it (waitpid WUNTRACED, tcsetpgrp, SIGCONT).
#include "jail/job_control.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <functional>
#include <string>

namespace paddock::jail {
namespace {

// Runs `body(tty)` in a forked process leading a new session whose
// controlling terminal is a new pty. Returns body's result: 0 passed, else
// the number of the step that failed (>= 100: the harness failed).
int InSession(const std::function<int(int tty)>& body) {
  int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) return 100;
  const char* name = ptsname(master);
  if (!name) return 101;
  std::string slave = name;
  pid_t pid = fork();
  if (pid == 0) {
    if (setsid() < 0) _exit(102);
    // The first terminal a session leader opens becomes its controlling one.
    int tty = open(slave.c_str(), O_RDWR | O_CLOEXEC);
    if (tty < 0) _exit(103);
    if (tcgetpgrp(tty) != getpgrp()) _exit(104);
    _exit(body(tty));
  }
  int status = 0;
  waitpid(pid, &status, 0);
  close(master);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 200 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

struct Pipe {
  Pipe() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0) {
      read_end = fds[0];
      write_end = fds[1];
    }
  }
  int read_end = -1, write_end = -1;
};

int g_note_fd = -1;
void Note(int sig) {
  char c = sig == SIGHUP ? 'H' : sig == SIGCONT ? 'C' : sig == SIGTSTP ? 'T' : '?';
  (void)!write(g_note_fd, &c, 1);
}

// The jail's stand-in: a process group of its own (as the child makes it),
// noting SIGHUP (H), SIGCONT (C) and SIGTSTP (T) on `notes`. Returns once
// its handlers are in place.
pid_t StartJail(const Pipe& notes) {
  pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    setpgid(0, 0);
    g_note_fd = notes.write_end;
    struct sigaction sa = {};
    sa.sa_handler = Note;
    for (int s : {SIGHUP, SIGCONT, SIGTSTP}) sigaction(s, &sa, nullptr);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    (void)!write(g_note_fd, "R", 1);
    for (;;) pause();
  }
  char ready = 0;
  struct pollfd p = {notes.read_end, POLLIN, 0};
  if (poll(&p, 1, 2000) != 1 || read(notes.read_end, &ready, 1) != 1 || ready != 'R') return -1;
  return pid;
}

void EndJail(pid_t jail) {
  if (jail <= 0) return;  // never kill(-1)
  kill(jail, SIGKILL);
  waitpid(jail, nullptr, 0);
}

// What the jail noted, sorted (signals pending together run their handlers
// in no fixed order), waiting until it has `count` notes (`ms` at most).
std::string Notes(int fd, size_t count, int ms = 2000) {
  std::string got;
  for (int i = 0; i < ms / 10 && got.size() < count; ++i) {
    struct pollfd p = {fd, POLLIN, 0};
    poll(&p, 1, 10);
    char buf[16];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) got.append(buf, static_cast<size_t>(n));
  }
  std::sort(got.begin(), got.end());
  return got;
}

void Report(const Pipe& reports, int sig) {
  unsigned char b = static_cast<unsigned char>(sig);
  (void)!write(reports.write_end, &b, 1);
}

void BlockJobControlSignals() {
  sigset_t set;
  sigemptyset(&set);
  for (int s : {SIGTSTP, SIGTTIN, SIGTTOU, SIGCONT}) sigaddset(&set, s);
  sigprocmask(SIG_BLOCK, &set, nullptr);
}

TEST(JobControl, ForegroundJailGetsTheTerminalAndPaddockTakesItBackWhenItIsGone) {
  EXPECT_EQ(InSession([](int tty) {
              Pipe reports, notes;
              JobControl job{UniqueFd(reports.read_end)};
              pid_t jail = StartJail(notes);
              if (!job.Adopt(jail)) return 1;
              if (getpgid(jail) != jail) return 2;
              if (getpgid(jail) == getpgrp()) return 3;
              if (tcgetpgrp(tty) != jail) return 4;
              EndJail(jail);
              // From the background of an orphaned group: only works with
              // SIGTTOU blocked (EIO otherwise).
              job.HandBackTerminal();
              if (tcgetpgrp(tty) != getpgrp()) return 5;
              return 0;
            }),
            0);
}

TEST(JobControl, BackgroundPaddockLeavesTheTerminalAlone) {
  EXPECT_EQ(InSession([](int tty) {
              pid_t shell = fork();  // a live group that has the terminal
              if (shell == 0) {
                prctl(PR_SET_PDEATHSIG, SIGKILL);
                setpgid(0, 0);
                for (;;) pause();
              }
              setpgid(shell, shell);
              if (tcsetpgrp(tty, shell) != 0) return 100;
              Pipe reports, notes;
              int result = 0;
              {
                JobControl job{UniqueFd(reports.read_end)};
                pid_t jail = StartJail(notes);
                if (!job.Adopt(jail)) result = 1;
                else if (getpgid(jail) != jail) result = 2;
                else if (tcgetpgrp(tty) != shell) result = 3;
                EndJail(jail);
                job.HandBackTerminal();
                if (!result && tcgetpgrp(tty) != shell) result = 4;  // never from a live group
              }
              EndJail(shell);
              return result;
            }),
            0);
}

TEST(JobControl, WithoutATerminalTheJailStillGetsItsOwnGroup) {
  pid_t runner = fork();
  if (runner == 0) {
    setsid();  // no controlling terminal
    Pipe reports, notes;
    JobControl job{UniqueFd(reports.read_end)};
    pid_t jail = StartJail(notes);
    int result = !job.Adopt(jail) ? 1 : getpgid(jail) != jail ? 2 : 0;
    // A stop report changes nothing: no user to hand a stopped job to.
    Report(reports, SIGTSTP);
    if (!result && !job.ReadReports()) result = 3;
    if (!result && !Notes(notes.read_end, 1, 300).empty()) result = 4;
    EndJail(jail);
    _exit(result);
  }
  int status = 0;
  waitpid(runner, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

TEST(JobControl, ReadReportsSaysWhenPidOneIsGone) {
  Pipe reports;
  JobControl job{UniqueFd(reports.read_end)};
  EXPECT_TRUE(job.ReadReports()) << "nothing to read yet is not the end";
  close(reports.write_end);
  EXPECT_FALSE(job.ReadReports());
}

// A session leader's group is orphaned: no shell could continue paddock, so
// the kernel discards its stop. The stopped jail then gets what the kernel
// gives a stopped orphaned group, SIGHUP and SIGCONT, not a loop of stops.
TEST(JobControl, OrphanedPaddockHangsUpAJailStoppedOnTheTerminal) {
  EXPECT_EQ(InSession([](int tty) {
              BlockJobControlSignals();
              Pipe reports, notes;
              JobControl job{UniqueFd(reports.read_end)};
              pid_t jail = StartJail(notes);
              int result = 0;
              if (!job.Adopt(jail) || tcgetpgrp(tty) != jail) result = 1;
              Report(reports, SIGTTIN);
              if (!result && !job.ReadReports()) result = 2;
              if (!result && tcgetpgrp(tty) != getpgrp()) result = 3;  // taken back
              if (!result && Notes(notes.read_end, 2) != "CH") result = 4;
              EndJail(jail);
              return result;
            }),
            0);
}

TEST(JobControl, OrphanedPaddockContinuesAJailStoppedByCtrlZ) {
  EXPECT_EQ(InSession([](int tty) {
              BlockJobControlSignals();
              Pipe reports, notes;
              JobControl job{UniqueFd(reports.read_end)};
              pid_t jail = StartJail(notes);
              int result = 0;
              if (!job.Adopt(jail)) result = 1;
              Report(reports, SIGTSTP);
              if (!result && !job.ReadReports()) result = 2;
              if (!result && Notes(notes.read_end, 2, 300) != "C") result = 3;  // no SIGHUP
              // The stop was discarded, so paddock never gave up the
              // foreground; a continue in the foreground gives it back.
              if (!result && tcgetpgrp(tty) != getpgrp()) result = 4;
              job.Continued();
              if (!result && tcgetpgrp(tty) != jail) result = 5;
              EndJail(jail);
              return result;
            }),
            0);
}

// A pager the jail's output is piped to shares paddock's group; when it
// reads the terminal the jail holds, the terminal stops paddock's group with
// SIGTTIN. The pager gets the terminal; the jail is not stopped.
TEST(JobControl, APagerInPaddocksGroupGetsTheTerminal) {
  EXPECT_EQ(InSession([](int tty) {
              BlockJobControlSignals();
              Pipe reports, notes;
              JobControl job{UniqueFd(reports.read_end)};
              pid_t jail = StartJail(notes);
              int result = 0;
              if (!job.Adopt(jail) || tcgetpgrp(tty) != jail) result = 1;
              job.StopSignal(SIGTTIN, /*from_terminal=*/true);
              if (!result && tcgetpgrp(tty) != getpgrp()) result = 2;
              int status;
              if (!result && waitpid(jail, &status, WNOHANG | WUNTRACED) != 0) result = 3;
              EndJail(jail);
              return result;
            }),
            0);
}

// The session leader plays the user's shell; `paddock` is its foreground
// job. Returns the shell's verdict; the shell continues the stopped job as
// `fg` or `bg` would; `paddock_body` runs in the job. `notes` is the jail's
// note pipe; before it continues the job, the shell waits until the jail
// has noted `notes_before_resume`: a SIGCONT discards a stop signal still
// pending, so a loaded machine could otherwise lose the stop the test checks.
int ShellWithJob(const std::function<int(int tty, Pipe& reports, Pipe& notes)>& paddock_body, int want_stop,
                 bool foreground_on_resume, const std::string& notes_before_resume = "") {
  return InSession([&](int tty) {
    Pipe go, notes;
    pid_t job = fork();
    if (job == 0) {
      setpgid(0, 0);
      BlockJobControlSignals();
      char c;
      struct pollfd p = {go.read_end, POLLIN, 0};
      if (poll(&p, 1, 2000) != 1 || read(go.read_end, &c, 1) != 1) _exit(100);
      Pipe reports;
      _exit(paddock_body(tty, reports, notes));
    }
    setpgid(job, job);
    if (tcsetpgrp(tty, job) != 0) return 101;
    (void)!write(go.write_end, "g", 1);
    int status = 0;
    if (waitpid(job, &status, WUNTRACED) != job) return 102;
    if (!WIFSTOPPED(status)) return 10 + (WIFEXITED(status) ? WEXITSTATUS(status) : 0);
    if (WSTOPSIG(status) != want_stop) return 11;
    if (tcgetpgrp(tty) != job) return 12;  // paddock took the terminal back before it stopped
    if (Notes(notes.read_end, notes_before_resume.size()) != notes_before_resume) return 13;
    // As a shell does: take the terminal (bg) or give it to the job (fg),
    // then continue the job's group.
    BlockJobControlSignals();
    tcsetpgrp(tty, foreground_on_resume ? job : getpgrp());
    kill(-job, SIGCONT);
    if (waitpid(job, &status, 0) != job) return 103;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 104;
  });
}

TEST(JobControl, CtrlZOfTheCommandStopsPaddockAndFgResumesTheJailInTheForeground) {
  EXPECT_EQ(ShellWithJob(
                [](int tty, Pipe& reports, Pipe& notes) {
                  JobControl job{UniqueFd(reports.read_end)};
                  pid_t jail = StartJail(notes);
                  if (!job.Adopt(jail) || tcgetpgrp(tty) != jail) return 1;
                  Report(reports, SIGTSTP);  // pid 1: the command stopped on Ctrl-Z
                  job.ReadReports();         // paddock stops here until `fg`
                  int result = 0;
                  if (tcgetpgrp(tty) != jail) result = 2;
                  else if (Notes(notes.read_end, 1) != "C") result = 3;
                  EndJail(jail);
                  return result;
                },
                SIGTSTP, /*foreground_on_resume=*/true),
            0);
}

TEST(JobControl, BgResumesTheJailWithoutTheTerminal) {
  EXPECT_EQ(ShellWithJob(
                [](int tty, Pipe& reports, Pipe& notes) {
                  JobControl job{UniqueFd(reports.read_end)};
                  pid_t jail = StartJail(notes);
                  if (!job.Adopt(jail)) return 1;
                  Report(reports, SIGTTOU);
                  job.ReadReports();
                  int result = 0;
                  if (tcgetpgrp(tty) != getsid(0)) result = 2;  // the shell kept it
                  else if (Notes(notes.read_end, 1) != "C") result = 3;
                  EndJail(jail);
                  return result;
                },
                SIGTTOU, /*foreground_on_resume=*/false),
            0);
}

TEST(JobControl, AStopSignalToPaddockStopsTheJailToo) {
  EXPECT_EQ(ShellWithJob(
                [](int tty, Pipe& reports, Pipe& notes) {
                  JobControl job{UniqueFd(reports.read_end)};
                  pid_t jail = StartJail(notes);
                  if (!job.Adopt(jail)) return 1;
                  job.StopSignal(SIGTSTP, /*from_terminal=*/false);  // kill -TSTP paddock
                  int result = 0;
                  if (tcgetpgrp(tty) != jail) result = 2;
                  else if (Notes(notes.read_end, 1) != "C") result = 3;
                  EndJail(jail);
                  return result;
                },
                SIGTSTP, /*foreground_on_resume=*/true, /*notes_before_resume=*/"T"),
            0);
}

}  // namespace
}  // namespace paddock::jail
