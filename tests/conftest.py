import os
import sys

# counters and compile counts are asserted exactly: programs compile when first needed
# (tests/core/test_background.py turns background compilation on where it tests it)
os.environ.setdefault("MXJAX_BACKGROUND_COMPILE", "0")
# nor are fused steps loaded from the program store a previous test run kept
# (tests/core/test_program_store.py turns it on, in a folder of its own)
os.environ.setdefault("MXJAX_PROGRAM_STORE", "0")
# nor does a long test's training step change programs midway (its second compile tier;
# tests/core/test_tiers.py turns it on)
os.environ.setdefault("MXJAX_TIER_UP", "0")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
