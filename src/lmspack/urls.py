"""Rules for addresses that every layer shares: what is a usable web link, and what
names a picture file in the course folder."""

from __future__ import annotations

import re
from urllib.parse import urlsplit


def url_problem(url: str) -> str | None:
    """Why `url` is not a usable http(s) address, or None."""
    if any(c.isspace() for c in url):
        return f"{url!r} is not a valid address: it contains spaces"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return f"{url!r} is not a valid address"
    if parts.scheme not in ("http", "https"):
        return f"{url!r} is not an http(s) address; only http:// and https:// links are allowed"
    if not parts.hostname or "." not in parts.hostname and parts.hostname != "localhost":
        return f"{url!r} is not a valid address: it has no host name"
    return None


def is_plain_http(url: str) -> bool:
    """An unencrypted address (http, not https)."""
    return url.lower().startswith("http://")


# An image is a file in the course folder: a relative path to a picture.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
IMAGE_PATH = re.compile(r"(?![a-zA-Z][a-zA-Z0-9+.-]*:)[^\s?#]+\.(?:png|jpe?g|gif|webp)",
                        re.IGNORECASE)
