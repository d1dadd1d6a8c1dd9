"""Languages on Discord: a Welsh reader in an English server is answered privately in Welsh."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.discord import payloads as p
from tests.discord.conftest import App, buttons, embed_of, field_value, running


@pytest.mark.asyncio
async def test_a_welsh_reader_gets_welsh_privately_and_the_channel_stays_english(
    app: App,
) -> None:
    """bob chose Welsh: his answers and his reminder are Welsh; the poll in the channel is not."""
    _, chosen = await app.slash("me language", user=p.BOB_ID, name="cy")
    assert chosen.ephemeral
    assert chosen.content == (
        "Mae'r bot yn ysgrifennu atoch chi'n breifat yn yr iaith hon nawr: Cymraeg. Mae'r hyn "
        "mae'n ei bostio yn y grŵp yn aros yn iaith y grŵp (English)."
    )
    _, posted = await app.slash(
        "poll create", question="Picnic?", option1="Yes", option2="No", closes="in 3 days"
    )
    assert not posted.ephemeral
    assert embed_of(posted)["description"].endswith("Vote by typing `/poll vote 1 CHOICE`.")
    _, voted = await app.slash("poll vote", user=p.BOB_ID, id=1, choice="1")
    assert voted.ephemeral
    assert voted.content == (
        "Mae eich pleidlais ym mhôl 1 wedi'i chofnodi: Yes. Gallwch ei newid nes i'r pôl gau."
    )
    await app.slash(
        "poll create", question="Which room?", option1="Hall", option2="Library", closes="in 3 days"
    )
    await app.wait(timedelta(days=2, hours=1))  # a day before the close
    (nudge,) = app.fd.dms(p.BOB_ID)
    embed = embed_of(nudge)
    assert embed["title"] == "Mae pôl yn cau cyn bo hir"
    assert embed["description"].startswith("Mae pôl 2, **Which room?**, yn cau <t:")
    assert embed["footer"]["text"] == "Oddi wrth Co-production"
    assert [label for label, _ in buttons(nudge)] == ["Dangos y pôl"]
    (english,) = [m for m in app.fd.dms(p.ALICE_ID) if "Which room?" in str(m)]
    assert embed_of(english)["title"] == "A poll is closing soon"
    assert embed_of(english)["footer"]["text"] == "From Co-production"


@pytest.mark.asyncio
async def test_a_welsh_servers_living_poll_is_redrawn_in_welsh(tmp_path) -> None:
    """In a server set to Welsh, a vote redraws the poll's message in Welsh, buttons too."""
    async with running(tmp_path, groups={"language": "cy"}) as app:
        await app.slash("poll create", question="Picnic?", option1="Yes", option2="No")
        await app.slash("poll vote", user=p.BOB_ID, id=1, choice="2")
        living = await app.living("poll:1")
        embed = embed_of(living)
        assert embed["title"] == "Pôl 1: Picnic?"
        assert field_value(embed, "Nifer a bleidleisiodd").startswith("Mae 1 o ")
        assert [label for label, _ in buttons(living)] == ["Yes", "No", "Canlyniadau"]
