"""Peak memory of one process that loads a data set and renders every page once.

DASHBOARD_DEMO_PATH=... python bench/rss.py      (prints the peak RSS in MB)
"""

import resource
import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent

at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
at.run()
for page in sorted((ROOT / "app_pages").glob("*.py")):
    at.switch_page(str(page.relative_to(ROOT)))
    at.run()
    if at.exception:
        sys.exit(f"{page.name}: {at.exception[0].message}")
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
