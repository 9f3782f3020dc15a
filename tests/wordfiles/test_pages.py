"""The Word import on pages: the link from the contents and article pages, the form, the
preview with what lands where and what waits for a decision, skipping, confirming."""

from __future__ import annotations

from httpx import AsyncClient

from tests.fixtures.clients import FRANCE, OBSERVER, SECRETARIAT, signed_in, submit
from tests.fixtures.factories import ARTICLE_URL
from tests.fixtures.wordinputs import ole_file
from tests.fixtures.wordproposals import article, ins, paragraph, provision, run, word_file

PAGE = "/instruments/model-law/word-proposals"


async def test_a_delegate_uploads_previews_skips_and_confirms_on_pages(
    anonymous: AsyncClient,
) -> None:
    csrf = await signed_in(anonymous, FRANCE)
    contents = await anonymous.get("/instruments/model-law")
    assert f'href="{PAGE}"' in contents.text
    assert f'href="{PAGE}"' in (await anonymous.get("/instruments/model-law/articles/art_3")).text
    form = await anonymous.get(PAGE)
    assert form.status_code == 200
    assert 'enctype="multipart/form-data"' in form.text
    base = (await anonymous.get(ARTICLE_URL)).json()
    one = base["provisions"][0]
    data = word_file(
        [
            paragraph(run("Covering note ") + ins("from France")),
            *article("3", base["heading"]),
            provision(one["number"], run(one["text"]) + ins(" In writing.")),
        ]
    )
    sent = await anonymous.post(
        PAGE,
        data={"csrf_token": csrf},
        files={"file": ("ours.docx", data, "application/octet-stream")},
        headers={"Accept": "text/html"},
    )
    assert sent.status_code == 303, sent.text
    url = sent.headers["location"]
    preview = await anonymous.get(url)
    assert "ours.docx" in preview.text
    assert '<ins><span class="visually-hidden">inserted: </span> In writing.</ins>' in preview.text
    assert "It is not inside any article of the file." in preview.text
    refused = await submit(anonymous, f"{url}/confirm", csrf, {})
    assert refused.status_code == 409
    assert "Changes or comments without a place yet: 1." in refused.text
    wrong = await submit(
        anonymous, f"{url}/decisions", csrf, {"item": "c1", "target": "art_3 no_such_provision"}
    )
    assert wrong.status_code == 422
    assert 'id="word-decide-c1-target-error"' in wrong.text
    second = base["provisions"][1]
    target = f"art_3 {second['id']}"
    assert f'value="{target}"' in preview.text
    placed = await submit(anonymous, f"{url}/decisions", csrf, {"item": "c1", "target": target})
    assert placed.status_code == 303
    assert f"Article 3, paragraph {second['number']}" in (await anonymous.get(url)).text
    done = await submit(anonymous, f"{url}/confirm", csrf, {})
    assert done.status_code == 303
    page = await anonymous.get(url)
    assert "Draft amendments created" in page.text
    assert 'href="/amendments/' in page.text


async def test_a_bad_file_is_refused_beside_the_field_in_the_readers_language(
    anonymous: AsyncClient,
) -> None:
    csrf = await signed_in(anonymous, FRANCE)
    sent = await anonymous.post(
        PAGE,
        data={"csrf_token": csrf},
        files={"file": ("old.doc", ole_file("WordDocument"), "application/msword")},
        headers={"Accept": "text/html", "Accept-Language": "fr"},
    )
    assert sent.status_code == 422
    assert 'id="word-upload-file-error"' in sent.text
    assert 'lang="fr"' in sent.text


async def test_observers_get_no_form(anonymous: AsyncClient) -> None:
    await signed_in(anonymous, OBSERVER)
    assert (await anonymous.get(PAGE, headers={"Accept": "text/html"})).status_code == 403
    assert f'href="{PAGE}"' not in (await anonymous.get("/instruments/model-law")).text
    article_page = await anonymous.get("/instruments/model-law/articles/art_3")
    assert article_page.status_code == 200
    assert f'href="{PAGE}"' not in article_page.text


async def test_the_secretariat_finds_the_link_on_both_pages(anonymous: AsyncClient) -> None:
    # The links follow the import policy: the secretariat brings files in for delegations.
    await signed_in(anonymous, SECRETARIAT)
    for url in ("/instruments/model-law", "/instruments/model-law/articles/art_3"):
        assert f'href="{PAGE}"' in (await anonymous.get(url)).text, url
    assert (await anonymous.get(PAGE, headers={"Accept": "text/html"})).status_code == 200
