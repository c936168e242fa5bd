"""ITA dashboard: the router. Sets up the page, the shared sidebar and the navigation, then runs a page."""

import streamlit as st

from ita.ui import tr

st.set_page_config(page_title="ITA Dashboard", page_icon="📊", layout="wide")

with st.sidebar:
    st.radio("ภาษา / Language", ["th", "en"], key="lang", horizontal=True,
             format_func=lambda code: {"th": "ไทย", "en": "English"}[code])

page = st.navigation([
    st.Page("pages/data.py", title=tr("page_data"), icon="🗂️", url_path="data", default=True),
])
page.run()
