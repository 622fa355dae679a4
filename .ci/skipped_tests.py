"""Fails when a JUnit report lists a skipped test that CI should have run.

    python3 .ci/skipped_tests.py REPORT_DIR...

Reads the TEST-*.xml reports of Surefire and Failsafe. The one documented
exception: tests of a class marked ``@Testcontainers(disabledWithoutDocker = true)``,
skipped because no Docker engine runs on the CI machine. Prints every skipped test
with its reason; exits 1 if any is not allowed.
"""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

TEST_SOURCES = Path("stream-app/src/test/java")
DOCKER_MARK = "disabledWithoutDocker = true"


def needs_docker(classname: str) -> bool:
    """Returns whether the class is a Testcontainers test skipped without Docker."""
    source = TEST_SOURCES / (classname.split("$")[0].replace(".", "/") + ".java")
    return source.is_file() and DOCKER_MARK in source.read_text(encoding="utf-8")


def main(dirs) -> int:
    allowed, refused = [], []
    for d in dirs:
        for report in sorted(Path(d).glob("TEST-*.xml")):
            for case in ET.parse(report).getroot().iter("testcase"):
                skipped = case.find("skipped")
                if skipped is None:
                    continue
                reason = (skipped.get("message") or skipped.text or "").strip()
                reason = reason.splitlines()[0] if reason else "(no reason given)"
                name = f"{case.get('classname')}.{case.get('name')}: {reason}"
                docker = needs_docker(case.get("classname", ""))
                (allowed if docker else refused).append(name)
    for name in allowed:
        print(f"  skipped, allowed (no Docker engine): {name}")
    for name in refused:
        print(f"  SKIPPED, NOT ALLOWED in CI: {name}")
    if refused:
        print(f"{len(refused)} test(s) skipped that CI must run", file=sys.stderr)
        return 1
    print(f"no test skipped but {len(allowed)} Docker test(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
