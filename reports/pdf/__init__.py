"""The PDF reports: run report, performance report, collection list (QtGui only, no widgets)."""
