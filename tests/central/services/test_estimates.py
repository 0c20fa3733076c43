"""The learning method on synthetic data with known true weights: the proposals converge to
them as pickup periods accumulate, and a wrong default is corrected whatever it was."""

import random

from central.services.estimates import PeriodData, propose

TRUE = {"clothes": 420, "books_media": 650, "kitchenware": 1_100}
DEFAULT = {"clothes": 400, "books_media": 500, "kitchenware": 800}


def synthetic(periods: int, seed: int = 7) -> list[PeriodData]:
    rng = random.Random(seed)
    out = []
    for _ in range(periods):
        counts = {c: rng.randint(0, 60) for c in TRUE}
        true_g = sum(n * TRUE[c] * rng.uniform(0.7, 1.3) for c, n in counts.items())
        measured = rng.randint(0, 20_000)
        out.append(
            PeriodData(
                weighed_g=round(true_g + measured + rng.gauss(0, 2_000)),  # weighbridge noise
                measured_g=measured,
                default_items={c: float(n) for c, n in counts.items()},
            )
        )
    return out


def worst_error(periods: int) -> float:
    found = {p.category: p.weight_g for p in propose(synthetic(periods))}
    return max(abs(found[c] - w) / w for c, w in TRUE.items())


def test_the_proposals_converge_to_the_true_weights() -> None:
    errors = [worst_error(n) for n in (5, 50, 10_000)]
    assert errors[-1] < 0.01  # within 1 % of every true weight
    assert errors[0] > errors[1] > errors[-1]
    assert errors[-1] < errors[0]
    assert max(abs(DEFAULT[c] - w) / w for c, w in TRUE.items()) > 0.2  # defaults were off


def test_each_proposal_carries_the_data_behind_it() -> None:
    proposals = {p.category: p for p in propose(synthetic(30))}
    assert set(proposals) == set(TRUE)
    assert all(p.periods <= 30 and p.items > 0 for p in proposals.values())
    assert propose([]) == []
