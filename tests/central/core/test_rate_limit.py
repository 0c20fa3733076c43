"""The token bucket behind enrolment's rate limit, on a clock the test moves."""

from central.core.rate_limit import EnrolLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_client_gets_its_burst_then_waits_then_refills() -> None:
    clock = Clock()
    limiter = EnrolLimiter(per_client_per_min=2, overall_per_min=100, clock=clock)
    assert [limiter.wait_for("a"), limiter.wait_for("a")] == [0, 0]
    assert limiter.wait_for("a") == 30  # one attempt per 30 s at 2 a minute
    assert limiter.wait_for("b") == 0  # another address has its own bucket
    clock.now += 30
    assert limiter.wait_for("a") == 0
