"""The command line: argument parsing and one module per subcommand (no Qt imported here)."""
