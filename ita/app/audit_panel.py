"""The administrators' log on the Data page, for an administrator when sign-in is on: who did what, when (Thai time),
on which (``ita.storage.audit``)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ita.access.roles import role_name
from ita.app.loaders import engine
from ita.app.state import SIGNED_IN, acting_user, lang, tr
from ita.common.text import t
from ita.common.thai import be_datetime

AUDIT_ROWS = 500  # the latest entries shown


def audit_log() -> None:
    """The latest admin actions, newest first; shown only to a signed-in administrator."""
    actor = acting_user()
    if st.session_state.get(SIGNED_IN) is None or not actor.can("read_audit"):
        return
    from ita.storage import audit

    entries = audit.entries(engine(), actor, limit=AUDIT_ROWS)
    with st.expander(tr("audit_title", count=len(entries)), icon=":material/history:"):
        rows = [
            {
                t("audit_when", lang()): be_datetime(e.at),
                t("audit_who", lang()): f"{e.who} ({role_name(e.role, lang())})",
                t("audit_action", lang()): t(f"access_action_{e.action}", lang()),
                t("audit_target", lang()): e.target,
                t("audit_detail", lang()): audit.describe(e, lang()),
            }
            for e in entries
        ]
        detail = st.column_config.TextColumn(width="large")  # the longest column: what was done
        st.dataframe(
            pd.DataFrame(rows),
            hide_index=True,
            width="stretch",
            key="audit_log",
            column_config={t("audit_detail", lang()): detail},
        )
