// Long output for people goes through a pager when stdout is a terminal:
// $PAGER, else `less -R` (LESS=FRX unless set, as git does: short output
// stays on the screen and colours pass).
#pragma once

namespace paddock::cli {

class Pager {
 public:
  // Starts the pager when stdout is a terminal; otherwise fd() is stdout.
  Pager();
  ~Pager();
  Pager(const Pager&) = delete;
  Pager& operator=(const Pager&) = delete;

  // Where to write.
  int fd() const { return fd_; }
  // Closes the pager's input and waits for the user to leave it.
  void Finish();

 private:
  int fd_ = 1;
  int pid_ = -1;
};

}  // namespace paddock::cli
