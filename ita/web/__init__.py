"""HTTP routes beside the Streamlit app (Starlette, served by Streamlit's own server through ``st.App`` in
``serve.py``): the sign-in and sign-out of office accounts. No Streamlit here."""
