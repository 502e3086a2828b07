"""Check an installed wheel, not the source tree: it carries every schema.

Usage: python check_wheel.py SCHEMAS_DIR (run from outside the repository).
SCHEMAS_DIR holds one folder per format version, as ``schemas/`` does.
"""

import json
import sys
from pathlib import Path

import learningcities
from learningcities._schemas import validator

folder = Path(sys.argv[1]).resolve()
package = Path(learningcities.__file__).resolve().parent
if folder.parent / "src" in package.parents:
    sys.exit(f"learningcities was imported from the source tree: {package}")
count = 0
for version in learningcities.FORMAT_VERSIONS:
    for name in learningcities.SCHEMA_NAMES:
        path = folder / version / f"{name}.schema.json"
        published = json.loads(path.read_text("utf-8"))
        if learningcities.schema(name, version) != published:
            sys.exit(f"the wheel's {version} {name} schema differs from {path}")
        count += 1
document = json.loads(learningcities.dumps(learningcities.sample()))
if not validator("dataset").is_valid(document):
    sys.exit("the sample is not valid under the wheel's dataset schema")
print(f"{count} schemas loaded from the installed wheel at {package}")
