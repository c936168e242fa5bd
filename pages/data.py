"""Data: what is loaded, per year, with the framework applied and every problem found."""

import streamlit as st

from ita.loaded import loaded_summary
from ita.ui import ensure_router, lang, sample_result, tr

ensure_router()
result = sample_result()
st.title(tr("page_data"))
st.caption(tr("data_samples_caption"))

summary = loaded_summary(result, lang())
c1, c2, c3 = st.columns(3)
c1.metric(tr("metric_agencies"), f"{summary.agencies:,}")
c2.metric(tr("metric_years"), summary.year_span)
c3.metric(tr("metric_files"), len(result.files))

st.subheader(tr("data_per_year"))
st.dataframe(summary.per_year, hide_index=True, width="stretch")

st.subheader(tr("data_problems"))
if summary.problems.empty:
    st.success(tr("data_no_problems"))
else:
    st.dataframe(summary.problems, hide_index=True, width="stretch")
