"""The main window's tabs: Live, Performance, Runs, Problems, Invoices."""
