// The jail's process group and the user's terminal.
//
// paddock does not setsid() (that would break job control of interactive
// agents), but the jail (its pid 1 and everything below) leads a process
// group of its own, so kill(0), killpg(getpgrp()) and kill(-1) from inside
// reach only jail processes, with or without Landlock's signal scoping.
//
// To keep interactive use as it was when everything shared one group:
// - in the foreground of its terminal, paddock makes the jail's group the
//   terminal's foreground group (Ctrl-C, Ctrl-\, SIGWINCH go to the jail;
//   the jail can read the terminal) and takes it back when the jail exits;
// - when the command stops (Ctrl-Z, or SIGTTIN/SIGTTOU in the background),
//   pid 1 reports it; paddock takes the terminal back and stops its own
//   process group with the same signal, as the terminal would have, so the
//   user's shell sees the job stopped;
// - on SIGCONT (fg, bg) paddock gives the terminal to the jail again if it
//   is in the foreground, and continues the jail's group.
#pragma once

#include <sys/types.h>

#include "base/error.h"
#include "jail/unique_fd.h"

namespace paddock::jail {

class JobControl {
 public:
  // `reports`: the non-blocking read end of pid 1's reports (init.h).
  explicit JobControl(UniqueFd reports);
  // Hands the terminal back (paddock's error paths, after pid 1 was reaped).
  ~JobControl();
  JobControl(const JobControl&) = delete;
  JobControl& operator=(const JobControl&) = delete;

  // Right after clone, before the child is released: pid 1 leads a new
  // process group (the child does the same, so neither order races) and
  // gets the terminal when paddock is in its foreground.
  Status Adopt(pid_t init);

  int reports_fd() const { return reports_.get(); }
  // Reads pid 1's reports; a job-control stop of the command stops paddock.
  // Returns false at EOF (pid 1 is gone).
  bool ReadReports();
  // paddock got SIGTSTP, SIGTTIN or SIGTTOU, from its terminal or another
  // process: the jail stops with paddock, or, when a process of paddock's own
  // group wants the terminal the jail holds (a pager the jail's output is
  // piped to), it gets the terminal and the jail goes on in the background.
  void StopSignal(int sig, bool from_terminal);
  // paddock got SIGCONT from another process (fg, bg, kill -CONT).
  void Continued();
  // After pid 1 was reaped: takes the terminal back for paddock's group if
  // the jail left it with a group that no longer exists. Never takes it from
  // a live group (the user's shell, after `bg`).
  void HandBackTerminal();

 private:
  bool JailHoldsTerminal() const;
  void TakeTerminal();
  void GiveTerminal();
  void SetForeground(pid_t pgid) const;
  void StopJob(int sig, bool whole_group, bool hang_up_if_orphaned);
  bool StopSelf(int sig, bool whole_group);
  void Resume();

  UniqueFd tty_;
  UniqueFd reports_;
  pid_t jail_ = -1;     // pid 1, and the jail's process group
  pid_t jail_fg_ = -1;  // the jail's group that had the terminal when paddock took it
};

}  // namespace paddock::jail
