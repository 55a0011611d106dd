#include "cli/self_path.h"

#include <filesystem>
#include <system_error>

namespace paddock::cli {

std::string SelfPath() {
  std::error_code ec;
  std::filesystem::path p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : p.string();
}

}  // namespace paddock::cli
