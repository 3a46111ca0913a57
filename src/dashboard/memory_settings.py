"""How much memory the server may give to cached results and to held uploads (dashboard.toml).

[cache]
max_mb = 256          # results, tables and charts computed for pages, shared by sessions

[upload]
keep_mb = 1024        # uploads held for reloads, all sessions together
keep_minutes = 30     # how long an upload outlives the last tab showing it
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dashboard.byte_budget import MB


@dataclass(frozen=True)
class MemorySettings:
    cache_mb: float = 256
    upload_keep_mb: float = 1024
    upload_keep_minutes: float = 30

    @property
    def cache_bytes(self) -> int:
        return int(self.cache_mb * MB)

    @property
    def upload_keep_bytes(self) -> int:
        return int(self.upload_keep_mb * MB)

    @property
    def upload_keep_seconds(self) -> float:
        return self.upload_keep_minutes * 60


def _positive(section: dict[str, Any], table: str, key: str, default: float) -> float:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ValueError(f"[{table}] {key} must be a positive number, not {value!r}")
    return float(value)


def memory_settings(config: dict[str, Any]) -> MemorySettings:
    """`[cache] max_mb`, `[upload] keep_mb` and `[upload] keep_minutes`; a ValueError names a
    wrong entry."""
    cache, upload = config.get("cache", {}), config.get("upload", {})
    for table, section in (("cache", cache), ("upload", upload)):
        if not isinstance(section, dict):
            raise ValueError(f"{table} must be a table, e.g. [{table}], got {section!r}")
    default = MemorySettings()
    return MemorySettings(
        cache_mb=_positive(cache, "cache", "max_mb", default.cache_mb),
        upload_keep_mb=_positive(upload, "upload", "keep_mb", default.upload_keep_mb),
        upload_keep_minutes=_positive(
            upload, "upload", "keep_minutes", default.upload_keep_minutes
        ),
    )
