// The clock file timestamps come from, read through a file.
#pragma once

#include <cstdint>
#include <string>

namespace paddock::overlay {

// A time, in nanoseconds since the epoch, that is later than the ctime of
// every file changed before the call and not later than that of any file
// changed after it: what a run's start is compared with (changes/apply_rules.h,
// FindConflicts). CLOCK_REALTIME_COARSE is not that since Linux 6.13: with
// multigrain timestamps a file whose ctime was looked at gets a fine-grained
// one when it changes, later than the coarse clock, and every timestamp the
// kernel gives after it is at least that late (its "floor"). So this looks at
// and changes an unnamed file of its own, in `dir` (else in /tmp), until its
// ctime moves: a fine-grained time that also raises the floor, or, without
// multigrain timestamps, the next tick of the coarse clock. Falls back to
// CLOCK_REALTIME_COARSE where no such file can be made.
int64_t FileClockNow(const std::string& dir);

}  // namespace paddock::overlay
