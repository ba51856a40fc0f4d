"""pyarrow (PyPI) writes Arrow IPC streams; pbitui's ArrowIPC reads them. Run by ArrowInteropTests in two steps:

  arrow_interop.py write DIR   writes DIR/NAME.arrows and DIR/NAME.expected.json for every case
  arrow_interop.py check DIR   compares DIR/NAME.actual.json (what the Swift reader read) with the expectation

Cases: every type Power BI's Execute DAX Queries sends (int64, double, decimal128(19,4), utf8, large utf8,
dictionary-encoded strings, bool, date64 with a time of day, timestamp, binary, null, a dense union) with nulls
everywhere, several batches, dictionary deltas, LZ4-frame and ZSTD compression and none, an empty result, and
two streams back to back. A value is written as JSON: integers and doubles as numbers, decimals as their text,
dates and timestamps as their count since the epoch, binary as hex, null as null."""
import datetime
import decimal
import io
import json
import os
import sys

import pyarrow as pa
import pyarrow.ipc as ipc


def canonical(value, arrow_type):
    if value is None:
        return None
    if pa.types.is_decimal(arrow_type):
        return format(value, "f")
    if pa.types.is_date64(arrow_type) or pa.types.is_timestamp(arrow_type):
        return None if value is None else int(value)
    if pa.types.is_binary(arrow_type):
        return value.hex()
    return value


def rows_of(table):
    columns = []
    for field, column in zip(table.schema, table.columns):
        arrow_type = field.type.value_type if pa.types.is_dictionary(field.type) else field.type
        raw = column.cast(pa.int64()).to_pylist() if (pa.types.is_date64(arrow_type) or pa.types.is_timestamp(arrow_type)) else column.to_pylist()
        columns.append([canonical(v, arrow_type) for v in raw])
    return [list(row) for row in zip(*columns)] if columns else []


def all_types(rows):
    base = datetime.datetime(2026, 3, 14, 15, 9, 26, 535000)
    ints = [None if i % 7 == 3 else i * 1_000_000_007 - 5 for i in range(rows)]
    union_types = pa.array([i % 3 for i in range(rows)], pa.int8())
    union_offsets = pa.array([i // 3 for i in range(rows)], pa.int32())
    children = [pa.array([i * 3 for i in range((rows + 2) // 3)], pa.int64()),
                pa.array([i + 0.5 for i in range((rows + 1) // 3)], pa.float64()),
                pa.array(["v%d, \"q\"\n" % i for i in range(rows // 3)], pa.utf8())]
    union = pa.UnionArray.from_dense(union_types, union_offsets, children, ["i", "d", "s"])
    return pa.table({
        "Sales[Order]": pa.array(ints, pa.int64()),
        "[Ratio]": pa.array([None if i % 5 == 1 else i / 4 for i in range(rows)], pa.float64()),
        "[Amount]": pa.array([None if i % 6 == 2 else decimal.Decimal(i * 12345 - 99999) / 10000 for i in range(rows)], pa.decimal128(19, 4)),
        "Product[Name]": pa.array([None if i % 4 == 0 else "Caf\u00e9, \"Nord\"\n%d \U0001F4C8" % i for i in range(rows)], pa.utf8()),
        "[Long]": pa.array(["x" * (i % 3) for i in range(rows)], pa.large_utf8()),
        "Sales[Region]": pa.array([None if i % 9 == 4 else ["West", "East", "North"][i % 3] for i in range(rows)], pa.utf8()).dictionary_encode(),
        "[Flag]": pa.array([None if i % 8 == 5 else i % 2 == 0 for i in range(rows)], pa.bool_()),
        "Sales[Date]": pa.array([None if i % 10 == 9 else base + datetime.timedelta(days=i, milliseconds=i) for i in range(rows)], pa.date64()),
        "[At]": pa.array([base + datetime.timedelta(seconds=i) for i in range(rows)], pa.timestamp("ms", tz="UTC")),
        "[Bytes]": pa.array([bytes([i % 256, 0, 255]) for i in range(rows)], pa.binary()),
        "[Nothing]": pa.nulls(rows),
        "[Variant]": union,
    })


def write_stream(table, sink, compression=None, max_chunksize=None, deltas=False):
    options = ipc.IpcWriteOptions(compression=compression, emit_dictionary_deltas=deltas)
    with ipc.new_stream(sink, table.schema, options=options) as writer:
        for batch in table.to_batches(max_chunksize=max_chunksize):
            writer.write_batch(batch)


def cases():
    table = all_types(25)
    yield "types", [table], dict(max_chunksize=10)
    yield "lz4", [table], dict(compression="lz4", max_chunksize=10)
    yield "zstd", [table], dict(compression="zstd", max_chunksize=10)
    yield "empty", [table.slice(0, 0)], dict()
    yield "two-streams", [table.slice(0, 5), pa.table({"[Value]": pa.array([1, 2, None], pa.int64())})], dict()


def write(folder):
    for name, tables, options in cases():
        sink = io.BytesIO()
        for table in tables:
            write_stream(table, sink, **options)
        with open(os.path.join(folder, name + ".arrows"), "wb") as handle:
            handle.write(sink.getvalue())
        expected = [{"columns": table.column_names, "rows": rows_of(table)} for table in tables]
        with open(os.path.join(folder, name + ".expected.json"), "w") as handle:
            json.dump(expected, handle)
    # Dictionary deltas: each batch brings words the dictionary did not have.
    schema = pa.schema([("Customer[City]", pa.dictionary(pa.int32(), pa.utf8()))])
    sink = io.BytesIO()
    words = [["Lyon", "Paris"], ["Paris", "Nice", None], ["Brest", "Lyon"]]
    with ipc.new_stream(sink, schema, options=ipc.IpcWriteOptions(emit_dictionary_deltas=True)) as writer:
        dictionary = []
        for batch in words:
            for word in batch:
                if word is not None and word not in dictionary:
                    dictionary.append(word)
            indices = pa.array([None if w is None else dictionary.index(w) for w in batch], pa.int32())
            writer.write_batch(pa.record_batch([pa.DictionaryArray.from_arrays(indices, pa.array(dictionary, pa.utf8()))], schema=schema))
    with open(os.path.join(folder, "deltas.arrows"), "wb") as handle:
        handle.write(sink.getvalue())
    deltas = ipc.open_stream(io.BytesIO(sink.getvalue()))
    deltas.read_all()
    has_delta = deltas.stats.num_dictionary_deltas > 0
    if not has_delta:
        sys.exit("pyarrow wrote no dictionary delta: the case would not test one")
    with open(os.path.join(folder, "deltas.expected.json"), "w") as handle:
        json.dump([{"columns": ["Customer[City]"], "rows": [[w] for batch in words for w in batch]}], handle)
    print("wrote %d cases (dictionary deltas %s)" % (len(list(cases())) + 1, "present" if has_delta else "absent"))


def same(expected, actual):
    if isinstance(expected, float) or isinstance(actual, float):
        return expected is not None and actual is not None and abs(float(expected) - float(actual)) <= 1e-12 * max(1.0, abs(float(expected)))
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(same(e, a) for e, a in zip(expected, actual))
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(same(expected[k], actual[k]) for k in expected)
    return expected == actual


def check(folder):
    failures = 0
    names = sorted(n[:-len(".expected.json")] for n in os.listdir(folder) if n.endswith(".expected.json"))
    for name in names:
        expected = json.load(open(os.path.join(folder, name + ".expected.json")))
        path = os.path.join(folder, name + ".actual.json")
        actual = json.load(open(path)) if os.path.exists(path) else None
        ok = actual is not None and same(expected, actual)
        print(("ok   " if ok else "FAIL ") + name)
        if not ok:
            failures += 1
            print("  expected: " + json.dumps(expected)[:600])
            print("  actual:   " + json.dumps(actual)[:600])
    if failures or not names:
        print("arrow interop: %d cases failed" % failures)
        sys.exit(1)
    print("arrow interop: all %d cases read exactly" % len(names))


def read(path):
    """What pyarrow reads from a stream pbitui wrote, as one JSON line per stream."""
    data = open(path, "rb").read()
    source = io.BytesIO(data)
    while source.tell() < len(data):
        reader = ipc.open_stream(source)
        table = reader.read_all()
        metadata = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items()}
        print(json.dumps({"columns": table.column_names, "metadata": metadata, "rows": rows_of(table)}))


if __name__ == "__main__":
    {"write": write, "check": check, "read": read}[sys.argv[1]](sys.argv[2])
