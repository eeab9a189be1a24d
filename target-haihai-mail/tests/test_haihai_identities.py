from target_haihai_mail.identities import FirstRows


def test_the_first_row_of_an_address_is_kept_per_operation_whatever_its_case(tmp_path):
    rows = FirstRows(tmp_path / "first.sqlite")
    assert rows.claim("register", "a@example.jp", "line 2") is None
    assert rows.claim("register", "A@Example.JP", "line 5") == "line 2"
    assert rows.claim("delete", "a@example.jp", "line 6") is None
    assert rows.claim("register", "b@example.jp", "line 7") is None
    rows.close()
