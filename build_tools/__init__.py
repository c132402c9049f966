"""Build tools for Kho văn bản Tín dụng chính sách xã hội (the social policy credit archive)."""

__version__ = "0.1.0"
