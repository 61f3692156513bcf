"""A small registry of API operations, from which /api/v1/openapi.json is generated.

Each view is registered with the pydantic models it validates and returns, so the document
cannot drift from what the code accepts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from quiz.api.schemas import ErrorOut

ERROR_TEXT = {
    400: "Malformed request", 401: "Missing, expired or revoked token", 403: "Not allowed",
    404: "Not found (or not visible to the caller)", 409: "Conflicts with the current state",
    422: "Invalid body or values", 429: "Too many attempts",
}


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    body: type[BaseModel] | None
    response: type[BaseModel] | None
    status: int
    errors: tuple[int, ...]
    public: bool
    content_type: str = "application/json"
    # (name, JSON type, description) of query-string parameters, and the media types of a
    # response that is a file rather than JSON (e.g. the XLSX/CSV report).
    query: tuple[tuple[str, str, str], ...] = ()
    files: tuple[str, ...] = ()


@dataclass
class Registry:
    operations: list[Operation] = field(default_factory=list)

    def register(self, operation: Operation) -> None:
        self.operations.append(operation)

    def openapi(self, *, title: str, version: str, server: str) -> dict[str, Any]:
        schemas: dict[str, Any] = {}

        def ref(model: type[BaseModel], mode: str) -> dict[str, str]:
            schema = model.model_json_schema(
                ref_template="#/components/schemas/{model}", mode=mode, by_alias=True)
            schemas.update(schema.pop("$defs", {}))
            schemas[model.__name__] = schema
            return {"$ref": f"#/components/schemas/{model.__name__}"}

        paths: dict[str, Any] = {}
        for op in self.operations:
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", op.path)
            entry: dict[str, Any] = {"summary": op.summary, "responses": {}}
            parameters = [
                {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}
                for name in re.findall(r"{(\w+)}", path)]
            parameters += [{"name": name, "in": "query", "required": False,
                            "description": text, "schema": {"type": kind}}
                           for name, kind, text in op.query]
            if parameters:
                entry["parameters"] = parameters
            if op.body is not None:
                entry["requestBody"] = {"required": True, "content": {
                    "application/json": {"schema": ref(op.body, "validation")}}}
            ok: dict[str, Any] = {"description": "OK"}
            if op.response is not None:
                ok["content"] = {op.content_type: {"schema": ref(op.response, "serialization")}}
            if op.files:
                ok["content"] = {media: {"schema": {"type": "string", "format": "binary"}}
                                 for media in op.files}
            entry["responses"][str(op.status)] = ok
            for status in sorted({*op.errors, *(() if op.public else (401,))}):
                entry["responses"][str(status)] = {
                    "description": ERROR_TEXT.get(status, "Error"),
                    "content": {"application/json": {"schema": ref(ErrorOut, "serialization")}}}
            if not op.public:
                entry["security"] = [{"bearer": []}]
            paths.setdefault(path, {})[op.method.lower()] = entry
        return {
            "openapi": "3.1.0",
            "info": {"title": title, "version": version},
            "servers": [{"url": server}],
            "paths": paths,
            "components": {
                "schemas": schemas,
                "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            },
        }


registry = Registry()


def operation(method: str, path: str, summary: str, *, body: type[BaseModel] | None = None,
              response: type[BaseModel] | None = None, status: int = 200,
              errors: tuple[int, ...] = (), public: bool = False,
              query: tuple[tuple[str, str, str], ...] = (),
              files: tuple[str, ...] = ()) -> Callable:
    """Record a view's contract; the view itself is routed by the blueprint as usual."""
    def decorator(view: Callable) -> Callable:
        registry.register(Operation(method, path, summary, body, response, status, errors,
                                    public, query=query, files=files))
        return view

    return decorator
