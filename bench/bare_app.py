"""The anchor: a bare FastAPI endpoint reading the same row with the sqlite3 module."""

from __future__ import annotations

import json
import os
import sqlite3
import threading

from fastapi import FastAPI, Response

DATABASE = os.environ["BENCH_SQLITE_PATH"]
QUERY = """
SELECT v.id, v.seq, v.language, v.heading, v.provisions, v.created_at, a.key, a.number
FROM article_versions v
JOIN articles a ON a.id = v.article_id
JOIN instruments i ON i.id = a.instrument_id
WHERE i.slug = ? AND a.key = ? AND v.language = ?
ORDER BY v.seq DESC LIMIT 1
"""
_local = threading.local()
app = FastAPI()


def _connection() -> sqlite3.Connection:
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = sqlite3.connect(DATABASE, check_same_thread=False)
        _local.conn = conn
    return conn


@app.get("/api/v1/instruments/{slug}/articles/{key}")
def read_article(slug: str, key: str, language: str = "en") -> Response:
    row = _connection().execute(QUERY, (slug, key, language)).fetchone()
    body = {
        "id": row[0],
        "seq": row[1],
        "language": row[2],
        "heading": row[3],
        "provisions": json.loads(row[4]),
        "created_at": row[5],
        "article": row[6],
        "number": row[7],
    }
    return Response(json.dumps(body, ensure_ascii=False), media_type="application/json")


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}
