"""Calling models: endpoints, the embedded local model, structured output, prompts, the cache, cassettes, batches.

The analysis asks for a reply of a pydantic type; how it is asked, retried, cached, recorded or replayed is here.
"""
