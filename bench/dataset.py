"""The bench dataset's parameters and the database that holds it (one database per parameter set)."""
import hashlib
import json
import os

DEFAULTS = {"records": 1_000_000, "servants": 100_000, "units": 200, "seed": 1}


def params() -> dict:
    """BENCH_RECORDS, BENCH_SERVANTS, BENCH_UNITS, BENCH_SEED override the full provincial sizes."""
    return {key: int(os.environ.get(f"BENCH_{key.upper()}", value)) for key, value in DEFAULTS.items()}


def db_name(p: dict) -> str:
    digest = hashlib.sha256(json.dumps(p, sort_keys=True).encode()).hexdigest()[:10]
    return f"portal_bench_{digest}"


def generate_args(p: dict) -> list[str]:
    return ["--records", str(p["records"]), "--servants", str(p["servants"]), "--units", str(p["units"]),
            "--seed", str(p["seed"])]
