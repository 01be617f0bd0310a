"""Stories: which articles tell the same event (`group`), their facts merged (`merge`).

`figures` finds the numbers of dead and injured and the amounts that articles can disagree on.
"""

from __future__ import annotations

from .group import group_articles
from .merge import merge_facts

__all__ = ["group_articles", "merge_facts"]
