"""Imported by the forkserver that starts the digest's workers, before it forks any of them.

What is loaded here — spaCy with its English pipeline, WeasyPrint and the fonts — every worker
then shares with the forkserver page for page instead of loading its own copy, so a second
worker adds its working memory only, not another copy of the models and libraries. A run
whose settings name another spaCy pipeline loads that one in each worker as usual.
"""

from __future__ import annotations

import contextlib
import gc

from pydantic import ValidationError

from .. import pipeline
from ..config import Settings
from ..errors import BriefingError

# The settings come from the environment the digest process started the forkserver with;
# a missing model, or settings that do not load, are reported by the workers, where the error
# reaches the user.
with contextlib.suppress(BriefingError, ValidationError):
    pipeline.load_models(Settings())
# Objects that exist now are never collected: the collector does not walk them, and so does
# not write to (and copy) the pages that every worker shares.
gc.freeze()
