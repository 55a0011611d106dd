#!/usr/bin/python3
"""Questions about a mock_model.py request log, for the e2e test scripts.

  logq.py LOG result TURN            print the tool_result the client sent back
                                     for the tool call of script turn TURN:
                                     "error" or "ok", a tab, then its text.
                                     Exit 1 if the client never sent it.
  logq.py LOG expect-error TURN RE   the result of TURN is an error whose text
                                     matches the regex RE (search, DOTALL)
  logq.py LOG expect-ok TURN RE      the result of TURN is not an error and its
                                     text matches RE
  logq.py LOG lacks TURN TEXT        the result of TURN exists and does not
                                     contain TEXT
  logq.py LOG turns                  the highest script turn requested, -1 if none
  logq.py LOG modes TURN             how the client asked for TURN, request by
                                     request: "stream" or "plain", space-separated
  logq.py LOG summary                one line per request (for failure output)
"""

import json
import re
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def text_of(content):
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(text_of(c.get("text", c.get("content", ""))) if isinstance(c, dict)
                         else str(c) for c in content)
    return json.dumps(content)


def find_result(entries, turn):
    """The tool_result for tool id toolu_mock_TURN, from the last turn request
    that carries it (a retried request repeats it identically)."""
    want = "toolu_mock_%02d" % turn
    found = None
    for e in entries:
        if e.get("kind") != "turn":
            continue
        for m in e["body"].get("messages") or []:
            if m.get("role") != "user" or not isinstance(m.get("content"), list):
                continue
            for block in m["content"]:
                if isinstance(block, dict) and block.get("type") == "tool_result" \
                        and block.get("tool_use_id") == want:
                    found = block
    return found


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    entries = load(argv[1])
    cmd = argv[2]
    if cmd == "turns":
        print(max([e["turn"] for e in entries if e.get("kind") == "turn"], default=-1))
        return 0
    if cmd == "summary":
        for e in entries:
            print(e["seq"], e["method"], e["path"], e["kind"], e.get("turn", ""),
                  "stream" if e.get("stream") else "")
        return 0
    turn = int(argv[3])
    if cmd == "modes":
        print(" ".join("stream" if e.get("stream") else "plain" for e in entries
                       if e.get("kind") == "turn" and e.get("turn") == turn))
        return 0
    block = find_result(entries, turn)
    if block is None:
        print("no tool_result for script turn %d in %s" % (turn, argv[1]))
        return 1
    is_error = bool(block.get("is_error"))
    text = text_of(block.get("content", ""))
    if cmd == "result":
        print("%s\t%s" % ("error" if is_error else "ok", text))
        return 0
    if cmd in ("expect-error", "expect-ok"):
        want_error = cmd == "expect-error"
        ok = is_error == want_error and re.search(argv[4], text, re.S) is not None
        if not ok:
            print("turn %d: want %s matching /%s/, got %s:\n%s" %
                  (turn, "an error" if want_error else "success", argv[4],
                   "an error" if is_error else "success", text))
        return 0 if ok else 1
    if cmd == "lacks":
        if argv[4] in text:
            print("turn %d: the result contains %r:\n%s" % (turn, argv[4], text))
            return 1
        return 0
    sys.exit("logq: unknown question " + cmd)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
