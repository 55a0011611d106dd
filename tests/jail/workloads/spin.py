# python3 spin.py: two seconds of one CPU, busy (what --cpus throttles).
# Prints "spin: cpu MS wall MS ratio R" for the loop alone: python's own
# start-up is throttled too and, under software emulation, slow enough to
# skew a whole-process figure such as --stats' (tests/vm/run saw 1.6 s).
import time

cpu0, wall0 = time.process_time(), time.monotonic()
end = wall0 + 2
while time.monotonic() < end:
    pass
cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
print("spin: cpu %d wall %d ratio %.2f" % (cpu * 1000, wall * 1000, cpu / wall))
