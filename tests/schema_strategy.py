"""A small schema-driven Hypothesis strategy: documents a JSON Schema describes.

hypothesis-jsonschema does not work with current Hypothesis, and the
published schemas use only a few keywords, all handled here: ``$ref``,
``const``, ``enum``, ``type``, ``properties``, ``required``,
``patternProperties`` (``^x-``), ``propertyNames``,
``additionalProperties``, ``items``, ``pattern``, ``maxLength``,
``minimum`` and ``maximum``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

from .strategies import json_values

if TYPE_CHECKING:
    import referencing

Strategy = st.SearchStrategy[Any]


def from_schema(
    schema: dict[str, Any], registry: referencing.Registry[Any]
) -> Strategy:
    """Return a strategy of the instances *schema* describes."""
    resolver = registry.resolver()
    return _build(schema, resolver)


def _build(  # noqa: PLR0911 (one return per JSON type)
    schema: dict[str, Any], resolver: referencing._core.Resolver[Any]
) -> Strategy:
    if "$ref" in schema:
        resolved = resolver.lookup(schema["$ref"])
        return _build(resolved.contents, resolved.resolver)
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "object":
        return _object(schema, resolver)
    if kind == "array":
        return st.lists(_build(schema["items"], resolver), max_size=2)
    if kind == "string":
        return _string(schema)
    if kind == "integer":
        return st.integers(schema.get("minimum"), schema.get("maximum"))
    if kind == "number":
        low, high = schema.get("minimum"), schema.get("maximum")
        return st.floats(low, high, allow_nan=False, allow_infinity=False)
    raise NotImplementedError(schema)


def _string(schema: dict[str, Any]) -> Strategy:
    if "pattern" in schema:
        # Anchors removed: with fullmatch, "$" must not admit a final newline.
        pattern = schema["pattern"].removeprefix("^").removesuffix("$")
        strategy: Strategy = st.from_regex(pattern, fullmatch=True)
    else:
        strategy = st.text(max_size=10)
    if "maxLength" in schema:
        strategy = strategy.filter(lambda text: len(text) <= schema["maxLength"])
    return strategy


def _object(
    schema: dict[str, Any], resolver: referencing._core.Resolver[Any]
) -> Strategy:
    if "properties" not in schema:
        return st.dictionaries(
            _build(schema["propertyNames"], resolver),
            _build(schema["additionalProperties"], resolver),
            max_size=2,
        )
    required = set(schema.get("required", ()))
    fixed = {
        key: _build(value, resolver)
        for key, value in schema["properties"].items()
        if key in required
    }
    optional = {
        key: _build(value, resolver)
        for key, value in schema["properties"].items()
        if key not in required
    }
    extensions = st.dictionaries(
        st.text(max_size=5).map(lambda key: "x-" + key), json_values, max_size=1
    )
    return st.builds(
        lambda a, b, c: {**a, **b, **c},
        st.fixed_dictionaries(fixed),
        st.fixed_dictionaries({}, optional=optional),
        extensions,
    )
