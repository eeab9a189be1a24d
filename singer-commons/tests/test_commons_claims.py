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


def test_prefetched_claims_agree_with_claims_made_one_by_one(tmp_path):
    claims = FirstClaims(tmp_path / "claims.sqlite")
    assert claims.claim("register", "a@example.jp", "line 2") is None
    claims.prefetch([("register", "a@example.jp"), ("register", "b@example.jp")])
    claims.prefetch([("delete", "a@example.jp")])
    assert claims.claim("register", "a@example.jp", "line 7") == "line 2"
    assert claims.claim("register", "b@example.jp", "line 8") is None
    assert claims.claim("register", "b@example.jp", "line 9") == "line 8"
    assert claims.claim("delete", "a@example.jp", "line 10") is None
    claims.flush()
    # After the flush the claims are on disk: the one-by-one path sees them.
    assert claims.claim("register", "b@example.jp", "line 11") == "line 8"
    assert claims.claim("delete", "a@example.jp", "line 12") == "line 10"
    claims.prefetch([("register", "b@example.jp"), ("register", "c@example.jp")])
    assert claims.claim("register", "b@example.jp", "line 13") == "line 8"
    assert claims.claim("register", "c@example.jp", "line 14") is None
    claims.close()


def test_a_prefetch_larger_than_one_lookup_finds_every_earlier_claim(tmp_path):
    claims = FirstClaims(tmp_path / "claims.sqlite")
    keys = [("emails", f"user{i}@example.jp") for i in range(1200)]
    claims.prefetch(keys)
    for number, (namespace, key) in enumerate(keys):
        if number % 2 == 0:
            assert claims.claim(namespace, key, f"h{number}") is None
    claims.flush()
    claims.prefetch(keys)
    for number, (namespace, key) in enumerate(keys):
        expected = f"h{number}" if number % 2 == 0 else None
        assert claims.claim(namespace, key, f"other{number}") == expected
    claims.close()


def test_claim_all_claims_every_new_key_or_none(tmp_path):
    claims = FirstClaims(tmp_path / "claims.sqlite")
    assert claims.claim("ns", "taken", "line 1") is None

    assert claims.claim_all("ns", ["a", "b"], ["line 2", "line 3"])
    assert not claims.claim_all("ns", ["c", "taken"], ["line 4", "line 5"])
    assert not claims.claim_all("ns", ["d", "d"], ["line 6", "line 7"])
    assert claims.claim_all("other", ["taken"], ["line 8"])

    assert claims.claim("ns", "b", "line 9") == "line 3"
    assert claims.claim("ns", "c", "line 10") is None  # the refused batch left no claim
    assert claims.claim("ns", "d", "line 11") is None
    assert claims.claim("other", "taken", "line 12") == "line 8"
    assert not claims.claim_all("ns", ["e", "b"], ["line 13", "line 3"])  # b's very claim
    assert claims.claim("ns", "b", "line 14") == "line 3"
    assert claims.claim("ns", "e", "line 15") is None
    claims.close()
