"""Characters course text may not hold, in YAML fields and Markdown files alike."""

from __future__ import annotations

import re

# C0 and C1 controls other than tab and line breaks, and Unicode non-characters:
# XML (the manifest) and most LMS databases refuse them.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def control_message(char: str) -> str:
    return f"contains the control character U+{ord(char):04X}, which cannot be shown or stored"
