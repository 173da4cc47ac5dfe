import os
import sys

# counters and compile counts are asserted exactly: programs compile when first needed
# (tests/core/test_background.py turns background compilation on where it tests it)
os.environ.setdefault("MXJAX_BACKGROUND_COMPILE", "0")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
