#!/usr/bin/python3
"""Self-test of mock_model.py with plain HTTP, no Claude Code needed: the
scenarios trust the mock to speak the Messages API faithfully and to keep its
script straight, so this checks both. Prints one line per check and a closing
"mock_selftest: N passed, M failed"; exits non-zero on any failure.
Usage: mock_selftest.py WORKDIR"""

import http.client
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
passed = failed = 0


def check(what, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok   mock_selftest: " + what)
    else:
        failed += 1
        print("FAIL mock_selftest: " + what + ("\n     | " + str(detail)[:2000] if detail else ""))


def start(work, script, *extra):
    os.makedirs(work, exist_ok=True)
    paths = {k: os.path.join(work, k) for k in ("script.json", "log.jsonl", "port")}
    with open(paths["script.json"], "w") as f:
        json.dump(script, f)
    proc = subprocess.Popen([sys.executable, os.path.join(HERE, "mock_model.py"),
                             "--script", paths["script.json"], "--log", paths["log.jsonl"],
                             "--port-file", paths["port"], "--max-seconds", "60", *extra])
    for _ in range(100):
        if os.path.exists(paths["port"]):
            break
        time.sleep(0.05)
    with open(paths["port"]) as f:
        return proc, int(f.read()), paths["log.jsonl"]


def request(port, method, path, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    data = json.dumps(body).encode() if body is not None else None
    conn.request(method, path, body=data, headers={"content-type": "application/json"})
    resp = conn.getresponse()
    raw = resp.read()
    conn.close()
    return resp.status, resp.getheader("content-type", ""), raw


def sse(raw):
    """(event, data) pairs of an event stream."""
    out = []
    for chunk in raw.decode().split("\n\n"):
        if not chunk.strip():
            continue
        lines = dict(line.split(": ", 1) for line in chunk.split("\n"))
        out.append((lines["event"], json.loads(lines["data"])))
    return out


def assemble(events):
    """The message a client rebuilds from the stream."""
    msg, blocks, partial = None, {}, {}
    for ev, d in events:
        if ev == "message_start":
            msg = d["message"]
        elif ev == "content_block_start":
            blocks[d["index"]] = dict(d["content_block"])
            partial[d["index"]] = ""
        elif ev == "content_block_delta":
            delta = d["delta"]
            if delta["type"] == "text_delta":
                blocks[d["index"]]["text"] += delta["text"]
            else:
                partial[d["index"]] += delta["partial_json"]
        elif ev == "content_block_stop":
            b = blocks[d["index"]]
            if b["type"] == "tool_use":
                b["input"] = json.loads(partial[d["index"]] or "{}")
        elif ev == "message_delta":
            msg["stop_reason"] = d["delta"]["stop_reason"]
    msg["content"] = [blocks[i] for i in sorted(blocks)]
    return msg


AGENT_TOOLS = [{"name": "Bash", "input_schema": {}}, {"name": "Read", "input_schema": {}}]


def turn_body(history, stream=True):
    return {"model": "m", "max_tokens": 100, "stream": stream, "tools": AGENT_TOOLS,
            "messages": [{"role": "user", "content": "go"}] + history}


def main():
    work = sys.argv[1]
    script = [{"tool": "Bash", "input": {"command": "echo 'quoted \"x\"'", "description": "d"}},
              {"tool": "Read", "input": {"file_path": "/etc/hostname"}, "say": "Reading."},
              {"text": "all done"}]
    proc, port, log = start(os.path.join(work, "a"), script)
    try:
        st, _, raw = request(port, "HEAD", "/")
        check("HEAD / answers 200 with no body", st == 200 and raw == b"", st)
        st, _, raw = request(port, "GET", "/v1/models")
        check("GET /v1/models lists a model", st == 200 and json.loads(raw)["data"], raw)
        st, _, raw = request(port, "POST", "/v1/messages/count_tokens?beta=true", {"messages": []})
        check("count_tokens answers", st == 200 and "input_tokens" in json.loads(raw), raw)
        st, _, raw = request(port, "POST", "/v1/complete", {})
        check("an unknown POST endpoint is a 404 API error",
              st == 404 and json.loads(raw)["type"] == "error", raw)

        st, ctype, raw = request(port, "POST", "/v1/messages?beta=true", turn_body([]))
        events = sse(raw)
        names = [e for e, _ in events]
        check("a streamed turn is an event stream", st == 200 and "text/event-stream" in ctype, ctype)
        check("events come in the Messages API order",
              names[0] == "message_start" and names[-2:] == ["message_delta", "message_stop"]
              and names[1] == "content_block_start" and "content_block_delta" in names, names)
        check("tool input arrives as input_json_delta pieces",
              sum(1 for e, d in events if e == "content_block_delta"
                  and d["delta"]["type"] == "input_json_delta") >= 2, names)
        m0 = assemble(events)
        check("turn 0 rebuilds to the scripted Bash call",
              m0["stop_reason"] == "tool_use" and m0["content"][0]["name"] == "Bash"
              and m0["content"][0]["input"] == script[0]["input"]
              and m0["content"][0]["id"] == "toolu_mock_00", m0)

        # A side request (no tools: e.g. a title) must not advance the script.
        st, _, raw = request(port, "POST", "/v1/messages", {
            "model": "small", "max_tokens": 50, "stream": False,
            "system": "Reply with a JSON object with a title.",
            "messages": [{"role": "user", "content": "summarise"}]})
        side = json.loads(raw)
        check("a side request gets an end_turn text (JSON when asked)",
              side["stop_reason"] == "end_turn" and "title" in json.loads(side["content"][0]["text"]),
              side)
        st, _, raw = request(port, "POST", "/v1/messages", {
            "model": "small", "max_tokens": 50, "stream": True,
            "messages": [{"role": "user", "content": "hello"}]})
        check("a streamed side request is answered too",
              assemble(sse(raw))["content"][0]["type"] == "text", raw[:300])

        result0 = {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_mock_00",
                                                "content": "quoted \"x\"", "is_error": False}]}
        hist = [{"role": "assistant", "content": m0["content"]}, result0]
        st, ctype, raw = request(port, "POST", "/v1/messages", turn_body(hist, stream=False))
        m1 = json.loads(raw)
        check("after side requests the next turn is still turn 1 (non-streaming JSON)",
              "application/json" in ctype and m1["content"][0] == {"type": "text", "text": "Reading."}
              and m1["content"][1]["name"] == "Read" and m1["stop_reason"] == "tool_use", m1)
        st, _, raw = request(port, "POST", "/v1/messages", turn_body(hist, stream=True))
        check("a retried turn gets the same answer", assemble(sse(raw))["content"] == m1["content"], raw)
        hist2 = hist + [{"role": "assistant", "content": m1["content"]},
                        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_mock_01",
                                                      "content": "paddock", "is_error": True}]}]
        m2 = assemble(sse(request(port, "POST", "/v1/messages", turn_body(hist2))[2]))
        check("the final turn is text with end_turn",
              m2["stop_reason"] == "end_turn" and m2["content"] == [{"type": "text", "text": "all done"}], m2)
        hist3 = hist2 + [{"role": "assistant", "content": m2["content"]}, {"role": "user", "content": "more"}]
        m3 = json.loads(request(port, "POST", "/v1/messages", turn_body(hist3, False))[2])
        check("past the script the answer is a final text", m3["stop_reason"] == "end_turn", m3)
    finally:
        proc.terminate()
        proc.wait(10)

    entries = [json.loads(line) for line in open(log)]
    kinds = [e["kind"] for e in entries]
    check("every request is logged with its kind",
          kinds == ["probe", "probe", "count_tokens", "probe", "turn", "side", "side",
                    "turn", "turn", "turn", "turn"], kinds)
    out = subprocess.run([sys.executable, os.path.join(HERE, "logq.py"), log, "expect-error", "1", "^paddock$"],
                         capture_output=True, text=True)
    check("logq finds the tool_result the client sent back", out.returncode == 0, out.stdout)
    out = subprocess.run([sys.executable, os.path.join(HERE, "logq.py"), log, "expect-ok", "1", "."],
                         capture_output=True, text=True)
    check("logq tells an error result from a success", out.returncode == 1, out.stdout)

    # A broken first stream: headers, then the connection closes mid-message.
    proc, port, log = start(os.path.join(work, "b"), script, "--break-first-stream")
    try:
        st, _, raw = request(port, "POST", "/v1/messages", turn_body([]))
        names = [e for e, _ in sse(raw)]
        check("--break-first-stream cuts the first turn's stream before message_stop",
              "message_stop" not in names and names[:1] == ["message_start"], names)
        st, _, raw = request(port, "POST", "/v1/messages", turn_body([]))
        check("the retry gets the whole turn", [e for e, _ in sse(raw)][-1] == "message_stop", raw[:200])
    finally:
        proc.terminate()
        proc.wait(10)

    bad = os.path.join(work, "c")
    os.makedirs(bad)
    with open(os.path.join(bad, "s.json"), "w") as f:
        json.dump([{"nonsense": 1}], f)
    out = subprocess.run([sys.executable, os.path.join(HERE, "mock_model.py"), "--script",
                          os.path.join(bad, "s.json"), "--log", os.path.join(bad, "l"),
                          "--port-file", os.path.join(bad, "p")], capture_output=True, text=True, timeout=20)
    check("a malformed script is refused", out.returncode != 0 and "script" in out.stderr, out.stderr)

    print("mock_selftest: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
