// Routes in the jail's network namespace, over rtnetlink. Used by the child
// (before the command exists: the default routes, allowed prefixes) and by
// the supervisor (an address the resolver just handed out), through a
// netlink socket the child opened in the jail's namespace: its capability
// check is the opener's and the sender's in the namespace's owner, which the
// supervisor is (the same uid, one user namespace up). No allocation: the
// child may call it after clone.
#pragma once

#include <cstdint>

namespace paddock::jail {

struct RouteSpec {
  enum class Type {
    kLocal,     // the prefix is this host's: connections land on the jail's listeners
    kProhibit,  // connect() fails at once with EACCES
  };
  Type type = Type::kLocal;
  bool v6 = false;
  uint8_t dst[16] = {};
  uint8_t prefix = 0;
};

// Adds the route (an existing equal route is success). 0, or an errno value.
int AddRoute(int netlink_fd, const RouteSpec& route);

}  // namespace paddock::jail
