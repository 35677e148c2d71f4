"""The desktop app: PySide6 widgets, pyqtgraph charts, qasync for awaiting off-thread work."""
