"""Demo content for a newcomer's site: the `seed_demo` command, its data and drawings."""
