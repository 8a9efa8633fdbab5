"""The analysis: chunk jobs, grounding, attribution, evidence, merging, stories, the reduce, planted instructions.

Each module is one step from documents to checked claims; none of them writes a brief or calls a model directly.
"""
