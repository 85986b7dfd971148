"""dxplans: Japanese municipal DX plans (PDF, scans, Office originals or text) -> analysis-ready Parquet tables."""

__version__ = "0.1.0"
