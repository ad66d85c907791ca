"""The domain, pure and standard library only: records, names and how they are read, ranking,
planning, screening, the body map grid and the fixed wording. Imports nothing of the package
outside ``core``."""
