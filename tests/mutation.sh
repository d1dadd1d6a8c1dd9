#!/bin/sh
# Mutation testing (not run by CI): mutmut over the code that scores, tallies, schedules,
# applies quiet hours, forgets and exports, each module with only its own fast tests (the
# whole suite takes minutes: never run it per mutant).
#
#   sh tests/mutation.sh                 # every module below
#   sh tests/mutation.sh tally people    # some of them, by name
#
# Each module runs in its own scratch copy of the project ($MUTATION_DIR/NAME, default
# /tmp/coprod-mutation), so the work tree gets no mutants/ folder and modules do not share
# mutmut's cache. Needs mutmut from the test extras (pip install -e '.[test]').
# Prints one line per module: killed, survived, no tests, timeouts, total and the score
# (killed and timed out, over all mutants); `cd $MUTATION_DIR/NAME && mutmut results`
# lists the survivors, `mutmut show NAME` shows one.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
OUT=${MUTATION_DIR:-/tmp/coprod-mutation}
CHILDREN=${MUTATION_CHILDREN:-2}

# name | module | its tests (space separated)
MODULES='
matching|cogs/mentoring/_matching.py|tests/cogs/test_mentoring_matching.py tests/cogs/test_mentoring_matching_examples.py
tally|cogs/polls/_tally.py|tests/cogs/test_tally.py tests/cogs/test_tally_examples.py
slots|cogs/meetings/_slots.py|tests/cogs/test_meetings_slots.py tests/cogs/test_meetings_slots_examples.py
schedule|cogs/meetings/_schedule.py|tests/cogs/test_meetings_schedule.py tests/cogs/test_meetings_schedule_examples.py
people|bot/core/people.py|tests/core/test_people_quiet.py tests/core/test_people_reading.py tests/cogs/test_me.py
contributions|bot/core/contributions.py|tests/cogs/test_me.py tests/cogs/test_me_records.py tests/cogs/test_me_forget.py tests/cogs/test_meetings_came.py
'

wanted=" $* "
echo "$MODULES" | while IFS='|' read -r name module tests; do
    [ -n "$name" ] || continue
    if [ $# -gt 0 ] && [ "${wanted#* "$name" }" = "$wanted" ]; then
        continue
    fi
    work="$OUT/$name"
    rm -rf "$work"
    mkdir -p "$work"
    (cd "$ROOT" && tar cf - --exclude=__pycache__ bot cogs storage tests pyproject.toml) |
        (cd "$work" && tar xf -)
    {
        echo "[mutmut]"
        echo "source_paths ="
        echo "    bot"
        echo "    cogs"
        echo "    storage"
        echo "only_mutate = $module"
        echo "also_copy ="
        echo "    tests"
        echo "    pyproject.toml"
        echo "pytest_add_cli_args_test_selection ="
        for t in $tests; do echo "    $t"; done
    } >"$work/setup.cfg"
    (
        cd "$work"
        nice -n 19 "$PYTHON" -m mutmut run --max-children "$CHILDREN" >"$work/run.log" 2>&1 &
        pid=$!
        # After its last mutant mutmut can stay alive, held by threads the harness's tests
        # leave in it (aiosqlite): once it has printed its rate, it is done.
        while kill -0 "$pid" 2>/dev/null; do
            if grep -q "mutations/second" "$work/run.log"; then
                sleep 5
                kill "$pid" 2>/dev/null || true
                break
            fi
            sleep 5
        done
        wait "$pid" || true
        nice -n 19 "$PYTHON" -m mutmut export-cicd-stats >/dev/null 2>&1 || true
        "$PYTHON" - "$name" "$module" <<'EOF'
import json, sys
from pathlib import Path

name, module = sys.argv[1], sys.argv[2]
path = Path("mutants/mutmut-cicd-stats.json")
if not path.exists():
    print(f"{name} ({module}): no results; see run.log")
    sys.exit(0)
s = json.loads(path.read_text())
caught = s["killed"] + s["timeout"]
score = 100 * caught / s["total"] if s["total"] else 0.0
print(
    f"{name} ({module}): killed {s['killed']}, survived {s['survived']}, "
    f"no tests {s['no_tests']}, timeouts {s['timeout']}, total {s['total']}, "
    f"score {score:.1f}%"
)
EOF
    )
done
