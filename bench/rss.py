"""Peak memory of one process that loads a data set and renders every page once.

DASHBOARD_DEMO_PATH=... python bench/rss.py      (prints the peak RSS in MB)

The peak is the process's own high-water mark (VmHWM in /proc/self/status). Not
`ru_maxrss`: Linux keeps that across fork and exec, so a process started by a large parent
(the benchmark, after rendering every page) reports the parent's size instead of its own.
"""

import resource
import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


def peak_rss_mb() -> float:
    """This process's peak resident set size in MB."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
    at.run()
    for page in sorted((ROOT / "app_pages").glob("*.py")):
        at.switch_page(str(page.relative_to(ROOT)))
        at.run()
        if at.exception:
            sys.exit(f"{page.name}: {at.exception[0].message}")
    print(peak_rss_mb())
