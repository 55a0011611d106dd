# python3 spin.py: two seconds of one CPU, busy (what --cpus throttles).
import time

end = time.time() + 2
while time.time() < end:
    pass
