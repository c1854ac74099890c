"""The collector's build pace holds within a build and is undone after it."""

from __future__ import annotations

import gc

import pytest

from kg.pipeline.gcpace import BUILD_THRESHOLDS, build_pace


def test_build_pace_sets_and_restores_the_collectors_settings() -> None:
    before = gc.get_threshold()
    with build_pace():
        assert gc.get_threshold() == BUILD_THRESHOLDS
        assert gc.get_freeze_count() > 0  # the objects alive at the start are out of the walks
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_build_pace_is_undone_when_the_build_fails() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), build_pace():
        raise RuntimeError("the build failed")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
