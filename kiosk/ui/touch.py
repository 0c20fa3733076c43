"""The guide's touch targets, in one place: a gloved finger needs a 64 px target, and 12 px
between two targets so it lands on one (issue 27's field run; the resident's larger targets
are `selfservice.widgets.TOUCH_MIN`). Tests state the same figures on their own
(`tests/helpers/targets.py`), so a change here is a change to what they check."""

TARGET = 64
GAP = 12
