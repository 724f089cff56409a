#!/usr/bin/env bash
# goald as a systemd unit, end to end: install, socket activation, STATUS, reload (good and bad), watchdog
# restart, structured journal fields and MESSAGE_IDs, the hardening score, a clean stop, uninstall.
# Runs under a real systemd booted in a PID and mount namespace, and a lone systemd-journald for the journal
# handler. Needs root and systemd's binaries; anything else is reported as skipped.
set -uo pipefail
cd "$(dirname "$0")/../.."

PREFIX=/usr/local
BIN=$PREFIX/bin
SECURITY_BOUND=0.5   # systemd-analyze security exposure goald.service must not exceed
passed=0
failed=0
ok()   { passed=$((passed + 1)); echo "  ok: $*"; }
fail() { failed=$((failed + 1)); echo "  FAILED: $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }

if [ "$(id -u)" != 0 ] || [ ! -x /lib/systemd/systemd ] || ! command -v unshare >/dev/null; then
    echo "systemd tests skipped: they need root, /lib/systemd/systemd and unshare"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi

work=$(mktemp -d /tmp/goald-systemd.XXXXXX)
sd_pid=""
cleanup() {
    if [ -n "$sd_pid" ] && kill -0 "$sd_pid" 2>/dev/null; then
        nsenter -t "$sd_pid" -m -p systemctl poweroff >/dev/null 2>&1 || kill -KILL "$sd_pid" 2>/dev/null
        for _ in $(seq 1 100); do kill -0 "$sd_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$sd_pid" 2>/dev/null
    fi
    [ -n "${journald_pid:-}" ] && kill -KILL "$journald_pid" 2>/dev/null
    rm -rf /etc/systemd/system/goald.service.d "$work"
    [ -f "$work.conf.saved" ] && mv "$work.conf.saved" /etc/goald/goald.conf
}
trap cleanup EXIT

echo "== journal logging against a lone systemd-journald"
cat > "$work/journal.sh" <<'INNER'
set -u
mount -t tmpfs tmpfs /run/systemd && mkdir -p /run/systemd/journal && mount -t tmpfs tmpfs /run/log && mount -t tmpfs tmpfs /var/log
/lib/systemd/systemd-journald & jpid=$!
for _ in $(seq 1 50); do [ -S /run/systemd/journal/socket ] && break; sleep 0.1; done
"$BIN_DIR/goald" --socket "$WORK/j.sock" --state-dir "$WORK/jstate" --log-target journal & gpid=$!
for _ in $(seq 1 100); do "$BIN_DIR/goalctl" --socket "$WORK/j.sock" health >/dev/null 2>&1 && break; sleep 0.1; done
"$BIN_DIR/goalctl" --socket "$WORK/j.sock" indicator 9.9.9 >/dev/null 2>&1
# A call with metadata: its members become journal fields of the call's entries.
python3 -c 'import json, socket, struct, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
p = json.dumps({"id": 1, "method": "goald.v1.Goals/GetIndicator", "params": {"key": "9.9.8"},
                "metadata": {"requestId": "req-journal-1"}}).encode()
s.sendall(struct.pack(">I", len(p)) + p); s.recv(65536)' "$WORK/j.sock"
kill -TERM $gpid; wait $gpid
sleep 0.5
journalctl -D /run/log/journal -o json --no-pager SYSLOG_IDENTIFIER=goald > "$WORK/journal.json"
kill $jpid
INNER
bin_dir=${GOALD_BIN_DIR:-$(swift build -c release --show-bin-path)}
BIN_DIR=$bin_dir WORK=$work unshare --mount --propagation private bash "$work/journal.sh"
j="$work/journal.json"
check "journal holds goald's entries" test -s "$j"
check "SYSLOG_IDENTIFIER=goald with CODE_FILE/CODE_LINE/CODE_FUNC" grep -q '"CODE_FILE":".*","CODE_LINE":"[0-9]*"\|"CODE_LINE":"[0-9]*"' "$j"
check "MESSAGE_ID of 'ready' (dba1fbb4…)" grep -q '"MESSAGE_ID":"dba1fbb401cb43228ef155ca79f8ed2e"' "$j"
check "a failed call is PRIORITY 4 with GOALD_METHOD, GOALD_PEER_UID, GOALD_DURATION_US" \
    bash -c "grep '\"GOALD_METHOD\":\"goald.v1.Goals/GetIndicator\"' '$j' | grep '\"PRIORITY\":\"4\"' | grep -q '\"GOALD_PEER_UID\":\"0\".*\\|\"GOALD_DURATION_US\"'"
check "a call's metadata.requestId is the field GOALD_METADATA_REQUESTID" \
    grep -q '"GOALD_METADATA_REQUESTID":"req-journal-1"' "$j"
check "no lowercase or unprefixed custom fields" bash -c "! grep -qE '\"(method|call_id|peer_uid)\":' '$j'"

echo "== install"
if make --no-print-directory install PREFIX=$PREFIX > "$work/install.log" 2>&1; then ok "make install"; else fail "make install"; tail -20 "$work/install.log"; fi
for f in $BIN/goald $BIN/goalctl $PREFIX/lib/systemd/system/goald.service $PREFIX/lib/systemd/system/goald.socket \
         $PREFIX/lib/systemd/system/goald-http.socket \
         $PREFIX/lib/sysusers.d/goald.conf $PREFIX/lib/systemd/catalog/goald.catalog $PREFIX/share/man/man1/goalctl.1 \
         $PREFIX/share/man/man8/goald.8 $PREFIX/share/man/man5/goald.conf.5 \
         $PREFIX/share/bash-completion/completions/goalctl /etc/goald/goald.conf; do
    check "installed $f" test -e "$f"
done
check "systemd-analyze verify goald.service goald.socket goald-http.socket" \
    systemd-analyze verify --man=no $PREFIX/lib/systemd/system/goald.socket $PREFIX/lib/systemd/system/goald-http.socket \
    $PREFIX/lib/systemd/system/goald.service
score=$(systemd-analyze security --offline=true $PREFIX/lib/systemd/system/goald.service 2>/dev/null \
        | sed -n 's/.*Overall exposure level for goald.service: \([0-9.]*\).*/\1/p')
echo "  systemd-analyze security: exposure $score"
check "security exposure $score ≤ $SECURITY_BOUND" awk -v s="$score" -v b="$SECURITY_BOUND" 'BEGIN { exit !(s != "" && s <= b) }'

echo "== boot systemd in a PID and mount namespace"
# Fresh /run, /tmp and /var/tmp inside: systemd-tmpfiles empties /tmp at boot, which must not reach the host's.
cp /etc/goald/goald.conf "$work.conf.saved"
unshare --pid --fork --mount --mount-proc --propagation private \
    bash -c 'for d in /run /tmp /var/tmp; do mount -t tmpfs tmpfs $d || exit 1; done
             exec env container=other /lib/systemd/systemd --system --unit=multi-user.target' \
    > "$work/systemd.log" 2>&1 &
unshare_pid=$!
for _ in $(seq 1 100); do sd_pid=$(pgrep -P $unshare_pid | head -n 1); [ -n "$sd_pid" ] && break; sleep 0.1; done
ns() { nsenter -t "$sd_pid" -m -p "$@"; }
state=""
for _ in $(seq 1 150); do
    state=$(ns systemctl is-system-running 2>/dev/null)
    case "$state" in running|degraded) break ;; esac
    sleep 0.2
done
check "systemd is up ($state)" test -n "$state"
ns systemd-sysusers >/dev/null 2>&1
ns journalctl --update-catalog >/dev/null 2>&1
ns systemctl daemon-reload

echo "== socket activation"
check "goald.socket starts" ns systemctl start goald.socket
check "goald.service is not running before the first call" bash -c "! nsenter -t $sd_pid -m -p systemctl is-active -q goald.service"
check "socket is 0660, group goald-users" test "$(ns stat -c '%a %G' /run/goald/goald.sock)" = "660 goald-users"
check "the first goalctl call starts goald and is answered" bash -c "nsenter -t $sd_pid -m -p $BIN/goalctl health | grep -q '^SERVING'"
check "goald.service is active" ns systemctl is-active -q goald.service
check "systemctl status shows the STATUS line" \
    bash -c "nsenter -t $sd_pid -m -p systemctl status goald.service --no-pager | grep -q 'Status: \"serving plan run-2024-2026: 21 indicators'"
ns $BIN/goalctl --json indicator 9.9.9 >/dev/null 2>&1   # a failed Goals/GetIndicator call (--json makes only that call), for the journal

echo "== HTTP side door by socket activation"
check "goald-http.socket is installed disabled" bash -c "[ \"\$(nsenter -t $sd_pid -m -p systemctl is-enabled goald-http.socket)\" = disabled ]"
# systemd starts a socket only while its service is inactive: goald takes the new socket at its next start.
ns systemctl stop goald.service
if ns systemctl start goald-http.socket; then ok "goald-http.socket starts"; else
    fail "goald-http.socket starts"; ns journalctl -u goald-http.socket --no-pager -n 8 | sed 's/^/    /'; fi
check "goald.service is not running before the first request" bash -c "! nsenter -t $sd_pid -m -p systemctl is-active -q goald.service"
http_ok=""
for _ in $(seq 1 50); do
    curl -sf --max-time 2 http://127.0.0.1:9464/healthz 2>/dev/null | grep -q '^SERVING' && { http_ok=1; break; }
    sleep 0.2
done
check "the first HTTP request starts goald and GET /healthz answers SERVING" test -n "$http_ok"
if [ -z "$http_ok" ]; then
    ss -ltn | grep 9464 | sed 's/^/    /'
    curl -sv --max-time 2 http://127.0.0.1:9464/healthz 2>&1 | tail -5 | sed 's/^/    /'
    ns journalctl -u goald.service --no-pager -n 12 | sed 's/^/    /'
fi
check "goald serves RPC on its socket too" bash -c "nsenter -t $sd_pid -m -p $BIN/goalctl health | grep -q '^SERVING'"
check "GET /metrics without goald's secret is refused 401" \
    bash -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 http://127.0.0.1:9464/metrics)\" = 401 ]"
secret=$(ns $BIN/goalctl http-login --token 2>/dev/null)
check "goalctl http-login --token gives the side door's secret over the socket" \
    bash -c "[[ '$secret' =~ ^[0-9a-f]{64}\$ ]]"
check "the secret is kept 0600 in goald's state directory" test "$(ns stat -L -c '%a' /var/lib/goald/http-token)" = 600
check "GET /metrics with the secret has goald_travel_trips and process metrics" \
    bash -c "curl -sf --max-time 5 -H 'Authorization: Bearer $secret' http://127.0.0.1:9464/metrics | grep -q '^process_resident_memory_bytes'"
check "POST is refused with 405" \
    bash -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' -X POST --max-time 5 http://127.0.0.1:9464/)\" = 405 ]"
check "goald still has no network of its own (PrivateNetwork=yes)" \
    bash -c "[ \"\$(nsenter -t $sd_pid -m -p systemctl show -p PrivateNetwork --value goald.service)\" = yes ]"
online=$(ns systemd-analyze security goald.service 2>/dev/null \
         | sed -n 's/.*Overall exposure level for goald.service: \([0-9.]*\).*/\1/p')
check "security exposure with the HTTP socket ($online) is the unit's ($score)" test "$online" = "$score"
ns systemctl stop goald.service goald-http.socket
ns $BIN/goalctl health >/dev/null 2>&1   # goald again, from its RPC socket alone

echo "== reload"
cat > /etc/goald/plan.json <<'PLAN'
{"format": "goald.plan/1", "id": "reloaded-plan", "title": "Plan", "organisation": "Org", "committee": "Nämnd",
 "firstYear": 2025, "lastYear": 2025,
 "effectGoals": [{"number": "1", "title": "Effekt", "strategyLinks": [],
   "resultGoals": [{"number": "1.1", "title": "Resultat",
     "indicators": [{"number": "1.1.1", "title": "Andel", "target": {"kind": "percentage", "value": 42, "direction": "atMost"}}]}]}]}
PLAN
echo "model = /etc/goald/plan.json" > /etc/goald/goald.conf
main_pid=$(ns systemctl show -p MainPID --value goald.service)
check "systemctl reload with a good plan succeeds" ns systemctl reload goald.service
check "the new plan is served" bash -c "nsenter -t $sd_pid -m -p $BIN/goalctl health | grep -q 'plan reloaded-plan'"
echo '{"format": "goald.plan/1"}' > /etc/goald/plan.json
check "systemctl reload with a bad plan fails" bash -c "! nsenter -t $sd_pid -m -p systemctl reload goald.service 2>/dev/null"
check "the old plan is still served" bash -c "nsenter -t $sd_pid -m -p $BIN/goalctl health | grep -q 'plan reloaded-plan'"
check "goald kept running through both reloads" test "$(ns systemctl show -p MainPID --value goald.service)" = "$main_pid"

echo "== journal under systemd"
ns journalctl -u goald.service -o json --no-pager > "$work/unit.json"
check "MESSAGE_ID 'reloaded' (4d2c4b37…)" grep -q '"MESSAGE_ID":"4d2c4b3796df41c8b2c46a110024aed9"' "$work/unit.json"
check "MESSAGE_ID 'reload failed' (4715fa2e…) with GOALD_ERROR" \
    bash -c "grep '\"MESSAGE_ID\":\"4715fa2ee084424fb5c71736d351d9c9\"' '$work/unit.json' | grep -q GOALD_ERROR"
check "GOALD_METHOD and GOALD_PEER_UID of a failed call" \
    bash -c "grep '\"GOALD_METHOD\":\"goald.v1.Goals/GetIndicator\"' '$work/unit.json' | grep -q '\"GOALD_PEER_UID\":\"0\"'"
check "journalctl -x explains a failed reload from the catalog" \
    bash -c "nsenter -t $sd_pid -m -p journalctl -u goald.service -x --no-pager | grep -q 'goald keeps serving the plan and factor sets it had'"

echo "== watchdog"
mkdir -p /etc/systemd/system/goald.service.d
# A stopped process cannot act on the watchdog's SIGABRT: systemd kills it after TimeoutAbortSec.
printf '[Service]\nWatchdogSec=2s\nTimeoutAbortSec=3s\n' > /etc/systemd/system/goald.service.d/watchdog-test.conf
echo "" > /etc/goald/goald.conf
ns systemctl daemon-reload
ns systemctl restart goald.service
ns $BIN/goalctl --timeout 20 health >/dev/null 2>&1
stopped=$(ns systemctl show -p MainPID --value goald.service)
restarts=$(ns systemctl show -p NRestarts --value goald.service)
# MainPID is the pid inside the namespace; find the same process from outside (NSpid: host-pid inner-pid).
host_pid=""
for candidate in $(pgrep -x goald); do
    inner=$(awk '/^NSpid:/ { print $NF }' /proc/"$candidate"/status 2>/dev/null)
    [ "$inner" = "$stopped" ] && [ "$candidate" != "$stopped" ] && host_pid=$candidate
done
case "$host_pid" in ''|0|1|*[!0-9]*) fail "goald's main pid is unknown ($stopped)"; host_pid="" ;; esac
[ -n "$host_pid" ] && kill -STOP "$host_pid"
new=""
for _ in $(seq 1 300); do
    new=$(ns systemctl show -p MainPID --value goald.service)
    [ -n "$new" ] && [ "$new" != 0 ] && [ "$new" != "$stopped" ] && break
    sleep 0.1
done
check "a goald stopped with SIGSTOP is restarted by the watchdog (pid $stopped → $new)" \
    bash -c "[ '$new' != '$stopped' ] && [ \$(nsenter -t $sd_pid -m -p systemctl show -p NRestarts --value goald.service) -gt $restarts ]"
check "goald serves again after the restart" bash -c "nsenter -t $sd_pid -m -p $BIN/goalctl --timeout 20 health | grep -q '^SERVING'"
rm -rf /etc/systemd/system/goald.service.d
ns systemctl daemon-reload

echo "== stop"
ns systemctl stop goald.socket goald.service
check "no socket is left" bash -c "! nsenter -t $sd_pid -m -p test -e /run/goald/goald.sock"
check "no goald process is left" bash -c "! nsenter -t $sd_pid -m -p pgrep -x goald >/dev/null"

echo "== uninstall"
check "make uninstall" make --no-print-directory uninstall PREFIX=$PREFIX
check "binaries and units are gone" bash -c "[ ! -e $BIN/goald ] && [ ! -e $PREFIX/lib/systemd/system/goald.service ] && [ ! -e $PREFIX/lib/systemd/system/goald-http.socket ] && [ ! -e $PREFIX/share/man/man1/goalctl.1 ] && [ ! -e $PREFIX/share/man/man8/goald.8 ]"

echo "systemd: $passed passed, $failed failed"
[ "$failed" = 0 ]
