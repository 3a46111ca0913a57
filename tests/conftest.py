import sys
from pathlib import Path

# The tests' shared fixtures module sits beside this file.
sys.path.insert(0, str(Path(__file__).parent))
