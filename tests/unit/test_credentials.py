from chalicelib.services import credentials as c


def test_tokens_carry_their_record_id_and_parse_back():
    record = "3f2a1c4e-0b5d-4e6f-8a9b-0c1d2e3f4a5b"
    token = c.new_token(c.SESSION_PREFIX, record)
    prefix, parsed, secret = c.parse_token(token)
    assert (prefix, parsed) == (c.SESSION_PREFIX, record)
    assert len(secret) >= 43


def test_foreign_or_truncated_tokens_are_rejected():
    for text in [
        "",
        "abc",
        "pcs_123_x",
        "xyz_" + "0" * 32 + "_" + "s" * 43,
        "pck_" + "g" * 32 + "_" + "s" * 43,
    ]:
        assert c.parse_token(text) is None


def test_api_key_hash_is_keyed_and_verifiable():
    digest = c.api_key_hash("secret-value")
    assert digest != c.api_key_hash("secret-valuf")
    assert "secret-value" not in digest
    assert c.api_key_matches(digest, "secret-value")
    assert not c.api_key_matches(digest, "other")


def test_passwords_hash_with_argon2id_and_verify():
    stored = c.hash_password("Blue-Harbor-42")
    assert stored.startswith("$argon2id$")
    assert c.verify_password(stored, "Blue-Harbor-42")
    assert not c.verify_password(stored, "blue-harbor-42")
    assert not c.verify_password("not a hash", "x")
