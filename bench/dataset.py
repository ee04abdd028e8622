"""The bench dataset's parameters and the database that holds it (one database per parameter set)."""
import hashlib
import json
import os

from integrity_portal.management.commands._scale_vocab import GENERATOR

DEFAULTS = {"records": 1_000_000, "servants": 100_000, "units": 200, "seed": 1, "decisions": None}


def params() -> dict:
    """BENCH_RECORDS, BENCH_SERVANTS, BENCH_UNITS, BENCH_SEED, BENCH_DECISIONS (default: as many as records)
    override the full provincial sizes."""
    p = {key: int(os.environ.get(f"BENCH_{key.upper()}", value or 0)) for key, value in DEFAULTS.items()}
    p["decisions"] = p["decisions"] or p["records"]
    return p


def db_name(p: dict) -> str:
    digest = hashlib.sha256(json.dumps({**p, "generator": GENERATOR}, sort_keys=True).encode()).hexdigest()[:10]
    return f"portal_bench_{digest}"


def generate_args(p: dict) -> list[str]:
    return ["--records", str(p["records"]), "--servants", str(p["servants"]), "--units", str(p["units"]),
            "--seed", str(p["seed"]), "--decisions", str(p["decisions"])]
