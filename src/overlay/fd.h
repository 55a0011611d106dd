// An owned file descriptor for the overlay layer (which does not link jail/,
// where UniqueFd lives), and the descriptor-relative helpers every file of
// this layer uses: nothing here follows a symbolic link.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/error.h"

namespace paddock::overlay {

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(o.release()) {}
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) reset(o.release());
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release() { return std::exchange(fd_, -1); }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

// Opens the directory `name` below `dir_fd` (O_NOFOLLOW: a symbolic link
// there is ELOOP/ENOTDIR). Returns an invalid Fd with errno set on failure.
Fd OpenDirAt(int dir_fd, const std::string& name);

// Opens the absolute or relative directory `path` one component at a time,
// each with O_NOFOLLOW, from `base_fd` (AT_FDCWD for the current directory;
// an absolute path starts at "/"). `path` must be normalised (no "..").
Result<Fd> OpenDirNoFollow(const std::string& path, int base_fd = AT_FDCWD);

// The entries of an open directory ("." and ".." excluded), sorted.
Result<std::vector<std::string>> ListDirFd(int dir_fd, const std::string& path_for_errors);

// Writes `text` to `dir_fd`/`name` atomically: a temporary name in the
// same directory, fsync, rename over. `mode` is set exactly (no umask).
Status WriteFileAtomic(int dir_fd, const std::string& name, const std::string& text, mode_t mode,
                       const std::string& path_for_errors);

// The content of the regular file `dir_fd`/`name` (not a link, at most
// `limit` bytes).
Result<std::string> ReadSmallFileAt(int dir_fd, const std::string& name, size_t limit,
                                    const std::string& path_for_errors);

// Opens the regular file `name` below `dir_fd` for reading (O_NOFOLLOW,
// O_NONBLOCK). With `chmod_if_ours`, a file of ours without read permission
// (an agent's chmod 000 in upper) is made readable for the open and its mode
// restored. Returns an invalid Fd with errno set on failure.
Fd OpenForReading(int dir_fd, const std::string& name, bool chmod_if_ours);

// While it lives, the directory `name` below `dir_fd` has at least `bits`
// (read and search, to walk it) when it is ours and lacked them; its mode is
// restored after. Nothing when it had them, or is not ours (root needs none).
// `dir_fd` must stay open while it lives.
class TemporaryAccess {
 public:
  TemporaryAccess(int dir_fd, const std::string& name, mode_t bits);
  ~TemporaryAccess();
  TemporaryAccess(const TemporaryAccess&) = delete;
  TemporaryAccess& operator=(const TemporaryAccess&) = delete;

 private:
  int dir_fd_;
  std::string name_;
  mode_t restore_ = 0;
  bool changed_ = false;
};

// The regular file `rel` below the upper dir `root_fd` for reading, like
// OpenForReading(chmod_if_ours), each directory on the way made enterable
// for the open when it is ours and is not (TemporaryAccess).
Result<Fd> OpenUpperFile(int root_fd, const std::string& rel, const std::string& root_path);

// The parent directory of the relative path `rel` below `root_fd` (opened
// component by component without following links) and its last component.
Result<std::pair<Fd, std::string>> OpenParentBelow(int root_fd, const std::string& rel, const std::string& root_path);

// SHA-256 of what `fd` reads from its current offset, in hex.
Result<std::string> HashFd(int fd, const std::string& path_for_errors);

// Do the two descriptors read the same bytes (from their offsets)?
Result<bool> SameBytes(int a, int b, const std::string& path_for_errors);

}  // namespace paddock::overlay
