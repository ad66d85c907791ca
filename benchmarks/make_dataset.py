"""Write a synthetic dataset for the scale benchmark: the real regions plus made-up ones
(300 in all) and 2,000 made-up muscles in the real format, deterministic for a given seed.

    python benchmarks/make_dataset.py OUT_DIR [--muscles 2000] [--regions 300] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def make(out: Path, muscles: int = 2000, regions: int = 300, seed: int = 1) -> Path:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "muscles").mkdir(parents=True)
    real = yaml.safe_load((REPO / "data" / "regions.yaml").read_text(encoding="utf-8"))["regions"]
    all_regions = list(real)
    for i in range(regions - len(real)):
        parent = rng.choice(real)["id"] if rng.random() < 0.5 else None
        region = {
            "id": f"area-{i:03d}",
            "label": f"area {i}",
            "synonyms": [f"zone {i}", f"spot {i}"],
            "description": f"A made-up region number {i}.",
        }
        if parent:
            region["parent"] = parent
        all_regions.append(region)
    ids = [r["id"] for r in all_regions]
    (out / "regions.yaml").write_text(
        yaml.safe_dump({"regions": all_regions}, sort_keys=False), encoding="utf-8"
    )
    shutil.copy(REPO / "data" / "groups.yaml", out / "groups.yaml")
    groups = [g["id"] for g in yaml.safe_load((out / "groups.yaml").read_text())["groups"]]
    for i in range(muscles):
        zones = rng.sample(ids, rng.randint(3, 8))
        split = rng.randint(1, len(zones) - 1)
        muscle = {
            "id": f"muscle-{i:04d}",
            "name": f"Made-up muscle {i}",
            "aliases": [f"mm{i}"],
            "group": rng.choice(groups),
            "anatomy": {
                "location": f"Somewhere in the body, muscle {i}.",
                "attachments": ["Above: a bone.", "Below: another bone."],
            },
            "function": ["Moves something.", "Holds something steady."],
            "pain_pattern": {
                "description": f"Pain from made-up muscle {i}, for benchmarks only.",
                "essential": {z: rng.randint(1, 3) for z in zones[:split]},
                "spillover": {z: rng.randint(1, 3) for z in zones[split:]},
                "frequency_basis": "estimate: random numbers, for benchmarks only",
            },
            "aggravating": ["Doing too much.", "Doing too little."],
            "trigger_points": ["In the middle of the muscle."],
            "self_care": {
                "release": ["Press on it."],
                "stretch": ["Stretch it."],
                "strengthen": ["Use it."],
            },
            "could_also_be": ["Something else."],
            "sources": ["Made up for the benchmark.", "Also made up."],
        }
        (out / "muscles" / f"muscle-{i:04d}.yaml").write_text(
            yaml.safe_dump(muscle, sort_keys=False), encoding="utf-8"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--muscles", type=int, default=2000)
    parser.add_argument("--regions", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    make(args.out, args.muscles, args.regions, args.seed)
    print(f"wrote {args.muscles} muscles and {args.regions} regions to {args.out}")


if __name__ == "__main__":
    main()
