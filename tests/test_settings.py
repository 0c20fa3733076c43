"""Settings files of an earlier release still start this one (issue 10, item 7): keys that
were renamed or retired are upgraded with a line in the log; only truly unknown keys stop."""

import logging
import tomllib
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
    assert "setting device_id is retired" in line and "the file is updated" in line
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


def test_an_old_settings_file_is_upgraded_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("# the station's own notes\n" + TODAYS_RELEASE, "utf-8")
    with caplog.at_level(logging.WARNING, logger="kiosk.settings_upgrade"):
        first = load(path)
    assert len(caplog.messages) == 1
    upgraded = path.read_text("utf-8")
    assert upgraded.startswith(f"settings_version = {settings_upgrade.CURRENT}")
    assert "# the station's own notes" in upgraded  # comments are kept
    assert '# device_id = "kiosk-trosterud-1"' in upgraded  # retired, shown, not read
    assert (tmp_path / "settings.toml.v0").read_text("utf-8").endswith(TODAYS_RELEASE)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="kiosk.settings_upgrade"):
        second = load(path)
    assert caplog.messages == []  # neither re-run nor warned
    assert path.read_text("utf-8") == upgraded
    assert second == first


def test_each_change_runs_once_per_version(tmp_path: Path) -> None:
    changes = (
        Change("device_id", None, "bound to the database", version=1),
        Change("sync_timeout_s", "sync_give_up_after_s", "clearer name", int, version=2),
    )
    path = tmp_path / "settings.toml"
    # At version 1 the device_id change has run; a device_id now is a key of its own.
    text = 'settings_version = 1\nsync_timeout_s = 45.0\n[opening_hours]\nmon = ""\n'
    path.write_text(text, "utf-8")
    values = settings_upgrade.upgrade_file(path, text, tomllib.loads(text), changes=changes)
    assert values == {"sync_give_up_after_s": 45, "opening_hours": {"mon": ""}}
    assert tomllib.loads(path.read_text("utf-8")) == {"settings_version": 2, **values}
    # A file already at version 2 is not upgraded again, even if it has the old name.
    again = "settings_version = 2\nsync_timeout_s = 45.0\n"
    assert settings_upgrade.upgrade(tomllib.loads(again), changes=changes) == {
        "sync_timeout_s": 45.0
    }


def test_a_newer_settings_file_is_read_as_it_is_and_said_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "settings.toml"
    newer = settings_upgrade.CURRENT + 1
    text = f'settings_version = {newer}\nstation_id = "furuset"\n'
    path.write_text(text, "utf-8")
    with caplog.at_level(logging.WARNING, logger="kiosk.settings_upgrade"):
        settings = load(path)
    assert settings.station_id == "furuset"
    [line] = caplog.messages
    assert f"settings version {newer} is newer than this release's {newer - 1}" in line
    assert path.read_text("utf-8") == text  # never rewritten down
    assert not (tmp_path / f"settings.toml.v{newer}").exists()


def test_a_newer_file_with_a_key_this_release_lacks_stops_by_name(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(f"settings_version = {settings_upgrade.CURRENT + 1}\nnew_key = 1\n", "utf-8")
    with pytest.raises(SettingsError, match=r"unknown setting.*new_key"):
        load(path)


def test_reading_only_leaves_an_old_file_as_it_was(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(TODAYS_RELEASE, "utf-8")
    with caplog.at_level(logging.WARNING, logger="kiosk.settings_upgrade"):
        load(path, upgrade_file=False)
    assert path.read_text("utf-8") == TODAYS_RELEASE
    assert "remove it from the file" in caplog.text


def test_a_bad_settings_version_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('settings_version = "two"\n', "utf-8")
    with pytest.raises(SettingsError, match="settings_version must be a whole number"):
        load(path)


def test_every_upgrade_targets_a_setting_that_exists() -> None:
    # A renamed key pointing at nothing would turn an old file into an unknown-key stop.
    fields = set(Settings.__dataclass_fields__)
    for change in settings_upgrade.CHANGES:
        assert change.key not in fields, f"{change.key} is still a setting"
        assert change.renamed_to is None or change.renamed_to in fields


def test_http_needs_the_lab_setting() -> None:
    assert from_mapping({}).allow_insecure_http is False
    assert from_mapping({"allow_insecure_http": True}).allow_insecure_http is True
