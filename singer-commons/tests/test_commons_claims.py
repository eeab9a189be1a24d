from singer_commons.claims import FirstClaims


def test_the_first_owner_of_a_key_is_kept_per_namespace(tmp_path):
    claims = FirstClaims(tmp_path / "claims.sqlite")
    assert claims.claim("register", "a@example.jp", "line 2") is None
    assert claims.claim("register", "a@example.jp", "line 2") == "line 2"
    assert claims.claim("register", "a@example.jp", "line 5") == "line 2"
    assert claims.claim("delete", "a@example.jp", "line 6") is None
    claims.close()


def test_without_a_path_the_register_lives_and_dies_in_its_own_scratch_directory():
    claims = FirstClaims()
    assert claims.claim("emails", "x", "h1") is None
    assert claims.claim("emails", "x", "h2") == "h1"
    claims.close()
