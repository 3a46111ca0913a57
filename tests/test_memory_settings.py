"""`[cache] max_mb`, `[upload] keep_mb` and `keep_minutes`: defaults and named mistakes."""

import pytest

from dashboard.memory_settings import MemorySettings, memory_settings


def test_defaults():
    settings = memory_settings({})
    assert settings == MemorySettings()
    assert (settings.cache_mb, settings.upload_keep_mb, settings.upload_keep_minutes) == (
        256,
        1024,
        30,
    )
    assert settings.upload_keep_seconds == 1800


def test_values_from_the_file():
    settings = memory_settings(
        {"cache": {"max_mb": 64}, "upload": {"keep_mb": 512.5, "keep_minutes": 0.5}}
    )
    assert settings.cache_bytes == 64 * 1024 * 1024
    assert settings.upload_keep_bytes == int(512.5 * 1024 * 1024)
    assert settings.upload_keep_seconds == 30


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"cache": {"max_mb": 0}}, r"\[cache\] max_mb must be a positive number, not 0"),
        ({"upload": {"keep_mb": "1GB"}}, r"\[upload\] keep_mb must be a positive number"),
        ({"upload": {"keep_minutes": True}}, r"\[upload\] keep_minutes must be a positive"),
        ({"cache": 5}, "cache must be a table"),
    ],
)
def test_mistakes_are_named(config, message):
    with pytest.raises(ValueError, match=message):
        memory_settings(config)
