"""How a recording is shown: an embed for YouTube and Vimeo, a link to anything else,
or the page's own video element for a file in the package. Worked out once, when the
course is loaded (and by `lmspack new` to tell a video from a page about one)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_VIMEO_ID = re.compile(r"[0-9]{6,12}")


@dataclass(frozen=True)
class RecordingView:
    kind: str  # youtube | vimeo | link | file
    url: str  # the address the author gave (always offered as a link too), or the
    #           video's path in the package
    embed_url: str | None
    origin: str | None  # the one origin the page may load a frame from
    provider: str  # who shows the recording, as the learner would name them

    @property
    def embedded(self) -> bool:
        return self.embed_url is not None


def file_view(package_path: str) -> RecordingView:
    """A video file stored in the package, played by the page's own video element."""
    return RecordingView("file", package_path, None, None, "this module")


def recording_view(url: str) -> RecordingView:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = parts.path.rstrip("/")
    video_id = None
    if host in ("youtube.com", "youtube-nocookie.com"):
        if path == "/watch":
            video_id = parse_qs(parts.query).get("v", [""])[0]
        elif m := re.fullmatch(r"/(?:embed|live|shorts|v)/([^/]+)", path):
            video_id = m.group(1)
    elif host == "youtu.be":
        video_id = path.lstrip("/")
    if video_id and _YOUTUBE_ID.fullmatch(video_id):
        # The privacy-enhanced domain sets no cookies until the learner plays.
        return RecordingView("youtube", url, f"https://www.youtube-nocookie.com/embed/{video_id}",
                             "https://www.youtube-nocookie.com", "YouTube")
    if host in ("vimeo.com", "player.vimeo.com"):
        m = re.fullmatch(r"(?:/video)?/([0-9]+)", path)
        if m and _VIMEO_ID.fullmatch(m.group(1)):
            return RecordingView("vimeo", url, f"https://player.vimeo.com/video/{m.group(1)}?dnt=1",
                                 "https://player.vimeo.com", "Vimeo")
    provider = (urlsplit(url).hostname or url).removeprefix("www.")
    return RecordingView("link", url, None, None, provider)
