#!/usr/bin/env python3
"""Runs a command where user namespaces are refused, as a host without them
would: in a user namespace of its own whose user.max_user_namespaces is 0,
so no namespace below it can be made. Started by root, the namespace maps
ids 0-65535 to the same host ids and the command runs as UID:GID; started by
anyone else, it maps only the caller's own ids (UID and GID must be those).

usage: no_userns.py UID GID COMMAND [ARG...]
"""
import ctypes
import os
import sys

CLONE_NEWUSER = 0x10000000


def main():
    uid, gid, argv = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    libc = ctypes.CDLL(None, use_errno=True)
    ready_r, ready_w = os.pipe()
    mapped_r, mapped_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(ready_r)
        os.close(mapped_w)
        if libc.unshare(CLONE_NEWUSER) != 0:
            sys.exit(f"no_userns.py: unshare: {os.strerror(ctypes.get_errno())}")
        os.write(ready_w, b"1")
        if os.read(mapped_r, 1) != b"1":
            sys.exit("no_userns.py: the id maps were not written")
        with open("/proc/sys/user/max_user_namespaces", "w") as f:
            f.write("0")
        if os.getuid() != uid:
            os.setgroups([])
            os.setresgid(gid, gid, gid)
            os.setresuid(uid, uid, uid)
        os.execvp(argv[0], argv)
    os.close(ready_w)
    os.close(mapped_r)
    if os.read(ready_r, 1) != b"1":
        sys.exit("no_userns.py: the child did not make its namespace")
    if os.getuid() == 0:
        maps = {"uid_map": "0 0 65536", "gid_map": "0 0 65536"}
    else:
        with open(f"/proc/{pid}/setgroups", "w") as f:
            f.write("deny")
        maps = {"uid_map": f"{uid} {uid} 1", "gid_map": f"{gid} {gid} 1"}
    for name, line in maps.items():
        with open(f"/proc/{pid}/{name}", "w") as f:
            f.write(line + "\n")
    os.write(mapped_w, b"1")
    _, status = os.waitpid(pid, 0)
    sys.exit(os.waitstatus_to_exitcode(status) & 0xFF if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))


main()
