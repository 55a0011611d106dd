# python3 hog.py [MAX_MIB]: touches 8 MiB chunks up to MAX_MIB (default
# 512), printing how far it got, so a limit shows where it stopped it.
import sys

limit = int(sys.argv[1]) if len(sys.argv) > 1 else 512
chunks = []
for i in range(1, limit // 8 + 1):
    chunks.append(bytearray(8 << 20))
    print(i * 8, flush=True)
