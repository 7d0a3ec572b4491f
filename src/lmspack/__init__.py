"""lmspack: turn a webinar into a standards-valid LMS content package."""

__version__ = "0.1.0"
