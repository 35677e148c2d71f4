"""Reports and exports: every list as CSV or Excel, and the PDF reports (run, performance,
collection list), shared by the desktop app, the command line and the scheduled reports.

Reads only through `storage`'s query functions (the ones the screens use) and draws with QtGui
alone (no widgets), so both front ends and the runner can use it.
"""
