"""The application layer both front ends share: building a run from the settings (`build`) and
the built-in demo (`demo`). It may import `core` and `storage`, never `gui`, `cli` or Qt."""
