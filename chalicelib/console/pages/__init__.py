"""Console pages, one module per area; each registers its views on its own ``PageRouter``."""
