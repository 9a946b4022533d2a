"""The workflow core: one executor for every procedure."""
