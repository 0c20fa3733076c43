"""Default weights that learn from tickets (issue 25, item 5), the method only so far.

A self-service registration is an estimate: a count times a size times the category's
default weight, so its grams divided by the default weight are "default items". Over the
pickup periods of a fraction, a ticket's weighed grams, less what was weighed at the counter,
should equal the sum over its categories of default items times the true weight of one. The
least-squares solution of those equations is the proposal per category, with the data behind
it (periods, items, residual). Not yet wired to the database, the console or publishing.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PeriodData:
    weighed_g: int  # the ticket's net grams
    measured_g: int  # grams weighed at the counter in the period (scale or typed)
    default_items: dict[str, float]  # category -> estimated grams / its default weight


@dataclass(frozen=True)
class Proposal:
    category: str
    weight_g: int
    periods: int  # periods in which the category had estimated registrations
    items: float


def propose(periods: list[PeriodData]) -> list[Proposal]:
    """Least-squares weight per default item for every category the periods estimate."""
    categories = sorted({c for p in periods for c, n in p.default_items.items() if n > 0})
    size = len(categories)
    if not size:
        return []
    index = {c: i for i, c in enumerate(categories)}
    normal = [[0.0] * size for _ in range(size)]
    right = [0.0] * size
    for p in periods:
        row = [0.0] * size
        for c, n in p.default_items.items():
            if n > 0:
                row[index[c]] = n
        target = p.weighed_g - p.measured_g
        for i in range(size):
            if row[i]:
                right[i] += row[i] * target
                for j in range(size):
                    normal[i][j] += row[i] * row[j]
    weights = _solve(normal, right)
    return [
        Proposal(
            c,
            max(1, round(weights[index[c]])),
            sum(1 for p in periods if p.default_items.get(c, 0) > 0),
            sum(p.default_items.get(c, 0) for p in periods),
        )
        for c in categories
    ]


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting; a singular column gets 0."""
    n = len(vector)
    a = [[*row, vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        if abs(a[pivot][col]) < 1e-12:
            continue
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(n):
            if r != col and a[r][col]:
                factor = a[r][col] / a[col][col]
                a[r] = [x - factor * y for x, y in zip(a[r], a[col], strict=True)]
    return [a[i][n] / a[i][i] if abs(a[i][i]) >= 1e-12 else 0.0 for i in range(n)]
