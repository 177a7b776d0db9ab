# tests/lib-http-receiver.sh - what the notification tests share (t4220,
# t4221), sourced after test-lib.sh: a real HTTP receiver on loopback,
# started by the test, that records every POST it gets and can fail the
# first requests with 500 and answer slowly.
#
#	PORT=$(free_port)
#	start_receiver "$PORT" "$TRASH/hook.log" 0 0   # FAIL_FIRST DELAY
#	trap stop_receivers EXIT
#
# Each request is one JSON line of LOG: {"n", "code", "time", "path",
# "sig" (X-Crest-Signature), "body"}.

cat >"$TRASH/receiver.py" <<'PY'
import http.server, json, sys, time
port, log, fail_first, delay = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
count = 0
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        global count
        count += 1
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        code = 500 if count <= fail_first else 200
        with open(log, "a") as f:
            f.write(json.dumps({"n": count, "code": code, "time": time.time(),
                                "path": self.path,
                                "sig": self.headers.get("X-Crest-Signature"),
                                "body": body.decode()}) + "\n")
        time.sleep(delay)
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *a):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
PY

# Prints a loopback TCP port nobody listens on.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

RECEIVER_PIDS=
# Starts a receiver: start_receiver PORT LOG FAIL_FIRST DELAY; returns
# once it accepts connections.
start_receiver() {
	python3 "$TRASH/receiver.py" "$@" &
	RECEIVER_PIDS="$RECEIVER_PIDS $!"
	test_wait_for 10 python3 -c "import socket; socket.create_connection(('127.0.0.1', $1))" 2>/dev/null
}

# Stops the receivers this test started (by pid), then cleans up.
stop_receivers() {
	for p in $RECEIVER_PIDS; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	test_cleanup
}
