#!/usr/bin/env bash
# The Python reference client's tests against a live goald (needs python3).
set -uo pipefail
cd "$(dirname "$0")/../.."
if ! command -v python3 >/dev/null; then
    echo "python client tests skipped: python3 is not installed"
    exit 0
fi
export GOALD_BIN_DIR=${GOALD_BIN_DIR:-$(swift build --show-bin-path)}
status=0
# The schema tests use python-jsonschema, as a client author would: Debian's python3-jsonschema (make test installs
# it), which serves Debian's python3, or the first python3's own. Nothing is fetched at test time.
schema_python=python3
if ! python3 -c 'import jsonschema' 2>/dev/null && [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
    schema_python=/usr/bin/python3
fi
if ! "$schema_python" -c 'import jsonschema' 2>/dev/null; then
    echo "error: python-jsonschema is missing: sudo apt-get install python3-jsonschema (make test installs it)"
    exit 1
fi
"$schema_python" Tests/python/test_goald_client.py 2>&1 || status=1
# The report in headless Chromium (make test installs Debian's chromium; the tests say so when it is missing).
python3 Tests/python/test_report.py 2>&1 || status=1
python3 Tests/python/test_region_report.py 2>&1 || status=1
python3 Tests/python/test_html_fuzz.py 2>&1 || status=1
python3 Tests/python/test_answer.py 2>&1 || status=1
python3 Tests/python/test_man_pages.py 2>&1 || status=1
python3 Tests/python/test_completions.py 2>&1 || status=1
python3 Tests/python/test_import_memory.py 2>&1 || status=1
# Excel workbooks in (made by openpyxl) and out. Debian's python3-openpyxl serves Debian's python3, which may not
# be the first python3 on PATH.
xlsx_python=python3
if ! python3 -c 'import openpyxl' 2>/dev/null && [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
    xlsx_python=/usr/bin/python3
fi
"$xlsx_python" Tests/python/test_workbooks.py 2>&1 || status=1
# The HTTP side door: routes, events, promtool and a real Prometheus, the live page in Chromium.
python3 Tests/python/test_http.py 2>&1 || status=1
exit $status
