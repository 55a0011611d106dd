// Descriptors across a Unix socket (SCM_RIGHTS) with one byte of data: the
// jail's sockets to the supervisor, the socket factory's answers.
// Async-signal-safe (the child's network stage sends with it).
#pragma once

#include <sys/types.h>

#include <cstddef>

namespace paddock::jail {

// The most descriptors one message carries.
inline constexpr size_t kMaxPassedFds = 160;

// Sends `count` (at most kMaxPassedFds) descriptors and the byte `tag`.
// 0, or -1 with errno.
int SendFds(int channel, char tag, const int* fds, size_t count);

// Receives one message: its byte in `tag`, its descriptors (close-on-exec,
// the caller's to close) in `fds` (room for `max`). The number received, or
// -1 with errno and nothing left open: EPIPE when the peer is gone, EPROTO
// when the message was not one byte or held more than `max` descriptors.
ssize_t ReceiveFds(int channel, char* tag, int* fds, size_t max, int flags);

}  // namespace paddock::jail
