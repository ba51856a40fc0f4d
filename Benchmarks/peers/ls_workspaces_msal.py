"""The peer of `pbitui ls workspaces --output json`: Microsoft's MSAL for Python and requests.

Usage: python3 ls_workspaces_msal.py SIMULATOR_INFO_JSON

Signs in with client credentials, pages GET /v1.0/myorg/groups with $top=5000/$skip until a short page,
removes duplicates by id (case-insensitive) and prints the JSON array, as pbitui does.
"""
import json
import sys

import msal
import requests

POWER_BI = "https://analysis.windows.net/powerbi/api/.default"


def main() -> int:
    info = json.loads(open(sys.argv[1]).read())
    ca = info["caFile"]
    app = msal.ConfidentialClientApplication(
        info["confidentialClient"]["clientId"],
        client_credential=info["confidentialClient"]["clientSecret"],
        authority=f"{info['authorityHost']}/{info['tenantId']}", instance_discovery=False, verify=ca)
    token = app.acquire_token_for_client(scopes=[POWER_BI])["access_token"]
    session = requests.Session()
    session.headers["Authorization"] = "Bearer " + token
    items, seen, skip, top = [], set(), 0, 5000
    while True:
        response = session.get(f"{info['apiRoot']}/v1.0/myorg/groups", params={"$top": top, "$skip": skip}, verify=ca)
        response.raise_for_status()
        page = response.json()["value"]
        for item in page:
            key = item.get("id", "").lower()
            if key in seen:
                continue
            seen.add(key)
            items.append(item)
        if len(page) < top:
            break
        skip += len(page)
    print(json.dumps(items, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
