"""checks.py - the Python tests' assertion counter: check() each claim, then finish()
prints "N passed, M failed" (the runner's last line) and exits non-zero on a failure;
skip() ends a program that has nothing to check here."""
import sys

passed = failed = 0


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def skip(reason):
    """nothing to check here: say why, and end with the line that tells the runner
    (tests/run.sh) to count this program as skipped, not passed"""
    print(reason)
    print("skipped")
    sys.exit(0)


def finish():
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
