"""``python -m bench <name>``: run one benchmark and print its figures."""

from __future__ import annotations

import argparse

from bench import api, diff, live, meeting, merge, rolling, write

BENCHMARKS = {
    "api": api.main,
    "diff": diff.main,
    "live": live.main,
    "meeting": meeting.main,
    "merge": merge.main,
    "rolling": rolling.main,
    "write": write.main,
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("name", choices=sorted(BENCHMARKS))
    parser.add_argument("--seconds", type=float, default=5.0, help="measured time per target")
    parser.add_argument("--connections", type=int, default=32, help="concurrent clients")
    args = parser.parse_args()
    BENCHMARKS[args.name](seconds=args.seconds, connections=args.connections)


if __name__ == "__main__":
    main()
