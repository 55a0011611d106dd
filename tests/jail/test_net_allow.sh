#!/usr/bin/env bash
# --net allow: the jail reaches allowed names and nothing else, whatever the
# program does. Servers on the host's loopback (net/servers.py) stand in for
# the internet; --resolve pins test names to them. Every allowed path is
# tried (curl without a proxy, through HTTP_PROXY and SOCKS5, Python sockets,
# git over http, TLS), and every way around it must fail: names that are not
# allowed, addresses no allowed name led to, another name's TLS or Host on an
# allowed address, private answers, UDP, ports that were not opened.
source "$(dirname "$0")/lib.sh"
for tool in python3 curl openssl git; do
  if ! command -v $tool >/dev/null; then
    echo "SKIP: $tool not installed"
    finish
    exit
  fi
done

NET=$T_ROOT/net
mkdir -p "$NET/www"
echo "hello-from-host" >"$NET/www/index.html"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$NET/tls.key" -out "$NET/tls.pem" -days 2 -subj /CN=tls.test \
  -addext "subjectAltName=DNS:tls.test,DNS:other.test" 2>/dev/null
chmod 644 "$NET/tls.key" "$NET/tls.pem"
python3 "$(dirname "$0")/net/servers.py" "$NET" "$NET/tls.pem" "$NET/tls.key" &
SERVERS=$!
t_on_cleanup() { kill "$SERVERS" 2>/dev/null; }
for _ in $(seq 100); do [[ -f $NET/ports ]] && break; sleep 0.1; done
source "$NET/ports"  # http= tls= raw=
# A bare repository served over git's dumb http protocol.
git init -q --bare "$NET/www/repo.git"
git -C "$NET/www/repo.git" --work-tree="$NET" -c user.name=t -c user.email=t@t commit -q --allow-empty -m first 2>/dev/null \
  || (cd "$NET" && git init -q src && git -C src -c user.name=t -c user.email=t@t commit -q --allow-empty -m first \
      && git -C src push -q "$NET/www/repo.git" HEAD:refs/heads/main)
git -C "$NET/www/repo.git" update-server-info
cp "$NET/tls.pem" "$PROJECT/ca.pem"

LOG=$T_ROOT/audit.log
# netjail ARGS... -- CMD: a jail with the test names allowed and pinned.
netjail() {
  jail --audit-log "$LOG" --net allow \
    --allow-host "http://web.test:$http" --allow-host "https://tls.test:$tls" --allow-host "raw.test:$raw" \
    --resolve web.test=127.0.0.2 --resolve tls.test=127.0.0.3 --resolve other.test=127.0.0.3 \
    --resolve raw.test=127.0.0.4 --resolve evil.test=127.0.0.2 "$@"
}
in_jail() { netjail -- sh -c "$1"; }
quiet() { "$@" 2>/dev/null; }
logged() { grep -F -- "$1" "$LOG" | grep -qF -- "$2"; }

# --- allowed names work, proxy-aware or not ---
check "an allowed name resolves to its pinned address" \
  expect_output "127.0.0.2       web.test" in_jail "getent hosts web.test"
check "curl without a proxy reaches an allowed name" \
  expect_output "hello-from-host" in_jail "curl -sS --noproxy '*' http://web.test:$http/"
check "curl through HTTP_PROXY reaches it" \
  expect_output "hello-from-host" in_jail "curl -sS http://web.test:$http/"
check "curl through SOCKS5 with the name reaches it" \
  expect_output "hello-from-host" in_jail "curl -sS --proxy socks5h://127.0.0.1:3128 http://web.test:$http/"
check "Python's socket.create_connection reaches a raw port (the server speaks first)" \
  expect_output "raw-hello" in_jail "python3 -c \"import socket; s=socket.create_connection(('raw.test', $raw)); print(s.makefile().readline().strip())\""
check "git clones over http" \
  in_jail "git clone -q --no-proxy http://web.test:$http/repo.git /tmp/c 2>&1 || git -c http.proxy= clone -q http://web.test:$http/repo.git /tmp/c && git -C /tmp/c log --oneline | grep -q first"
check "TLS to an allowed name works, its SNI checked (no proxy)" \
  expect_output "tls-ok sni=tls.test" in_jail "curl -sS --cacert ca.pem --noproxy '*' https://tls.test:$tls/"
check "TLS through HTTP CONNECT works" \
  expect_output "tls-ok sni=tls.test" in_jail "curl -sS --cacert ca.pem https://tls.test:$tls/"
check "a keep-alive connection's second request for the same name goes on" \
  expect_output "host=web.test:$http
host=web.test:$http" in_jail "curl -sS --noproxy '*' -w '\n' http://web.test:$http/host http://web.test:$http/host"

# --- everything else fails, fast ---
check "a name that is not allowed does not resolve" fails in_jail "getent hosts evil.example"
check "... and the refusal is recorded" logged '"via":"dns"' '"name":"evil.example"'
check "a name that is not allowed fails through the proxy" \
  fails in_jail "curl -fsS -m 5 http://evil.example:$http/"
check "an address no allowed name resolved to fails (a pinned address of a name not allowed)" \
  fails in_jail "curl -sS -m 5 --noproxy '*' http://127.0.0.9:$http/"
check "a public address fails at once with EACCES" \
  expect_output "13" in_jail "python3 -c \"
import socket
try: socket.create_connection(('192.0.2.1', 443), timeout=5)
except OSError as e: print(e.errno)\""
check "a port that was not allowed fails at once with ECONNREFUSED" \
  expect_output "111" in_jail "python3 -c \"
import socket
try: socket.create_connection(('web.test', 9), timeout=5)
except OSError as e: print(e.errno)\""
check "SNI for another name on an allowed address fails (domain fronting)" \
  fails in_jail "getent hosts tls.test >/dev/null; curl -sS -m 5 --cacert ca.pem --noproxy '*' --resolve other.test:$tls:127.0.0.3 https://other.test:$tls/"
check "... recorded with the name it showed" logged '"name":"other.test"' 'TLS for other.test on a connection to tls.test'
check "TLS without SNI on a checked port fails" \
  fails in_jail "echo | openssl s_client -connect 127.0.0.3:$tls -noservername 2>&1 | grep -q tls-ok"
check "a Host for another name on an allowed plain-HTTP connection fails" \
  fails in_jail "curl -sS -m 5 --noproxy '*' -H 'Host: evil.test' http://web.test:$http/host"
check "... also as the second request of a keep-alive connection: the server never sees it" \
  expect_output "False" quiet in_jail "python3 -c \"
import socket
s = socket.create_connection(('web.test', $http))
s.sendall(b'GET /host HTTP/1.1\r\nHost: web.test:$http\r\n\r\nGET /host HTTP/1.1\r\nHost: evil.test\r\n\r\n')
data = b''
while True:
    try: d = s.recv(4096)
    except ConnectionResetError: break
    if not d: break
    data += d
print(b'host=evil' in data)\""
check "UDP to anything but the resolver fails" \
  expect_output "13" in_jail "python3 -c \"
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try: s.sendto(b'x', ('192.0.2.1', 53))
except OSError as e: print(e.errno)\""
check "--deny-host wins over a wildcard allow" \
  fails jail --net allow --allow-host "*.web.test:$http" --deny-host b.web.test --resolve b.web.test=127.0.0.2 -- \
  curl -sS -m 5 --noproxy '*' "http://b.web.test:$http/"
check "the wildcard allows the other names" \
  expect_output "hello-from-host" jail --net allow --allow-host "*.web.test:$http" --deny-host b.web.test \
  --resolve a.web.test=127.0.0.2 -- curl -sS -m 5 --noproxy '*' "http://a.web.test:$http/"

# --- names that lead to private addresses ---
export PADDOCK_TEST_DNS_ANSWERS="meta.test=169.254.169.254;lo.test=127.0.0.2;nat64.test=64:ff9b::7f00:2"
check "a name that resolves to the metadata address does not resolve" \
  fails jail --audit-log "$LOG" --net allow --allow-host meta.test -- getent hosts meta.test
check "... recorded as link-local" logged '"name":"meta.test"' 'link-local address 169.254.169.254'
check "a name that resolves to loopback does not resolve" \
  fails jail --net allow --allow-host "lo.test:$http" -- getent hosts lo.test
check "... nor through NAT64" fails jail --net allow --allow-host "nat64.test:$http" -- getent ahosts nat64.test
check "the same name works when its address is allowed as such" \
  expect_output "hello-from-host" quiet jail --net allow --allow-host "lo.test:$http" --allow-host "127.0.0.2:$http" \
  -- curl -sS -m 5 --noproxy '*' "http://lo.test:$http/"
unset PADDOCK_TEST_DNS_ANSWERS

# --- --publish: a server in the jail, reachable on the host's loopback only ---
pub=$((20000 + RANDOM % 20000))
publish_check() {
  local net=$1 out
  jail --net "$net" --publish "$pub" -- sh -c "cd /tmp && echo published > index.html &&
    timeout 4 python3 -m http.server $pub --bind 127.0.0.1 >/dev/null 2>&1" 2>/dev/null &
  local pid=$!
  for _ in $(seq 50); do out=$(curl -sS -m 2 "http://127.0.0.1:$pub/" 2>/dev/null) && break; sleep 0.1; done
  local other; other=$(curl -sS -m 2 "http://127.0.0.2:$pub/" 2>&1)
  wait $pid
  [[ $out == published ]] && [[ $other != published ]] && echo ok
}
check "--publish makes a jail server answer on the host's 127.0.0.1 (--net none)" expect_output ok publish_check none
check "... and with --net allow" expect_output ok publish_check allow
python3 -c 'import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
print(s.getsockname()[1], flush=True); time.sleep(60)' >"$T_ROOT/busy" &
HOLDER=$!
for _ in $(seq 50); do [[ -s $T_ROOT/busy ]] && break; sleep 0.1; done
check "a published port in use on the host stops the run before it starts, naming it" \
  expect_output "paddock: cannot publish jail port $pub on 127.0.0.1:$(cat "$T_ROOT/busy"): Address already in use" \
  jail --publish "$pub:$(cat "$T_ROOT/busy")" -- echo started
kill $HOLDER

# --- feedback, limits, options ---
check "denials are summarised on stderr at the end" \
  expect_output "paddock: denied 2 connections: evil.example:$http ×2; did not resolve: evil.example" \
  netjail -- sh -c "getent hosts evil.example; curl -s -m 5 http://evil.example:$http/ >/dev/null; curl -s -m 5 http://evil.example:$http/ >/dev/null; true"
check "no payload reaches the audit log" fails grep -q "hello-from-host" "$LOG"
check "a transfer goes on beside 500 idle connections and 20 slowloris clients" \
  expect_output "500 20 20000000" quiet in_jail "python3 -c \"
import socket, time
idle = [socket.create_connection(('raw.test', $raw)) for _ in range(500)]
slow = []
for _ in range(20):
    s = socket.create_connection(('tls.test', $tls)); s.send(b'\\x16'); slow.append(s)
print(len(idle), len(slow), flush=True)
time.sleep(60)
\" >/tmp/ready & while ! [ -s /tmp/ready ]; do sleep 0.1; done; curl -sS --noproxy '*' -o /tmp/big http://web.test:$http/big?n=20000000 && echo \$(cat /tmp/ready) \$(stat -c %s /tmp/big); kill \$!"
check "--net allow alone reaches nothing" fails jail --net allow -- curl -sS -m 5 --noproxy '*' "http://127.0.0.2:$http/"
check "--allow-host with --net host is refused" \
  fails jail --net host --allow-host web.test -- true
check "a bare * is refused" fails jail --allow-host '*' -- true
check "no paddock process is left behind" \
  fails pgrep -f "paddock run --audit-log $LOG"

finish
