#include "jail/routes.h"

#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <cstring>

namespace paddock::jail {
namespace {

// The loopback interface of a new network namespace is always index 1.
constexpr uint32_t kLoopbackIndex = 1;

struct RouteRequest {
  nlmsghdr header;
  rtmsg route;
  char attributes[64];
};

void AddAttribute(RouteRequest& req, uint16_t type, const void* data, uint16_t size) {
  auto* rta = reinterpret_cast<rtattr*>(reinterpret_cast<char*>(&req) + NLMSG_ALIGN(req.header.nlmsg_len));
  rta->rta_type = type;
  rta->rta_len = static_cast<uint16_t>(RTA_LENGTH(size));
  memcpy(RTA_DATA(rta), data, size);
  req.header.nlmsg_len = NLMSG_ALIGN(req.header.nlmsg_len) + RTA_ALIGN(rta->rta_len);
}

}  // namespace

int AddRoute(int netlink_fd, const RouteSpec& spec) {
  RouteRequest req;
  memset(&req, 0, sizeof req);
  req.header.nlmsg_len = NLMSG_LENGTH(sizeof(rtmsg));
  req.header.nlmsg_type = RTM_NEWROUTE;
  req.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
  req.header.nlmsg_seq = 1;
  req.route.rtm_family = spec.v6 ? AF_INET6 : AF_INET;
  req.route.rtm_dst_len = spec.prefix;
  req.route.rtm_protocol = RTPROT_STATIC;
  if (spec.type == RouteSpec::Type::kLocal) {
    req.route.rtm_table = RT_TABLE_LOCAL;
    req.route.rtm_scope = RT_SCOPE_HOST;
    req.route.rtm_type = RTN_LOCAL;
  } else {
    req.route.rtm_table = RT_TABLE_MAIN;
    req.route.rtm_scope = RT_SCOPE_UNIVERSE;
    req.route.rtm_type = RTN_PROHIBIT;
  }
  if (spec.prefix > 0) AddAttribute(req, RTA_DST, spec.dst, spec.v6 ? 16 : 4);
  if (spec.type == RouteSpec::Type::kLocal) AddAttribute(req, RTA_OIF, &kLoopbackIndex, sizeof kLoopbackIndex);
  if (send(netlink_fd, &req, req.header.nlmsg_len, 0) < 0) return errno;
  char answer[256];
  ssize_t n;
  do n = recv(netlink_fd, answer, sizeof answer, 0);
  while (n < 0 && errno == EINTR);
  if (n < 0) return errno;
  auto* h = reinterpret_cast<nlmsghdr*>(answer);
  if (n < static_cast<ssize_t>(NLMSG_LENGTH(sizeof(nlmsgerr))) || h->nlmsg_type != NLMSG_ERROR) return EPROTO;
  int err = -reinterpret_cast<nlmsgerr*>(NLMSG_DATA(h))->error;
  return err == EEXIST ? 0 : err;
}

}  // namespace paddock::jail
