"""The weekly digest for organisers: decided, open, mentoring, and who is being left out.

Other features may read the settings it declares: whether it goes out (`DIGEST_ON`) and to
whom (`DIGEST_TO`), to tell people where their work is listed.
"""

from cogs.digest._cog import Digest
from cogs.digest._settings import DIGEST_ON, DIGEST_TO

__all__ = ["DIGEST_ON", "DIGEST_TO", "Digest"]
