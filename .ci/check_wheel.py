"""Check an installed wheel, not the source tree: it carries every schema.

Usage: python check_wheel.py SCHEMAS_DIR (run from outside the repository).
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
for name in learningcities.SCHEMA_NAMES:
    published = json.loads((folder / f"{name}.schema.json").read_text("utf-8"))
    if learningcities.schema(name) != published:
        sys.exit(f"the wheel's {name} schema differs from {folder}")
document = json.loads(learningcities.dumps(learningcities.sample()))
if not validator("dataset").is_valid(document):
    sys.exit("the sample is not valid under the wheel's dataset schema")
count = len(learningcities.SCHEMA_NAMES)
print(f"{count} schemas loaded from the installed wheel at {package}")
