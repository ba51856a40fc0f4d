"""The Python peer of Benchmarks/dax-arrow.py: requests posts executeDaxQueries to the simulator, pyarrow reads
the streams and writes CSV to standard output. Arguments: the simulator's info line (a JSON file), the
workspace id, the dataset id, the query. The client secret comes from the info file (the simulator's own)."""
import io
import json
import sys

import pyarrow.csv as pacsv
import pyarrow.ipc as ipc
import requests

info = json.load(open(sys.argv[1]))
workspace, dataset, query = sys.argv[2], sys.argv[3], sys.argv[4]
token = requests.post(info["authorityHost"] + "/" + info["tenantId"] + "/oauth2/v2.0/token", data={
    "grant_type": "client_credentials", "client_id": info["confidentialClient"]["clientId"],
    "client_secret": info["confidentialClient"]["clientSecret"], "scope": "https://analysis.windows.net/powerbi/api/.default"}).json()["access_token"]
answer = requests.post(info["apiRoot"] + "/v1.0/myorg/groups/%s/datasets/%s/executeDaxQueries" % (workspace, dataset),
                       json={"query": query}, headers={"Authorization": "Bearer " + token})
answer.raise_for_status()
data = answer.content
source = io.BytesIO(data)
out = sys.stdout.buffer
while source.tell() < len(data):
    table = ipc.open_stream(source).read_all()
    pacsv.write_csv(table, out)
