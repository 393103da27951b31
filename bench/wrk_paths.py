"""Shared by the bench/ scripts: the XYZ tile that holds a point, and the wrk Lua script that
cycles through a list of request paths (each wrk thread from the first)."""

import json
import math


def tile_of(lon, lat, z):
    """The `z/x/y` tile (XYZ scheme, Web Mercator) that holds a point."""
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    r = math.radians(lat)
    y = int((1 - math.log(math.tan(r) + 1 / math.cos(r)) / math.pi) / 2 * n)
    return f"{z}/{x}/{y}"


def lua_cycling(paths):
    """A wrk script sending GET for each path in turn, round and round."""
    return (
        "paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n"
        "i = 0\nrequest = function()\n  i = i % #paths + 1\n"
        "  return wrk.format('GET', paths[i])\nend\n"
    )
