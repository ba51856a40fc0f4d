"""Interoperability check: Microsoft's own MSAL for Python signs in against `pbitui simulator --tls`.

Usage: python3 msal_interop.py PATH_TO_PBITUI

Client credentials and the device flow (approved by posting the verification form, as a person would),
then a Power BI call with each token. Prints one line per step; exits non-zero on the first failure.
"""
import json
import os
import subprocess
import sys

import msal
import requests

POWER_BI = "https://analysis.windows.net/powerbi/api/.default"


def main() -> int:
    binary = sys.argv[1]
    # requests lets these override `verify` (reference/msal-and-peers.md §3.7).
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        os.environ.pop(name, None)
    simulator = subprocess.Popen([binary, "simulator", "--tls"], stdout=subprocess.PIPE, text=True)
    try:
        info = json.loads(simulator.stdout.readline())
        ca = info["caFile"]
        authority = f"{info['authorityHost']}/{info['tenantId']}"
        groups_url = f"{info['apiRoot']}/v1.0/myorg/groups"

        confidential = msal.ConfidentialClientApplication(
            info["confidentialClient"]["clientId"],
            client_credential=info["confidentialClient"]["clientSecret"],
            authority=authority, instance_discovery=False, verify=ca)
        result = confidential.acquire_token_for_client(scopes=[POWER_BI])
        check("client credentials", "access_token" in result, result)
        again = confidential.acquire_token_for_client(scopes=[POWER_BI])
        check("client credentials from MSAL's cache", again.get("token_source") == "cache", again)
        call_power_bi("groups with the app token", groups_url, result["access_token"], ca)

        public = msal.PublicClientApplication(
            info["publicClient"]["clientId"], authority=authority, instance_discovery=False, verify=ca)
        flow = public.initiate_device_flow(scopes=[POWER_BI])
        check("device flow started", "user_code" in flow, flow)
        user = next(u for u in info["users"] if u["mfa"])
        page = requests.post(flow["verification_uri"], verify=ca, data={
            "user_code": flow["user_code"], "username": user["username"], "password": user["password"]})
        check("verification form accepted", page.status_code == 200, page.text[:200])
        result = public.acquire_token_by_device_flow(flow)
        check("device flow token", "access_token" in result, result)
        accounts = public.get_accounts()
        check("account from client_info", any(a["username"] == user["username"] for a in accounts), accounts)
        call_power_bi("groups with the user token", groups_url, result["access_token"], ca)
        silent = public.acquire_token_silent([POWER_BI], account=accounts[0], force_refresh=True)
        check("silent refresh with the refresh token", silent and "access_token" in silent, silent)
        print("msal interop: all checks passed")
        return 0
    finally:
        simulator.terminate()
        simulator.wait(timeout=10)


def check(step: str, ok: bool, detail) -> None:
    if not ok:
        print(f"FAIL {step}: {detail}")
        sys.exit(1)
    print(f"ok   {step}")


def call_power_bi(step: str, url: str, token: str, ca: str) -> None:
    response = requests.get(url, headers={"Authorization": f"Bearer {token}"}, verify=ca)
    check(step, response.status_code == 200 and "value" in response.json(), f"HTTP {response.status_code} {response.text[:200]}")


if __name__ == "__main__":
    sys.exit(main())
