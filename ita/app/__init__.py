"""The only Streamlit code of ita/: cached loaders, state, pickers and widgets shared by the pages."""
