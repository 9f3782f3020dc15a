"""Concurrent writers never lose each other's work: one wins, the others get 412."""

from __future__ import annotations

from httpx import Response

from tests.fixtures.race import race, track


async def test_parallel_publishers_with_the_same_etag_exactly_one_wins(migrated_url: str) -> None:
    async with track(migrated_url) as ground:
        client = ground.client
        url = "/api/v1/instruments/law/articles/art_1"
        etag = (await client.get(url)).headers["etag"]

        async def publish(i: int) -> Response:
            return await client.post(
                f"{url}/versions",
                json={
                    "language": "en",
                    "heading": "Purpose",
                    "provisions": [{"id": "art_1__para_1", "number": "1", "text": f"Writer {i}."}],
                },
                headers={"If-Match": etag},
            )

        statuses = [r.status_code for r in await race(12, publish)]
        assert sorted(statuses) == [201] + [412] * 11
        versions = (await client.get(f"{url}/versions")).json()
        assert [v["seq"] for v in versions["items"]] == [2, 1]
        winner = (await client.get(url)).json()["provisions"][0]["text"]
        assert winner.startswith("Writer ")
