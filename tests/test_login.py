from portal.demo import USERS


def test_login_page_is_served(app):
    r = app.test_client().get("/login/")
    assert r.status_code == 200
    assert b'name="username"' in r.data


def test_every_demo_user_logs_in_by_screen_and_api(login):
    for username, _role in USERS:
        client = login(username)
        assert client.token, username
        home = client.get("/")
        assert home.status_code == 200
        assert username.encode() in home.data or b"Welkom" in home.data


def test_wrong_password_is_refused(app):
    c = app.test_client()
    r = c.post(
        "/api/v1/security/login",
        json={"username": "projectleider", "password": "fout", "provider": "db"},
    )
    assert r.status_code == 401
