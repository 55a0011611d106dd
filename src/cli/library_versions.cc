#include "cli/library_versions.h"

#include <openssl/crypto.h>

#include "jail/seccomp.h"
#include "net/host_pattern.h"

namespace paddock::cli {

std::string LibraryVersions() {
  return std::string(OpenSSL_version(OPENSSL_VERSION)) + ", libseccomp " + jail::SeccompLibraryVersion() +
         ", libidn2 " + net::IdnLibraryVersion();
}

}  // namespace paddock::cli
