"""The floor for build latency: a bare Python process that writes the same zip bytes.

    python benchmarks/floor.py OUT_DIR PACKAGE_FOLDER...

Each PACKAGE_FOLDER holds a package's files (an unpacked lmspack package); each is
zipped to OUT_DIR/<folder name>.zip with nothing but `zipfile`, as lmspack writes
them: sorted names, the 1980 timestamp, mode 644, media stored, the rest deflated
at level 9. benchmarks/latency.py checks the bytes are lmspack's own. No lmspack
import: this is the work any packager must do, and nothing else.
"""

import os
import sys
import zipfile

STORED = {".mp4", ".m4v", ".webm", ".mp3", ".m4a", ".ogg", ".png", ".jpg", ".jpeg", ".gif",
          ".webp", ".woff", ".woff2", ".zip"}


def write(folder: str, target: str) -> None:
    names = sorted(os.path.relpath(os.path.join(d, f), folder).replace(os.sep, "/")
                   for d, _, files in os.walk(folder) for f in files)
    with zipfile.ZipFile(target, "w") as zf:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.create_system = 3
            info.external_attr = 0o644 << 16
            stored = os.path.splitext(name)[1].lower() in STORED
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            with open(os.path.join(folder, name), "rb") as f:
                zf.writestr(info, f.read(), compresslevel=9)


if __name__ == "__main__":
    out = sys.argv[1]
    for folder in sys.argv[2:]:
        write(folder, os.path.join(out, os.path.basename(folder.rstrip("/")) + ".zip"))
