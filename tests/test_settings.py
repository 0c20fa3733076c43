"""Settings files of an earlier release still start this one (issue 10, item 7): keys that
were renamed or retired are upgraded with a line in the log; only truly unknown keys stop."""

import logging
from pathlib import Path

import pytest

from kiosk import settings_upgrade
from kiosk.settings import Settings, SettingsError, from_mapping, load
from kiosk.settings_upgrade import Change

# A settings.toml as today's release (before issue 9) documents it: every key of its
# kiosk/settings.py, with the values README and docs/scale.md show.
TODAYS_RELEASE = """\
station_id = "trosterud"
station_name = "Minigjenbruksstasjon Trosterud"
device_id = "kiosk-trosterud-1"
language = "nb"
max_weight_g = 200000
scale_driver = "simulated"
scale_port = ""
scale_baud = 9600
scale_xonxoff = false
scale_poll_interval_s = 0.2
scale_timeout_s = 1.0
scale_reconnect_interval_s = 2.0
idle_timeout_s = 60
thanks_timeout_s = 8
pin_max_tries = 5
pin_lockout_s = 30
guide_lock_after_s = 600
sync_nightly_at = "02:00"
sync_after_registration_s = 30
sync_give_up_after_s = 20

[opening_hours]
mon = "11:00-16:00"
tue = ""
wed = "14:00-20:00"
"""


def test_a_settings_file_of_todays_release_starts_this_one(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(TODAYS_RELEASE, "utf-8")
    with caplog.at_level(logging.WARNING, logger="kiosk.settings_upgrade"):
        settings = load(path)
    assert settings.station_id == "trosterud"
    assert settings.scale_driver == "simulated"
    assert settings.opening_hours["wed"] == "14:00-20:00"
    assert not hasattr(settings, "device_id")
    [line] = caplog.messages
    assert "setting device_id is retired" in line and "remove it" in line
    assert str(path) in line


def test_a_truly_unknown_key_still_stops_start_up(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('statoin_id = "trosterud"\n', "utf-8")
    with pytest.raises(SettingsError, match=r"unknown setting.*statoin_id"):
        load(path)


def test_a_renamed_key_moves_to_its_new_name_with_a_log_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    changes = (Change("sync_timeout_s", "sync_give_up_after_s", "clearer name", int),)
    with caplog.at_level(logging.WARNING, logger="kiosk.settings_upgrade"):
        upgraded = settings_upgrade.upgrade({"sync_timeout_s": 45.0}, changes=changes)
    assert upgraded == {"sync_give_up_after_s": 45}
    assert "sync_timeout_s is now called sync_give_up_after_s" in caplog.text


def test_when_both_names_are_set_the_new_one_wins_and_says_so(
    caplog: pytest.LogCaptureFixture,
) -> None:
    changes = (Change("old", "new", "renamed"),)
    with caplog.at_level(logging.WARNING, logger="kiosk.settings_upgrade"):
        upgraded = settings_upgrade.upgrade({"old": 1, "new": 2}, changes=changes)
    assert upgraded == {"new": 2}
    assert "both are set; new wins" in caplog.text


def test_every_upgrade_targets_a_setting_that_exists() -> None:
    # A renamed key pointing at nothing would turn an old file into an unknown-key stop.
    fields = set(Settings.__dataclass_fields__)
    for change in settings_upgrade.CHANGES:
        assert change.key not in fields, f"{change.key} is still a setting"
        assert change.renamed_to is None or change.renamed_to in fields


def test_http_needs_the_lab_setting() -> None:
    assert from_mapping({}).allow_insecure_http is False
    assert from_mapping({"allow_insecure_http": True}).allow_insecure_http is True
