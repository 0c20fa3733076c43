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
