#!/usr/bin/env python3
"""Decodes MVT files with mapbox-vector-tile (a decoder written by others) for the Rust tests.

usage: decode_mvt.py TILE...   prints one JSON list: per tile, its layers as the library decodes
them (y kept pointing down, as in the tile).
"""
import json
import sys

import mapbox_vector_tile


def main():
    out = []
    for path in sys.argv[1:]:
        with open(path, "rb") as f:
            data = f.read()
        out.append(mapbox_vector_tile.decode(data, default_options={"y_coord_down": True}))
    json.dump(out, sys.stdout, default=str)


if __name__ == "__main__":
    main()
