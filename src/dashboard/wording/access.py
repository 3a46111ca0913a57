"""The sidebar's note on what the signed-in user may see."""

from __future__ import annotations

from dashboard.access import LOCAL_GRANT, ROLE_LABELS, Grant
from dashboard.wording.markdown import escape


def access_note(grant: Grant) -> str:
    """The grant's role, departments and whether names are hidden, as one markdown line."""
    if grant is LOCAL_GRANT:
        return "**Access:** local run without sign-in: full access to every department."
    where = ", ".join(map(escape, grant.departments)) if grant.departments else "all departments"
    names = "" if grant.show_names else " · names hidden"
    return f"**Access:** {ROLE_LABELS[grant.role]} · {where}{names}"
