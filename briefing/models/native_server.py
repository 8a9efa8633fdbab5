"""The embedded model's server process from a prebuilt wheel: llama.cpp's own C++ server, through xllamacpp.

    python briefing/models/native_server.py --model MODEL.gguf --model_alias NAME --port PORT [options]

xllamacpp (MIT) ships llama.cpp's server compiled for any x86-64 with AVX2 as a wheel on the
package registry, so the `local` extra installs in seconds where llama-cpp-python compiles
llama.cpp for minutes. `xllamacpp.Server` serves the OpenAI-compatible endpoints over HTTP from
threads of its own; this script only sets it up as local_model.server_command asks and keeps
the process alive until it is stopped. The options are llama-cpp-python's server's names, so one
command line serves either server script.

It runs only as the server's own script (local_model.server_command), not as part of the package.
"""

from __future__ import annotations

import argparse
import threading

import xllamacpp

# llama-cpp-python's chat endpoint penalises repeats (1.1 over the last 64 tokens) unless asked not to,
# and our prompts were tuned with it; llama.cpp's server does not by default: set, the two servers sample alike.
REPEAT_PENALTY = 1.1
REPEAT_WINDOW = 64


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--model_alias", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--n_ctx", type=int, required=True)
    parser.add_argument("--n_threads", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    params = xllamacpp.CommonParams()
    params.model.path = args.model
    params.model_alias = {args.model_alias}
    params.hostnames = [args.host]
    params.port = args.port
    params.n_ctx = args.n_ctx
    params.n_parallel = 1  # one slot, as our calls come one at a time: it keeps the last prompt's cached prefix
    params.cpuparams.n_threads = args.n_threads
    params.cpuparams_batch.n_threads = args.n_threads
    params.sampling.seed = args.seed
    params.sampling.penalty_repeat = REPEAT_PENALTY
    params.sampling.penalty_last_n = REPEAT_WINDOW
    # llama.cpp turns flash attention on where it can ("auto"); on a 2-core CPU it cost 11 % of a chunk's three
    # calls (70.7 s off, 79.6 s on), and llama-cpp-python's server, which the prompts were tuned on, runs without.
    params.flash_attn_type = xllamacpp.llama_flash_attn_type.LLAMA_FLASH_ATTN_TYPE_DISABLED
    params.ui = False  # no web page on a loopback port nobody browses
    server = xllamacpp.Server(params)  # loads the model, then answers HTTP until the process ends
    print(f"listening on {server.listening_address}", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
