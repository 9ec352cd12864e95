"""API tokens in the operational store (SQLite file and a real PostgreSQL), and the `tokens` command."""

from __future__ import annotations

import hashlib

import pytest

from sync_pipeline.cli import main
from sync_pipeline.config import OpsStoreSettings, Secret
from sync_pipeline.opstore import OpStore
from sync_pipeline.service.tokens import TokenError, authenticate, create_token, list_tokens, revoke
from sync_pipeline_tests.postgres import throwaway_database


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    if request.param == "sqlite":
        yield OpStore(OpsStoreSettings(path=tmp_path / "ops.sqlite"))
        return
    for url in throwaway_database():
        opstore = OpStore(OpsStoreSettings(path=tmp_path / "unused", database_url=Secret(url)))
        yield opstore
        opstore.close()


def test_a_token_is_stored_hashed_and_authenticates_until_revoked(store):
    record, plaintext = create_token("dana", "reviewer", "lead", store)
    assert plaintext.startswith(f"spt_{record.token_id}_")
    principal = authenticate(plaintext, store)
    assert (principal.token_id, principal.name, principal.role) == (record.token_id, "dana", "reviewer")
    assert principal.may("viewer") and principal.may("reviewer") and not principal.may("operator")
    with store.transaction() as tx:
        [row] = tx.query("SELECT * FROM api_tokens")
    secret = plaintext.split("_", 2)[2]
    assert row["secret_sha256"] == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(row)                                   # only the hash is kept
    assert authenticate(plaintext[:-1] + ("A" if plaintext[-1] != "A" else "B"), store) is None
    assert authenticate(f"spt_{'0' * 12}_{secret}", store) is None   # another id with the right secret
    assert authenticate("", store) is None and authenticate("Bearer x", store) is None
    assert [t.name for t in list_tokens(store=store)] == ["dana"]
    assert revoke("dana", store).token_id == record.token_id
    assert authenticate(plaintext, store) is None
    assert list_tokens(store=store) == [] and list_tokens(True, store)[0].revoked_at is not None


def test_names_are_unique_among_active_tokens_and_bad_input_is_refused(store):
    first, _ = create_token("ci", "viewer", "lead", store)
    with pytest.raises(TokenError, match="already an active token named 'ci'"):
        create_token("ci", "operator", "lead", store)
    with pytest.raises(TokenError, match="not one of viewer, reviewer, operator"):
        create_token("x", "admin", "lead", store)
    with pytest.raises(TokenError, match="printable"):
        create_token("  ", "viewer", "lead", store)
    with pytest.raises(TokenError, match="no active token"):
        revoke("nobody", store)
    revoke(first.token_id, store)
    again, _ = create_token("ci", "operator", "lead", store)   # the name is free once revoked
    assert again.token_id != first.token_id and len(list_tokens(True, store)) == 2


def test_tokens_command_prints_the_token_once_and_never_lists_it(capsys):
    assert main(["tokens", "create", "pat", "--role", "operator"]) == 0
    out = capsys.readouterr()
    plaintext = out.out.strip()
    assert authenticate(plaintext).role == "operator" and "shown only this once" in out.err
    assert main(["tokens", "list"]) == 0
    listed = capsys.readouterr().out
    token_id = plaintext.split("_")[1]
    assert token_id in listed and "operator" in listed and plaintext.split("_", 2)[2] not in listed
    assert main(["tokens", "create", "pat", "--role", "viewer"]) == 1
    assert "already an active token" in capsys.readouterr().err
    assert main(["tokens", "revoke", token_id]) == 0
    assert f"revoked {token_id}" in capsys.readouterr().out
    assert authenticate(plaintext) is None
    assert main(["tokens", "revoke", token_id]) == 1
    assert main(["tokens", "list"]) == 0 and token_id not in capsys.readouterr().out
