// The libraries paddock carries, for `paddock --version`: with the static
// build (CMake PADDOCK_STATIC_LIBS) a security update of one of them
// reaches paddock only when it is rebuilt, so users need to see which.
#pragma once

#include <string>

namespace paddock::cli {

// "OpenSSL 3.0.x ..., libseccomp 2.5.4, libidn2 2.3.3"
std::string LibraryVersions();

}  // namespace paddock::cli
