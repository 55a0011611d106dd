#include "overlay/fd.h"

#include <dirent.h>
#include <fcntl.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cerrno>
#include <random>

#include "base/strings.h"

namespace paddock::overlay {

Fd OpenDirAt(int dir_fd, const std::string& name) {
  return Fd(openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
}

Result<Fd> OpenDirNoFollow(const std::string& path, int base_fd) {
  bool absolute = !path.empty() && path[0] == '/';
  Fd current(openat(absolute ? AT_FDCWD : base_fd, absolute ? "/" : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!current.valid()) return SysError("open", absolute ? "/" : ".", errno);
  std::string so_far = absolute ? "" : ".";
  for (const auto& part : Split(path, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") return OpError("open", path, "the path is not normalised");
    so_far += "/" + part;
    Fd next = OpenDirAt(current.get(), part);
    if (!next.valid()) {
      int err = errno == ELOOP ? ENOTDIR : errno;
      return SysError("open", so_far, err)
          .WithHint(errno == ELOOP ? "it is a symbolic link, which is not followed" : "");
    }
    current = std::move(next);
  }
  return current;
}

Result<std::vector<std::string>> ListDirFd(int dir_fd, const std::string& path_for_errors) {
  int copy = openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (copy < 0) return SysError("list", path_for_errors, errno);
  DIR* dir = fdopendir(copy);
  if (!dir) {
    int err = errno;
    close(copy);
    return SysError("list", path_for_errors, err);
  }
  std::vector<std::string> names;
  errno = 0;
  while (struct dirent* e = readdir(dir)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(name);
    errno = 0;
  }
  int err = errno;
  closedir(dir);
  if (err) return SysError("list", path_for_errors, err);
  std::sort(names.begin(), names.end());
  return names;
}

Status WriteFileAtomic(int dir_fd, const std::string& name, const std::string& text, mode_t mode,
                       const std::string& path_for_errors) {
  std::string temp = "." + name + ".tmp-" + std::to_string(getpid()) + "-" + std::to_string(std::random_device{}());
  Fd fd(openat(dir_fd, temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd.valid()) return SysError("write", path_for_errors, errno);
  size_t done = 0;
  int err = 0;
  while (done < text.size()) {
    ssize_t n = write(fd.get(), text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      err = errno;
      break;
    }
    done += static_cast<size_t>(n);
  }
  if (!err && fchmod(fd.get(), mode) != 0) err = errno;
  if (!err && fsync(fd.get()) != 0) err = errno;
  if (!err && renameat(dir_fd, temp.c_str(), dir_fd, name.c_str()) != 0) err = errno;
  if (err) {
    unlinkat(dir_fd, temp.c_str(), 0);
    return SysError("write", path_for_errors, err);
  }
  fsync(dir_fd);
  return Ok();
}

Result<std::string> ReadSmallFileAt(int dir_fd, const std::string& name, size_t limit,
                                    const std::string& path_for_errors) {
  Fd fd(openat(dir_fd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (!fd.valid()) return SysError("read", path_for_errors, errno);
  struct stat st;
  if (fstat(fd.get(), &st) != 0) return SysError("read", path_for_errors, errno);
  if (!S_ISREG(st.st_mode)) return OpError("read", path_for_errors, "not a regular file");
  std::string text;
  char buf[65536];
  for (;;) {
    ssize_t n = read(fd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return SysError("read", path_for_errors, errno);
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
    if (text.size() > limit) return OpError("read", path_for_errors, "larger than " + std::to_string(limit) + " bytes");
  }
  return text;
}

Fd OpenForReading(int dir_fd, const std::string& name, bool chmod_if_ours) {
  constexpr int kFlags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY;
  Fd fd(openat(dir_fd, name.c_str(), kFlags));
  if (fd.valid() || errno != EACCES || !chmod_if_ours) return fd;
  struct stat st;
  if (fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid()) {
    errno = EACCES;
    return fd;
  }
  if (fchmodat(dir_fd, name.c_str(), (st.st_mode & 07777) | S_IRUSR, 0) != 0) {
    errno = EACCES;
    return fd;
  }
  fd.reset(openat(dir_fd, name.c_str(), kFlags));
  int err = errno;
  int restored = fchmodat(dir_fd, name.c_str(), st.st_mode & 07777, 0);
  (void)restored;  // best effort: the file stays readable to its owner
  errno = err;
  return fd;
}

TemporaryAccess::TemporaryAccess(int dir_fd, const std::string& name, mode_t bits) : dir_fd_(dir_fd), name_(name) {
  struct stat st;
  if (geteuid() == 0 || fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode) ||
      st.st_uid != geteuid() || (st.st_mode & bits) == bits)
    return;
  restore_ = st.st_mode & 07777;
  changed_ = fchmodat(dir_fd, name.c_str(), restore_ | bits, 0) == 0;
}

TemporaryAccess::~TemporaryAccess() {
  if (!changed_) return;
  int restored = fchmodat(dir_fd_, name_.c_str(), restore_, 0);
  (void)restored;  // best effort: the directory stays open to its owner
}

Result<Fd> OpenUpperFile(int root_fd, const std::string& rel, const std::string& root_path) {
  // Declared first, so destroyed last: the accesses below are restored
  // through these descriptors.
  std::vector<Fd> dirs;
  std::vector<std::unique_ptr<TemporaryAccess>> opened;  // restored once the file is open
  dirs.emplace_back(openat(root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dirs.back().valid()) return SysError("open", root_path, errno);
  auto parts = Split(rel, '/');
  std::string so_far = root_path;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    so_far += "/" + parts[i];
    opened.push_back(std::make_unique<TemporaryAccess>(dirs.back().get(), parts[i], S_IRUSR | S_IXUSR));
    Fd next = OpenDirAt(dirs.back().get(), parts[i]);
    if (!next.valid()) return SysError("open", so_far, errno);
    dirs.push_back(std::move(next));
  }
  Fd fd = OpenForReading(dirs.back().get(), parts.back(), true);
  if (!fd.valid()) return SysError("read", root_path + "/" + rel, errno);
  return fd;
}

Result<std::pair<Fd, std::string>> OpenParentBelow(int root_fd, const std::string& rel, const std::string& root_path) {
  auto slash = rel.rfind('/');
  std::string parent = slash == std::string::npos ? "" : rel.substr(0, slash);
  std::string name = slash == std::string::npos ? rel : rel.substr(slash + 1);
  if (parent.empty()) {
    Fd fd(openat(root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd.valid()) return SysError("open", root_path, errno);
    return std::make_pair(std::move(fd), name);
  }
  auto fd = OpenDirNoFollow(parent, root_fd);
  if (!fd) {
    Error e = fd.error();
    e.object = root_path + "/" + parent;
    e.message = "cannot " + e.operation + " " + e.object + ": " + e.reason;
    return e;
  }
  return std::make_pair(std::move(*fd), name);
}

Result<std::string> HashFd(int fd, const std::string& path_for_errors) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1) {
    EVP_MD_CTX_free(ctx);
    return OpError("hash", path_for_errors, "SHA-256 is not available");
  }
  char buf[65536];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      EVP_MD_CTX_free(ctx);
      return SysError("read", path_for_errors, err);
    }
    if (n == 0) break;
    EVP_DigestUpdate(ctx, buf, static_cast<size_t>(n));
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(ctx, digest, &size);
  EVP_MD_CTX_free(ctx);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest), size));
}

namespace {

// Reads up to `size` bytes (fewer only at the end of the file).
ssize_t ReadFull(int fd, char* buf, size_t size) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = read(fd, buf + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  return static_cast<ssize_t>(done);
}

}  // namespace

Result<bool> SameBytes(int a, int b, const std::string& path_for_errors) {
  std::string buf_a(65536, '\0'), buf_b(65536, '\0');
  for (;;) {
    ssize_t na = ReadFull(a, buf_a.data(), buf_a.size());
    ssize_t nb = ReadFull(b, buf_b.data(), buf_b.size());
    if (na < 0 || nb < 0) return SysError("read", path_for_errors, errno);
    if (na != nb || buf_a.compare(0, static_cast<size_t>(na), buf_b, 0, static_cast<size_t>(nb)) != 0) return false;
    if (na == 0) return true;
  }
}

}  // namespace paddock::overlay
