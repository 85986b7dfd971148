"""dxplans: Japanese municipal DX plans (PDF or text) -> analysis-ready Parquet tables."""

__version__ = "0.1.0"
