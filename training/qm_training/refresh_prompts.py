"""Re-encodes a bundle's zero-shot prompt pairs (prompts.json) from the default set.

When ``qm_training.captions.DEFAULT_PROMPTS`` changes (a pair added), this writes the
bundle's prompts.json again with the bundle's own text encoder and tokenizer and updates
its checksum; the pairs already there get the same vectors. Users who only want an extra
attribute at run time need none of this: ``./quality-monitor score --prompt
NAME=POS|NEG``.

    cd training
    /usr/bin/python3 -m qm_training.refresh_prompts --bundle ../models/default
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


from qm_training.vl_export import refresh_prompts


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bundle", required=True, type=Path)
    args = p.parse_args(argv)
    try:
        prompts = refresh_prompts(args.bundle)
    except (ValueError, OSError) as e:
        print(f"refresh_prompts: {e}", file=sys.stderr)
        return 2
    names = ", ".join(["quality", *prompts["attributes"]])
    print(f"wrote {args.bundle}/prompts.json: {names}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
