"""The guide's PIN is stored as a salted scrypt hash, and wrong tries lock for growing periods."""

import pytest

from kiosk.cli import main
from kiosk.domain.pin import DEFAULT_PIN, Lockout, hash_pin, read_pin_hash, verify_pin, write_pin


def test_hash_is_salted_scrypt_and_verifies_only_the_right_pin() -> None:
    first, second = hash_pin("4711"), hash_pin("4711")
    assert first.startswith("scrypt$") and "4711" not in first
    assert first != second  # a fresh salt each time
    assert verify_pin("4711", first) and verify_pin("4711", second)
    assert not verify_pin("4712", first)
    assert not verify_pin("4711", "garbage") and not verify_pin("4711", "")


def test_first_run_uses_the_documented_default_without_writing(tmp_path) -> None:
    path = tmp_path / "pin"
    assert verify_pin(DEFAULT_PIN, read_pin_hash(path))
    assert not path.exists()


def test_set_pin_command_stores_a_hash_not_the_pin(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("97531\n"))
    assert main(["--data-dir", str(tmp_path), "set-pin", "--stdin"]) == 0
    stored = (tmp_path / "guide_pin.scrypt").read_text("utf-8")
    assert "97531" not in stored
    assert verify_pin("97531", stored) and not verify_pin(DEFAULT_PIN, stored)


@pytest.mark.parametrize("pin", ["123", "abcd", "1234567890123", "١٢٣٤"])
def test_a_pin_that_is_not_4_to_12_ascii_digits_is_refused(tmp_path, pin) -> None:
    with pytest.raises(ValueError):
        write_pin(tmp_path / "pin", pin)


def test_five_wrong_tries_lock_for_a_doubling_period() -> None:
    lock = Lockout(max_tries=5, base_s=30, cap_s=100)
    assert [lock.record_failure(0) for _ in range(4)] == [0, 0, 0, 0]
    assert lock.remaining(0) == 0
    assert lock.record_failure(0) == 30
    assert lock.remaining(10) == 20
    for _ in range(4):
        lock.record_failure(40)
    assert lock.record_failure(40) == 60
    for _ in range(5):
        lock.record_failure(200)
    assert lock.remaining(200) == 100  # capped
    lock.record_success()
    assert lock.remaining(200) == 0 and lock.failures == 0


def test_a_lockout_survives_a_restart_and_keeps_only_what_is_left(tmp_path) -> None:
    state = tmp_path / "pin_lockout.json"
    wall = [1_000_000.0]
    before = Lockout(max_tries=5, base_s=30, state_file=state, wall=lambda: wall[0])
    for _ in range(4):
        before.record_failure(500.0)
    after = Lockout.restore(state, now=0.0, max_tries=5, base_s=30, wall=lambda: wall[0])
    assert after.failures == 4 and after.remaining(0.0) == 0  # the count survived,
    assert after.record_failure(0.0) == 30  # so the fifth wrong PIN after restart locks
    wall[0] += 10  # ten seconds later the power goes; the monotonic clock starts again at 7
    again = Lockout.restore(state, now=7.0, max_tries=5, base_s=30, wall=lambda: wall[0])
    assert again.remaining(7.0) == 20 and again.lockouts == 1
    wall[0] -= 86_400  # a clock that came up a day behind cannot stretch it past its period
    behind = Lockout.restore(state, now=0.0, max_tries=5, base_s=30, wall=lambda: wall[0])
    assert behind.remaining(0.0) == 30
    behind.record_success()
    cleared = Lockout.restore(state, now=0.0, max_tries=5, base_s=30, wall=lambda: wall[0])
    assert (cleared.failures, cleared.lockouts, cleared.remaining(0.0)) == (0, 0, 0)


def test_an_unreadable_lockout_file_starts_counting_anew(tmp_path) -> None:
    state = tmp_path / "pin_lockout.json"
    state.write_text("{not json", "utf-8")
    lock = Lockout.restore(state, now=0.0, max_tries=5, base_s=30)
    assert lock.failures == 0 and lock.remaining(0.0) == 0
    lock.record_failure(0.0)
    assert Lockout.restore(state, now=0.0, max_tries=5, base_s=30).failures == 1
