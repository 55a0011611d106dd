#!/usr/bin/python3
"""A scripted stand-in for the Anthropic Messages API, for end-to-end tests
that drive the real Claude Code client offline.

The test writes a script: a JSON list of turns. Each turn is either
    {"tool": "Bash", "input": {"command": "...", "description": "..."}}
(any tool name: Bash, Read, Edit, Write, ...), or
    {"text": "final words"}
A conversation request (one that offers the Bash tool) is answered with the
turn whose index is the number of assistant messages already in the request,
so a retried request gets the same answer instead of consuming the script.
Past the end of the script the answer is a final text, "script finished".

Side requests (title generation, summaries, anything without the agent's
tools, token counting) are answered with a harmless reply and never consume
the script. HEAD and GET probes get 200.

Every request is appended to the log (--log) as one JSON line:
    {"seq", "method", "path", "kind", "turn", "stream", "headers", "body"}
kind is "turn", "side", "count_tokens" or "probe". A test reads the
tool_result blocks the client sent back from the "turn" entries.

Standard library only: it runs wherever /usr/bin/python3 exists.
Usage: mock_model.py --script FILE --log FILE --port-file FILE
                     [--host 127.0.0.1] [--port 0] [--max-seconds 600]
                     [--tls-cert PEM --tls-key PEM]   (HTTPS)
       [--break-first-stream]  (cut the first conversation stream short, to
                                exercise the client's non-streaming retry)
"""

import argparse
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODEL = "claude-mock-1"
# Tools that mark a request as a turn of the agent's main conversation.
AGENT_TOOLS = {"Bash"}


class State:
    def __init__(self, script, log_path, break_first_stream):
        self.script = script
        self.log_path = log_path
        self.lock = threading.Lock()
        self.seq = 0
        self.break_stream_pending = break_first_stream

    def log(self, entry):
        with self.lock:
            self.seq += 1
            entry = {"seq": self.seq, "time": round(time.time(), 3), **entry}
            with open(self.log_path, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry, sort_keys=True) + "\n")

    def take_stream_break(self):
        with self.lock:
            if self.break_stream_pending:
                self.break_stream_pending = False
                return True
            return False


def tool_names(body):
    names = set()
    for t in body.get("tools") or []:
        if isinstance(t, dict) and isinstance(t.get("name"), str):
            names.add(t["name"])
    return names


def is_agent_turn(body):
    return bool(AGENT_TOOLS & tool_names(body))


def assistant_count(body):
    return sum(1 for m in body.get("messages") or []
               if isinstance(m, dict) and m.get("role") == "assistant")


def usage(out_tokens=1):
    return {"input_tokens": 10, "output_tokens": out_tokens,
            "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}


def wants_json(body):
    """A side request that asks for structured output (e.g. a session title)."""
    if body.get("output_format") or body.get("response_format"):
        return True
    text = json.dumps(body.get("system", "")) + json.dumps(body.get("messages", [])[-1:])
    return "json" in text.lower()


def side_reply(body):
    if wants_json(body):
        return [{"type": "text", "text": json.dumps({"title": "Mock session",
                                                     "isNewTopic": False})}]
    return [{"type": "text", "text": "Mock side reply."}]


def turn_reply(script, index):
    """Content blocks and stop reason for turn `index` of the script."""
    if index >= len(script):
        return [{"type": "text", "text": "script finished"}], "end_turn"
    turn = script[index]
    if "tool" in turn:
        block = {"type": "tool_use", "id": "toolu_mock_%02d" % index,
                 "name": turn["tool"], "input": turn.get("input", {})}
        blocks = []
        if turn.get("say"):
            blocks.append({"type": "text", "text": turn["say"]})
        blocks.append(block)
        return blocks, "tool_use"
    return [{"type": "text", "text": turn.get("text", "")}], "end_turn"


def message(msg_id, blocks, stop_reason):
    return {"id": msg_id, "type": "message", "role": "assistant", "model": MODEL,
            "content": blocks, "stop_reason": stop_reason, "stop_sequence": None,
            "usage": usage(5)}


def sse_events(msg_id, blocks, stop_reason):
    """The event sequence of a streamed message, as (event, data) pairs."""
    start = message(msg_id, [], None)
    start["usage"] = usage(1)
    yield "message_start", {"type": "message_start", "message": start}
    for i, b in enumerate(blocks):
        if b["type"] == "text":
            yield "content_block_start", {"type": "content_block_start", "index": i,
                                          "content_block": {"type": "text", "text": ""}}
            text = b["text"]
            # Two deltas when possible, as a real stream would split it.
            parts = [text[:len(text) // 2], text[len(text) // 2:]] if len(text) > 1 else [text]
            for p in parts:
                yield "content_block_delta", {"type": "content_block_delta", "index": i,
                                              "delta": {"type": "text_delta", "text": p}}
        else:
            yield "content_block_start", {"type": "content_block_start", "index": i,
                                          "content_block": {"type": "tool_use", "id": b["id"],
                                                            "name": b["name"], "input": {}}}
            js = json.dumps(b["input"])
            cut = len(js) // 2
            for p in (js[:cut], js[cut:]):
                yield "content_block_delta", {"type": "content_block_delta", "index": i,
                                              "delta": {"type": "input_json_delta",
                                                        "partial_json": p}}
        yield "content_block_stop", {"type": "content_block_stop", "index": i}
    yield "message_delta", {"type": "message_delta",
                            "delta": {"stop_reason": stop_reason, "stop_sequence": None},
                            "usage": {"output_tokens": 5}}
    yield "message_stop", {"type": "message_stop"}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "paddock-mock-model/1"
    state = None  # set in main

    def log_message(self, fmt, *args):  # keep stderr quiet; the JSON log has it all
        pass

    def _headers_for_log(self):
        # x-api-key and authorization: the preset tests check which key arrived.
        keep = ("user-agent", "anthropic-version", "anthropic-beta", "x-app", "x-api-key", "authorization",
                "content-type", "accept", "x-stainless-retry-count")
        return {k: v for k, v in self.headers.items() if k.lower() in keep}

    def _send_json(self, code, obj):
        data = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("content-type", "application/json")
        self.send_header("request-id", "req_mock")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_HEAD(self):
        self.state.log({"method": "HEAD", "path": self.path, "kind": "probe",
                        "headers": self._headers_for_log()})
        self.send_response(200)
        self.send_header("content-length", "0")
        self.end_headers()

    def do_GET(self):
        self.state.log({"method": "GET", "path": self.path, "kind": "probe",
                        "headers": self._headers_for_log()})
        if self.path.split("?")[0].rstrip("/") == "/v1/models":
            self._send_json(200, {"data": [{"type": "model", "id": MODEL,
                                            "display_name": "Mock",
                                            "created_at": "2025-01-01T00:00:00Z"}],
                                  "has_more": False, "first_id": MODEL, "last_id": MODEL})
        else:
            self._send_json(200, {})

    def do_POST(self):
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = {"_unparsed": raw.decode("utf-8", "replace")}
        path = self.path.split("?")[0].rstrip("/")
        entry = {"method": "POST", "path": self.path, "headers": self._headers_for_log(),
                 "body": body, "stream": bool(body.get("stream"))}

        if path == "/v1/messages/count_tokens":
            self.state.log({**entry, "kind": "count_tokens"})
            self._send_json(200, {"input_tokens": 10})
            return
        if path != "/v1/messages":
            self.state.log({**entry, "kind": "probe"})
            self._send_json(404, {"type": "error", "error": {
                "type": "not_found_error", "message": "mock: no such endpoint"}})
            return

        if is_agent_turn(body):
            index = assistant_count(body)
            blocks, stop = turn_reply(self.state.script, index)
            self.state.log({**entry, "kind": "turn", "turn": index})
            msg_id = "msg_mock_turn_%02d" % index
        else:
            blocks, stop = side_reply(body), "end_turn"
            self.state.log({**entry, "kind": "side"})
            msg_id = "msg_mock_side"

        if not body.get("stream"):
            self._send_json(200, message(msg_id, blocks, stop))
            return

        broken = is_agent_turn(body) and self.state.take_stream_break()
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("cache-control", "no-cache")
        self.send_header("request-id", "req_mock")
        self.send_header("connection", "close")
        self.end_headers()
        self.close_connection = True
        for n, (event, data) in enumerate(sse_events(msg_id, blocks, stop)):
            if broken and n == 2:
                # Cut the stream mid-message: headers sent, no message_stop.
                self.wfile.flush()
                return
            self.wfile.write(("event: %s\ndata: %s\n\n" % (event, json.dumps(data))).encode())
            self.wfile.flush()


def main():
    ap = argparse.ArgumentParser(description="Scripted mock of the Messages API")
    ap.add_argument("--script", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--max-seconds", type=float, default=600)
    ap.add_argument("--break-first-stream", action="store_true")
    ap.add_argument("--tls-cert", help="serve HTTPS with this certificate chain (PEM)")
    ap.add_argument("--tls-key", help="the certificate's private key (PEM)")
    args = ap.parse_args()

    with open(args.script, encoding="utf-8") as f:
        script = json.load(f)
    if not isinstance(script, list) or not all(isinstance(t, dict) and
                                               ("tool" in t or "text" in t) for t in script):
        sys.exit("mock_model: the script must be a list of {tool, input} or {text} turns")

    Handler.state = State(script, args.log, args.break_first_stream)
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    if args.tls_cert:
        import ssl
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    # Announce the port atomically: the test polls for the file.
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(tmp, args.port_file)

    # A hard deadline so a forgotten server never outlives its test.
    deadline = threading.Timer(args.max_seconds, lambda: os._exit(3))
    deadline.daemon = True
    deadline.start()
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
