"""OpenAI's Batch API on 127.0.0.1 for tests: files, batches, their output, and chat completions.

A test double for the *mechanics* of `--batch` (upload, poll, download, resume,
faults), answering every line as tests/fake_endpoint.py answers a call, so a
batched run can be compared with an interactive one. Faults: `fail_lines` lines
come back in the error file (HTTP 500), `invalid_lines` lines come back with JSON
that does not validate, `expire` ends the batch "expired" with half its lines done,
and `polls_to_finish` sets how many looks a batch stays "in_progress".
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .fake_endpoint import completion, default_answer


class _Server(ThreadingHTTPServer):
    daemon_threads = True


class FakeBatchEndpoint:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self.chat_requests: list[dict] = []  # interactive calls (re-asks, retries, the synthesis)
        self.uploads = 0
        self.retrieves = 0
        self.polls_to_finish = 2
        self.fail_lines = 0
        self.invalid_lines = 0
        self.expire = False
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                parts = self.path.split("?")[0].strip("/").split("/")  # v1, batches, ID / v1, files, ID, content
                if parts[1:2] == ["batches"] and len(parts) == 3:
                    self._send(200, owner._retrieve(parts[2]))
                elif parts[1:2] == ["files"] and len(parts) == 4 and parts[2] in owner.files:
                    self._send(200, owner.files[parts[2]], "application/octet-stream")
                elif parts[1:2] == ["models"]:
                    self._send(200, {"object": "list", "data": [{"id": "test-model", "object": "model"}]})
                else:
                    self._send(404, {"error": {"message": f"no route {self.path}"}})

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                route = self.path.split("?")[0].rstrip("/")
                if route.endswith("/files"):
                    self._send(200, owner._upload(self.headers["content-type"], body))
                elif route.endswith("/batches"):
                    self._send(200, owner._create(json.loads(body)))
                elif route.endswith("/chat/completions"):
                    request = json.loads(body)
                    with owner._lock:
                        owner.chat_requests.append(request)
                    self._send(200, default_answer(request))
                else:
                    self._send(404, {"error": {"message": f"no route {self.path}"}})

            def _send(self, status: int, body: Any, ctype: str = "application/json") -> None:
                data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("content-type", ctype)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/v1"

    def start(self) -> FakeBatchEndpoint:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def lines_of(self, batch_id: str) -> list[dict]:
        """The request lines a batch was created with."""
        raw = self.files[self.batches[batch_id]["input_file_id"]]
        return [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]

    # -- the API ---------------------------------------------------------------

    def _upload(self, content_type: str, body: bytes) -> dict:
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"content-type: {content_type}\r\n\r\n".encode() + body
        )
        fields = {part.get_param("name", header="content-disposition"): part for part in message.iter_parts()}
        data = fields["file"].get_payload(decode=True)
        assert fields["purpose"].get_payload(decode=True) == b"batch"
        with self._lock:
            self.uploads += 1
            file_id = f"file-{len(self.files) + 1}"
            self.files[file_id] = data
        return _file(file_id, len(data))

    def _create(self, request: dict) -> dict:
        assert request["endpoint"] == "/v1/chat/completions" and request["completion_window"] == "24h"
        with self._lock:
            batch_id = f"batch_{len(self.batches) + 1}"
            total = len(self.lines_of_file(request["input_file_id"]))
            self.batches[batch_id] = {
                "id": batch_id,
                "object": "batch",
                "endpoint": request["endpoint"],
                "input_file_id": request["input_file_id"],
                "completion_window": "24h",
                "status": "validating",
                "created_at": 0,
                "metadata": request.get("metadata"),
                "request_counts": {"total": total, "completed": 0, "failed": 0},
                "looks": 0,
            }
            return self._public(batch_id)

    def lines_of_file(self, file_id: str) -> list[str]:
        return [line for line in self.files[file_id].decode("utf-8").splitlines() if line.strip()]

    def _retrieve(self, batch_id: str) -> dict:
        with self._lock:
            self.retrieves += 1
            batch = self.batches[batch_id]
            batch["looks"] += 1
            if batch["status"] in ("validating", "in_progress"):
                batch["status"] = "in_progress"
                if batch["looks"] >= self.polls_to_finish:
                    self._finish(batch)
            return self._public(batch_id)

    def _finish(self, batch: dict) -> None:
        lines = self.lines_of(batch["id"])
        if self.expire:
            lines = lines[: len(lines) // 2]
        output, errors = [], []
        for number, line in enumerate(lines):
            request_id = f"req_{number}"
            if number < self.fail_lines:
                failed = {"status_code": 500, "request_id": request_id, "body": {"error": {"message": "overloaded"}}}
                errors.append({"id": f"line_{number}", "custom_id": line["custom_id"], "response": failed})
                continue
            answer = default_answer(line["body"])
            if number < self.fail_lines + self.invalid_lines:
                answer = completion('{"actors": "not a list"}')
            output.append(
                {
                    "id": f"line_{number}",
                    "custom_id": line["custom_id"],
                    "response": {"status_code": 200, "request_id": request_id, "body": answer},
                    "error": None,
                }
            )
        for name, rows in (("output_file_id", output), ("error_file_id", errors)):
            if rows:
                file_id = f"file-{len(self.files) + 1}"
                self.files[file_id] = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
                batch[name] = file_id
        batch["status"] = "expired" if self.expire else "completed"
        batch["request_counts"].update(completed=len(output), failed=len(errors))

    def _public(self, batch_id: str) -> dict:
        return {k: v for k, v in self.batches[batch_id].items() if k != "looks"}


def _file(file_id: str, size: int) -> dict:
    return {
        "id": file_id,
        "object": "file",
        "bytes": size,
        "created_at": 0,
        "filename": "briefing-batch.jsonl",
        "purpose": "batch",
        "status": "processed",
    }
