"""Demo data: a deterministic, realistic county (`yifa demo`) and its logins (`yifa accounts`)."""
