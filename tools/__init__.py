"""The book's build, edition, course and benchmark tools (run from the repository root as
``python -m tools.<name>``; the Makefile holds the usual invocations)."""
