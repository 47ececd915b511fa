"""The desktop application (PySide6 + pyqtgraph). Holds no model logic: see viewmodel.py."""
