"""Tests compile what they run: the code cache is off (as in the lit suite)
unless a test turns it on in a directory of its own."""

import os

os.environ["REWIND_CACHE"] = "off"
