"""A Greenhouse-shaped board on a local server whose jobs a test can change, counting hits."""

from __future__ import annotations

import copy
import json
import threading
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.support.boards import payload


class Board:
    """`/v1/boards/<name>/jobs` answering the real Airbnb job, plus any `extra` jobs."""

    def __init__(self, server: HTTPServer, name: str = "airbnb") -> None:
        self.server = server
        self.name = name
        self.template = json.loads(payload("greenhouse-airbnb-jobs-content-first1of163.json"))
        self.jobs: list[dict[str, Any]] = copy.deepcopy(self.template["jobs"])
        self.hits = 0
        self.status = 200
        self.headers: dict[str, str] = {}
        self._lock = threading.Lock()
        server.expect_request(self.path).respond_with_handler(self._answer)

    @property
    def path(self) -> str:
        return f"/v1/boards/{self.name}/jobs"

    @property
    def url(self) -> str:
        return self.server.url_for(self.path) + "?content=true"

    def add(self, job_id: int, title: str, **fields: Any) -> None:
        job = dict(copy.deepcopy(self.template["jobs"][0]), id=job_id, title=title, **fields)
        self.jobs.append(job)

    def _answer(self, _request: Request) -> Response:
        with self._lock:
            self.hits += 1
        if self.status != 200:
            return Response("trouble", status=self.status, headers=self.headers)
        body = json.dumps({"jobs": self.jobs, "meta": {"total": len(self.jobs)}})
        return Response(body, content_type="application/json", headers=self.headers)
