"""ITA dashboard: the router. Sets up the page, the shared sidebar and the navigation, then runs a page."""

import streamlit as st

from ita.ui import tr

st.set_page_config(page_title="ITA Dashboard", page_icon="📊", layout="wide")

with st.sidebar:
    st.radio("ภาษา / Language", ["th", "en"], key="lang", horizontal=True,
             format_func=lambda code: {"th": "ไทย", "en": "English"}[code])
    st.text_input(tr("editor_name"), key="editor_name", placeholder=tr("editor_name_placeholder"),
                  help=tr("editor_name_help"))

page = st.navigation([
    st.Page("pages/agency.py", title=tr("page_agency"), icon=":material/account_balance:", url_path="agency",
            default=True),
    st.Page("pages/overview.py", title=tr("page_overview"), icon=":material/leaderboard:", url_path="overview"),
    st.Page("pages/data.py", title=tr("page_data"), icon=":material/upload_file:", url_path="data"),
])
page.run()
