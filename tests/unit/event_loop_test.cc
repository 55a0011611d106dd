// The parent's event loop: fd sources, the timer, stopping.
#include "jail/event_loop.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "jail/unique_fd.h"

namespace paddock::jail {
namespace {

struct Pipe {
  Pipe() {
    int fds[2];
    EXPECT_EQ(pipe2(fds, O_CLOEXEC | O_NONBLOCK), 0);
    read_end.reset(fds[0]);
    write_end.reset(fds[1]);
  }
  UniqueFd read_end, write_end;
};

std::string Drain(int fd) {
  std::string got;
  char buf[64];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) got.append(buf, static_cast<size_t>(n));
  return got;
}

TEST(PollTimeoutMs, RoundsUpAndMeansForeverForNull) {
  EXPECT_EQ(PollTimeoutMs(nullptr), -1);
  struct timespec zero = {0, 0}, sub_ms = {0, 1}, one_and_a_bit = {1, 500001};
  EXPECT_EQ(PollTimeoutMs(&zero), 0);
  EXPECT_EQ(PollTimeoutMs(&sub_ms), 1) << "a wait due in under 1 ms must not spin at 0";
  EXPECT_EQ(PollTimeoutMs(&one_and_a_bit), 1001);
}

TEST(EventLoop, RunsHandlersInOrderAndStops) {
  Pipe a, b;
  std::string seen;
  EventLoop loop;
  loop.Watch(a.read_end.get(), [&] { seen += "a:" + Drain(a.read_end.get()) + " "; });
  loop.Watch(b.read_end.get(), [&] {
    seen += "b:" + Drain(b.read_end.get()) + " ";
    loop.Stop();
  });
  ASSERT_EQ(write(b.write_end.get(), "2", 1), 1);
  ASSERT_EQ(write(a.write_end.get(), "1", 1), 1);
  ASSERT_TRUE(loop.Run());
  EXPECT_EQ(seen, "a:1 b:2 ");
}

TEST(EventLoop, UnwatchAtEofStopsTheCalls) {
  Pipe a, b;
  int calls = 0;
  EventLoop loop;
  loop.Watch(a.read_end.get(), [&] {
    ++calls;
    char c;
    if (read(a.read_end.get(), &c, 1) == 0) loop.Unwatch(a.read_end.get());
  });
  int ticks = 0;
  // Without the unwatch, the hung-up pipe would wake the loop at once, forever.
  loop.SetTimer(
      [](struct timespec* t) {
        *t = {0, 20 * 1000000L};
        return t;
      },
      [&] {
        if (++ticks == 3) loop.Stop();
      });
  a.write_end.reset();
  ASSERT_TRUE(loop.Run());
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(ticks, 3);
}

TEST(EventLoop, TimerBoundsTheSleep) {
  EventLoop loop;
  Pipe never;
  loop.Watch(never.read_end.get(), [] { FAIL() << "nothing was written"; });
  int ticks = 0;
  loop.SetTimer(
      [](struct timespec* t) {
        *t = {0, 10 * 1000000L};
        return t;
      },
      [&] {
        if (++ticks == 2) loop.Stop();
      });
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  ASSERT_TRUE(loop.Run());
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double took = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
  EXPECT_EQ(ticks, 2);
  EXPECT_GE(took, 0.015);
  EXPECT_LT(took, 2.0);
}

TEST(EventLoop, SourcesAddedByAHandlerAreWatched) {
  Pipe a, b;
  EventLoop loop;
  bool added = false;
  loop.Watch(a.read_end.get(), [&] {
    Drain(a.read_end.get());
    if (added) return;
    added = true;
    loop.Watch(b.read_end.get(), [&] { loop.Stop(); });
    ASSERT_EQ(write(b.write_end.get(), "x", 1), 1);
  });
  ASSERT_EQ(write(a.write_end.get(), "x", 1), 1);
  ASSERT_TRUE(loop.Run());
  EXPECT_TRUE(added);
}

}  // namespace
}  // namespace paddock::jail
