#include "cli/trust_store.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <nlohmann/json.hpp>

#include "base/strings.h"
#include "jail/make_dirs.h"
#include "jail/read_file.h"

namespace paddock::cli {
namespace {

std::string StorePath(const std::string& state_dir) { return state_dir + "/trusted.json"; }

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest), size));
}

Result<std::map<std::string, std::string>> TrustedConfigs(const std::string& state_dir) {
  std::map<std::string, std::string> out;
  std::string path = StorePath(state_dir);
  auto text = jail::ReadSmallFile(path, 1 << 20);
  if (!text) {
    if (text.error().err == ENOENT) return out;
    return text.error();
  }
  auto json = nlohmann::json::parse(*text, nullptr, false);
  if (!json.is_object()) return OpError("read trust store", path, "not a JSON object");
  for (const auto& [file, hash] : json.items()) {
    if (!hash.is_string()) return OpError("read trust store", path, "the entry of " + file + " is not a string");
    out[file] = hash.get<std::string>();
  }
  return out;
}

bool IsTrusted(const std::string& state_dir, const std::string& path, std::string_view content) {
  auto trusted = TrustedConfigs(state_dir);
  if (!trusted) return false;
  auto it = trusted->find(path);
  return it != trusted->end() && it->second == Sha256Hex(content);
}

Status SetTrust(const std::string& state_dir, const std::string& path, const std::string& hash) {
  auto trusted = TrustedConfigs(state_dir);
  if (!trusted) return trusted.error();
  if (hash.empty()) trusted->erase(path);
  else (*trusted)[path] = hash;
  if (auto st = jail::MakeDirs(state_dir, 0700); !st) return st;
  nlohmann::json json(*trusted);
  std::string text = json.dump(2) + "\n";
  // Written whole to a new file, then renamed: a crash leaves the old store.
  std::string store = StorePath(state_dir), temp = store + ".tmp." + std::to_string(getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return SysError("write trust store", temp, errno);
  ssize_t n = ::write(fd, text.data(), text.size());
  int err = errno;
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (n != static_cast<ssize_t>(text.size()) || !synced) {
    ::unlink(temp.c_str());
    return SysError("write trust store", temp, n < 0 ? err : EIO);
  }
  if (::rename(temp.c_str(), store.c_str()) != 0) {
    err = errno;
    ::unlink(temp.c_str());
    return SysError("replace trust store", store, err);
  }
  return Ok();
}

}  // namespace paddock::cli
