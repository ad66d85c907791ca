"""Output: the JSON documents, the text sections, and the plain, rich, Markdown and SVG
writers, with their escaping. Imports ``core`` and the data layer's record types only."""
