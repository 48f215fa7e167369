"""Use-case glue between data_access and scoring: no Streamlit, no SQL."""
