"""Interop between lti-core and real peers, both directions.

1. pylti1p3 (tool) → our platform → pylti1p3: pylti1p3's OIDCLogin builds the authentication
   request, our platform side checks it and issues a signed launch, pylti1p3's MessageLaunch
   validates that launch (signature via our JWKS, nonce, state, deployment, message).
2. PyJWT (platform) → our tool side: a launch signed by PyJWT with an RSA key generated here is
   validated by lti-core; then negative cases (wrong nonce, expired, other key) are rejected.

Usage: python3 interop.py PATH_TO_INTEROP_BINARY
Prints one line per check and a closing "N passed, M failed" line; exits non-zero on failure.
"""
import json
import subprocess
import sys
import tempfile
import time
import uuid
from urllib.parse import urlsplit, parse_qsl

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from pylti1p3.cookie import CookieService
from pylti1p3.message_launch import MessageLaunch
from pylti1p3.oidc_login import OIDCLogin
from pylti1p3.redirect import Redirect
from pylti1p3.request import Request
from pylti1p3.session import SessionService
from pylti1p3.tool_config import ToolConfDict

BIN = sys.argv[1]
RESULTS = []


def check(name, ok, detail=""):
    RESULTS.append(ok)
    print(("ok   " if ok else "FAIL ") + name + ((": " + detail) if detail and not ok else ""))


def run(*args):
    p = subprocess.run([BIN, *args], capture_output=True, text=True)
    return p.returncode, p.stdout.strip(), p.stderr.strip()


# ---------------------------------------------------------------- minimal pylti1p3 adapters
class FakeRequest(Request):
    def __init__(self, params, session):
        self._params = params
        self._session = session

    @property
    def session(self):
        return self._session

    def is_secure(self):
        return True

    def get_param(self, key):
        return self._params.get(key)


class DictCookies(CookieService):
    def __init__(self, jar):
        self.jar = jar

    def get_cookie(self, name):
        return self.jar.get(name)

    def set_cookie(self, name, value, exp=3600):
        self.jar[name] = value


class UrlRedirect(Redirect):
    def __init__(self, url):
        self.url = url

    def do_redirect(self):
        return self.url

    def do_js_redirect(self):
        return self.url

    def set_redirect_url(self, location):
        self.url = location

    def get_redirect_url(self):
        return self.url


class Login(OIDCLogin):
    def get_redirect(self, url):
        return UrlRedirect(url)


class Launch(MessageLaunch):
    def _get_request_param(self, key):
        return self._request.get_param(key)


# ---------------------------------------------------------------- direction 1
def pylti1p3_validates_our_launch():
    code, jwks, err = run("jwks")
    check("rust platform publishes a JWKS", code == 0, err)
    iss, client, dep = "https://rust-platform.example", "py-tool", "dep-1"
    conf = ToolConfDict({iss: [{
        "default": True, "client_id": client,
        "auth_login_url": "https://rust-platform.example/auth",
        "auth_token_url": "https://rust-platform.example/token",
        "key_set": json.loads(jwks), "key_set_url": None,
        "deployment_ids": [dep],
    }]})
    session, jar = {}, {}
    login_params = {"iss": iss, "login_hint": "user-7", "target_link_uri": "https://py-tool.example/launch",
                    "lti_message_hint": "mh-1", "client_id": client}
    login = Login(FakeRequest(login_params, session), conf, SessionService(FakeRequest({}, session)), DictCookies(jar))
    url = login.redirect("https://py-tool.example/launch")
    query = urlsplit(url).query
    check("pylti1p3 builds an OIDC authentication request", "nonce=" in query and "state=" in query)
    code, out, err = run("issue", query, str(int(time.time())))
    check("rust platform accepts pylti1p3's authentication request and issues a launch", code == 0, err)
    if code != 0:
        return
    issued = json.loads(out)
    params = {"id_token": issued["id_token"], "state": issued["state"]}
    launch = Launch(FakeRequest(params, session), conf, SessionService(FakeRequest({}, session)), DictCookies(jar))
    try:
        data = launch.get_launch_data()
        check("pylti1p3 validates the rust-issued launch", launch.is_resource_launch() and data["sub"] == "user-7")
        check("pylti1p3 sees the resource link", data["https://purl.imsglobal.org/spec/lti/claim/resource_link"]["id"] == "rl-interop-1")
    except Exception as e:  # noqa: BLE001 - report any pylti1p3 rejection
        check("pylti1p3 validates the rust-issued launch", False, repr(e))
    # A tampered launch must be rejected by pylti1p3 too (sanity of the harness).
    h, p, s = issued["id_token"].split(".")
    bad = {"id_token": h + "." + p + "." + ("A" if s[0] != "A" else "B") + s[1:], "state": issued["state"]}
    session2, jar2 = dict(session), dict(jar)
    launch = Launch(FakeRequest(bad, session2), conf, SessionService(FakeRequest({}, session2)), DictCookies(jar2))
    try:
        launch.get_launch_data()
        check("pylti1p3 rejects a tampered rust launch", False, "accepted")
    except Exception:  # noqa: BLE001
        check("pylti1p3 rejects a tampered rust launch", True)
    # Our platform refuses an authentication request with a changed message hint.
    q = dict(parse_qsl(query))
    q["lti_message_hint"] = "tampered"
    from urllib.parse import urlencode
    code, _, err = run("issue", urlencode(q), str(int(time.time())))
    check("rust platform rejects an altered lti_message_hint", code == 1 and "lti.auth.message-hint" in err, err)


# ---------------------------------------------------------------- direction 2
def rust_validates_pyjwt_launch():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update({"kid": "py-key-1", "alg": "RS256", "use": "sig"})
    iss, client, dep, nonce = "https://py-platform.example", "rust-tool", "dep-9", uuid.uuid4().hex
    now = int(time.time())
    claims = {
        "iss": iss, "aud": [client], "azp": client, "sub": "py-user-1",
        "iat": now, "exp": now + 300, "nonce": nonce,
        "https://purl.imsglobal.org/spec/lti/claim/message_type": "LtiResourceLinkRequest",
        "https://purl.imsglobal.org/spec/lti/claim/version": "1.3.0",
        "https://purl.imsglobal.org/spec/lti/claim/deployment_id": dep,
        "https://purl.imsglobal.org/spec/lti/claim/target_link_uri": "https://rust-tool.example/launch",
        "https://purl.imsglobal.org/spec/lti/claim/resource_link": {"id": "rl-py"},
        "https://purl.imsglobal.org/spec/lti/claim/roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
    }
    token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": "py-key-1"})
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({"keys": [jwk]}, f)
        jwks_path = f.name

    def verify(tok, n=nonce, at=now):
        code, out, err = run("verify", jwks_path, iss, client, dep, n, str(at), tok)
        return code, (json.loads(out) if out else {"err": err})

    code, out = verify(token)
    check("lti-core validates a PyJWT-signed launch", code == 0 and out.get("valid") and out.get("sub") == "py-user-1", json.dumps(out))
    code, out = verify(token, n="another-nonce")
    check("lti-core rejects the PyJWT launch with another nonce", code == 1 and out.get("code") == "lti.launch.nonce-mismatch", json.dumps(out))
    code, out = verify(token, at=now + 3600)
    check("lti-core rejects the PyJWT launch when expired", code == 1 and out.get("code") == "lti.launch.expired", json.dumps(out))
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(claims, other, algorithm="RS256", headers={"kid": "py-key-1"})
    code, out = verify(forged)
    check("lti-core rejects a launch signed by another key", code == 1 and out.get("code") == "lti.jwt.signature", json.dumps(out))
    hs = jwt.encode(claims, "a-shared-secret-of-at-least-32-bytes!", algorithm="HS256", headers={"kid": "py-key-1"})
    code, out = verify(hs)
    check("lti-core rejects an HS256 launch", code == 1 and out.get("code") == "lti.jwt.alg-symmetric", json.dumps(out))
    anon = dict(claims)
    del anon["sub"]
    code, out = verify(jwt.encode(anon, key, algorithm="RS256", headers={"kid": "py-key-1"}))
    check("lti-core accepts an anonymous PyJWT launch", code == 0 and out.get("sub") is None, json.dumps(out))


pylti1p3_validates_our_launch()
rust_validates_pyjwt_launch()
passed = sum(1 for r in RESULTS if r)
failed = len(RESULTS) - passed
print(f"interop: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
