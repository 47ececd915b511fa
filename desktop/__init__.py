"""netlm-risk: survival after cytoreductive hepatectomy for NET liver metastases."""

__version__ = "0.1.0"
