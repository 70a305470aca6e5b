#!/usr/bin/env bash
# The whole test suite as two pytest runs (used by `make test` and .ci/run):
#   parallel: every test but the `e2e`, `worker` and committing ones, under pytest-xdist, one
#     process per core (TEST_PROCESSES, default auto), whole files per process (their module
#     fixtures and warm caches stay in one process);
#   serial: the `e2e` (browser), `worker` (real Celery worker) and transaction=True tests, in one
#     process (see tests/conftest.py): the worker reads the database named test_<name>, which
#     xdist would rename per process (_gw0, …), and a committing test's flush must come last.
# The serial run mostly waits (on the browser, the live server, the worker), so it runs alongside
# the parallel one and takes the CPU the parallel run leaves; its output follows at the end.
# (Not niced: on a shared machine a niced run yields to every other user's processes as well.)
# With a real worker (GREENLIST_REAL_WORKER, .ci/run on PostgreSQL) it runs after the parallel
# run instead, so that the worker, which serves test_greenlist_ci only, gets no task of the
# parallel run's databases while the `worker` tests run.
# Arguments go to both runs (e.g. -k quota, --create-db). The exit code is the first failure's, or
# 5 when neither run collected a test (a run whose tests --part deselected all exits 5 alone).
set -uo pipefail
cd "$(dirname "$0")/.."

PYTEST="${PYTEST:-.venv/bin/pytest}"
TEST_PROCESSES="${TEST_PROCESSES:-auto}"
parallel_run=("$PYTEST" -n "$TEST_PROCESSES" --dist loadfile --part=parallel "$@")
serial_run=("$PYTEST" --part=serial "$@")

parallel=0
serial=0
if [[ -n "${GREENLIST_REAL_WORKER:-}" ]]; then
    "${parallel_run[@]}" || parallel=$?
    "${serial_run[@]}" || serial=$?
else
    log="$(mktemp)"
    serial_pid=""
    # Background commands of a script ignore Ctrl-C: stop the serial run with the script.
    trap '[[ -n "$serial_pid" ]] && kill "$serial_pid" 2>/dev/null; rm -f "$log"' EXIT
    "${serial_run[@]}" >"$log" 2>&1 </dev/null &
    serial_pid=$!
    echo "run-tests: the e2e, worker and committing tests run alongside in one process; their output follows at the end"
    "${parallel_run[@]}" || parallel=$?
    wait "$serial_pid" || serial=$?
    serial_pid=""
    cat "$log"
fi

echo "run-tests: parallel run exited $parallel, serial run exited $serial"
if ((parallel == 5 && serial == 5)); then
    exit 5
fi
for rc in "$parallel" "$serial"; do
    if ((rc != 0 && rc != 5)); then
        exit "$rc"
    fi
done
exit 0
