"""The embedded model's server process: llama-cpp-python's OpenAI server, with its greedy JSON sampling made cheap.

    python briefing/models/llama_server.py --model MODEL.gguf [llama_cpp.server options]

Every reply of ours is greedy (temperature 0) and held to a JSON grammar. llama-cpp-python
samples through one llama.cpp chain, repeat penalty → grammar → greedy, so the grammar
judges all 151,936 tokens of Qwen's vocabulary before every token, a large share of what a
token costs on a CPU. llama.cpp's own server asks the grammar only
about the token greedy picks, and judges the whole vocabulary only when that one is refused.
The pick is the same either way: greedy takes the likeliest token the grammar allows, and
when the likeliest of all is allowed, that is it. This module does the same for greedy
requests with a grammar, keeping the chain's state (its penalty history, its grammar) by
accepting each token through the chain itself, then runs llama-cpp-python's server unchanged.

It runs only as the server's own script (local_model.server_command), not as part of the package.
"""

from __future__ import annotations

import ctypes
import math
from typing import Any

import llama_cpp
import numpy as np
from llama_cpp import _internals
from llama_cpp.llama import Llama
from llama_cpp.server.__main__ import main

# llama_token_data as numpy sees it: int32 id, float logit, float p, 12 bytes, no padding.
_TOKEN_DATA = np.dtype([("id", np.int32), ("logit", np.float32), ("p", np.float32)])
assert _TOKEN_DATA.itemsize == ctypes.sizeof(llama_cpp.llama_token_data)


class GrammarChecksGreedysPick:
    """A penalties → grammar → greedy chain that asks the grammar about the greedy pick first.

    llama-cpp-python only calls `sample` on it; the chain it wraps is freed with it.
    """

    def __init__(self, chain: _internals.LlamaSampler, n_vocab: int) -> None:
        self.chain = chain
        self.penalties = llama_cpp.llama_sampler_chain_get(chain.sampler, 0)
        self.grammar = llama_cpp.llama_sampler_chain_get(chain.sampler, 1)
        self.candidates = np.zeros(n_vocab, dtype=_TOKEN_DATA)
        self.candidates["id"] = np.arange(n_vocab, dtype=np.int32)

    def _apply(self, sampler: Any, data: np.ndarray) -> None:
        array = llama_cpp.llama_token_data_array(
            data.ctypes.data_as(llama_cpp.llama_token_data_p), len(data), -1, False
        )
        llama_cpp.llama_sampler_apply(sampler, ctypes.byref(array))

    def sample(self, ctx: _internals.LlamaContext, idx: int = -1) -> int:
        logits = np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(ctx.ctx, idx), shape=(len(self.candidates),))
        candidates = self.candidates
        candidates["logit"] = logits
        candidates["p"] = 0.0
        self._apply(self.penalties, candidates)
        token = int(np.argmax(candidates["logit"]))  # greedy keeps the first of equal logits, as argmax does
        one = candidates[token : token + 1].copy()
        self._apply(self.grammar, one)
        if math.isinf(one["logit"][0]):  # refused: the grammar judges every token, greedy takes the best left
            self._apply(self.grammar, candidates)
            token = int(np.argmax(candidates["logit"]))
        llama_cpp.llama_sampler_accept(self.chain.sampler, token)  # penalty history and grammar move on
        return token


_chain = Llama._init_sampler


def _init_sampler(self: Llama, **options: Any) -> Any:
    """llama-cpp-python's chain, wrapped where it is exactly penalties → grammar → greedy."""
    plain = options.get("logits_processor") is None and options.get("mirostat_mode", 0) == 0
    chain = _chain(self, **options)
    if options.get("grammar") is None or options.get("temp") != 0.0 or not plain:
        return chain
    assert llama_cpp.llama_sampler_chain_n(chain.sampler) == 3, "penalties, grammar, greedy"
    return GrammarChecksGreedysPick(chain, self._n_vocab)


if __name__ == "__main__":
    Llama._init_sampler = _init_sampler  # type: ignore[method-assign]
    main()
