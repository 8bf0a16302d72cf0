#!/usr/bin/env python3
"""Renders the OpenAPI document (src/api/openapi.json) as docs/API-reference.md.

    scripts/openapi_to_markdown.py src/api/openapi.json --output docs/API-reference.md
    scripts/openapi_to_markdown.py src/api/openapi.json --check docs/API-reference.md

--check exits 1 when the file differs from what the document renders to (CTest
api.reference_fresh), so the page cannot fall behind the document. Standard library only; the
output depends on the document alone (no dates), so the same document always renders the same.
"""
import argparse
import json
import sys

METHODS = ["get", "put", "post", "patch", "delete", "options", "head", "trace"]


def ref_name(ref):
    return ref.rsplit("/", 1)[-1]


def resolve(doc, node):
    while isinstance(node, dict) and "$ref" in node:
        at = doc
        for part in node["$ref"][2:].split("/"):
            at = at[part.replace("~1", "/").replace("~0", "~")]
        node = at
    return node


def cell(text):
    """Text fit for one table cell: no line breaks, no unescaped pipes."""
    return " ".join(str(text).split()).replace("|", "\\|")


def anchor(name):
    return "schema-" + name.lower()


def type_of(schema):
    """A short type for a table: `string`, `integer or null`, [Article](#schema-article)[]."""
    if not schema:
        return "any"
    if "$ref" in schema:
        name = ref_name(schema["$ref"])
        return f"[{name}](#{anchor(name)})"
    for combiner in ("oneOf", "anyOf"):
        if combiner in schema:
            return " or ".join(type_of(s) for s in schema[combiner])
    if "allOf" in schema:
        return " and ".join(type_of(s) for s in schema["allOf"])
    kind = schema.get("type", "object")
    kinds = kind if isinstance(kind, list) else [kind]
    out = []
    for k in kinds:
        if k == "array":
            out.append(type_of(schema.get("items", {})) + "[]")
        else:
            out.append(k + (f" ({schema['format']})" if k == "string" and "format" in schema else ""))
    text = " or ".join(out)
    if "enum" in schema:
        text += ": " + ", ".join(f"`{v}`" for v in schema["enum"])
    return text


def limits(schema):
    parts = []
    for key, label in (("minimum", "min"), ("maximum", "max"), ("minLength", "min length"),
                       ("maxLength", "max length"), ("default", "default")):
        if key in schema:
            parts.append(f"{label} {json.dumps(schema[key])}")
    return "; ".join(parts)


def security_text(doc, op):
    requirements = op.get("security", doc.get("security", []))
    options = []
    for requirement in requirements:
        if not requirement:
            options.append("none (anonymous)")
            continue
        for scheme, scopes in requirement.items():
            options.append(f"`{scheme}`" + (" with scope " + ", ".join(f"`{s}`" for s in scopes)
                                            if scopes else ""))
    return " or ".join(options) if options else "none"


def render_operation(doc, path, method, op, out):
    out.append(f"### {method.upper()} `{path}`")
    out.append("")
    if op.get("summary"):
        out.append(f"**{op['summary']}.**" if not op["summary"].endswith(".") else f"**{op['summary']}**")
        out.append("")
    if op.get("description"):
        out.append(op["description"])
        out.append("")
    out.append(f"Authentication: {security_text(doc, op)}.")
    out.append("")
    params = [resolve(doc, p) for p in op.get("parameters", [])]
    if params:
        out.append("| Parameter | In | Type | Required | Description |")
        out.append("| --- | --- | --- | --- | --- |")
        for p in params:
            schema = p.get("schema", {})
            desc = " ".join(x for x in (p.get("description", ""), limits(schema)) if x)
            out.append(f"| `{p['name']}` | {p['in']} | {cell(type_of(schema))} | "
                       f"{'yes' if p.get('required') else 'no'} | {cell(desc)} |")
        out.append("")
    body = op.get("requestBody")
    if body:
        body = resolve(doc, body)
        kinds = ", ".join(
            f"`{media}` {type_of(content.get('schema', {}))}" if media == "application/json"
            else f"`{media}`" for media, content in body.get("content", {}).items())
        required = "required" if body.get("required") else "optional"
        out.append(f"Request body ({required}): {kinds}." +
                   (f" {body['description']}" if body.get("description") else ""))
        out.append("")
    out.append("| Status | Body | Description |")
    out.append("| --- | --- | --- |")
    for status, response in op.get("responses", {}).items():
        r = resolve(doc, response)
        bodies = ", ".join(f"`{media}` {type_of(c.get('schema', {}))}"
                           for media, c in r.get("content", {}).items()) or "none"
        desc = r.get("description", "")
        headers = ", ".join(f"`{h}`" for h in r.get("headers", {}))
        if headers:
            desc += f" Headers: {headers}."
        out.append(f"| {status} | {cell(bodies)} | {cell(desc)} |")
    out.append("")


def render_schema(doc, name, schema, out):
    out.append(f'<a id="{anchor(name)}"></a>')
    out.append(f"### {name}")
    out.append("")
    if schema.get("description"):
        out.append(schema["description"])
        out.append("")
    parts = schema.get("allOf", [schema])
    for part in parts:
        if "$ref" in part:
            out.append(f"Everything in {type_of(part)}, and:")
            out.append("")
            continue
        props = part.get("properties", {})
        if not props:
            continue
        required = set(part.get("required", []))
        out.append("| Field | Type | Always present | Description |")
        out.append("| --- | --- | --- | --- |")
        for field, prop in props.items():
            desc = " ".join(x for x in (prop.get("description", ""), limits(prop)) if x)
            out.append(f"| `{field}` | {cell(type_of(prop))} | "
                       f"{'yes' if field in required else 'no'} | {cell(desc)} |")
        if part.get("additionalProperties") is False:
            out.append("")
            out.append("No other field is accepted.")
        out.append("")


def render(doc):
    info = doc["info"]
    out = [f"# {info['title']} reference", "",
           "<!-- Generated by scripts/openapi_to_markdown.py from src/api/openapi.json: edit the "
           "document, not this page, then run this script with --output docs/API-reference.md. -->", "",
           f"OpenAPI {doc['openapi']}, API version {info['version']}. The document itself is "
           "served at `GET /api/openapi.json`.", ""]
    if info.get("description"):
        out += [info["description"], ""]
    out += ["## Authentication", ""]
    for name, scheme in doc["components"].get("securitySchemes", {}).items():
        out.append(f"- `{name}`: {scheme.get('description', scheme.get('type'))}")
    out.append("")
    tags = [t["name"] for t in doc.get("tags", [])]
    by_tag = {t: [] for t in tags}
    for path, item in doc["paths"].items():
        for method in METHODS:
            if method in item:
                op = item[method]
                by_tag.setdefault((op.get("tags") or ["Other"])[0], []).append((path, method, op))
    descriptions = {t["name"]: t.get("description", "") for t in doc.get("tags", [])}
    out += ["## Operations", ""]
    for tag, ops in by_tag.items():
        out.append(f"- {tag}: " + ", ".join(f"{m.upper()} `{p}`" for p, m, _ in ops))
    out.append("")
    for tag, ops in by_tag.items():
        out += [f"## {tag}", ""]
        if descriptions.get(tag):
            out += [descriptions[tag], ""]
        for path, method, op in ops:
            render_operation(doc, path, method, op, out)
    out += ["## Schemas", ""]
    for name, schema in doc["components"].get("schemas", {}).items():
        render_schema(doc, name, schema, out)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("document")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--output", help="write the page here (default: standard output)")
    group.add_argument("--check", help="exit 1 when this file is not what the document renders to")
    args = parser.parse_args()
    with open(args.document, encoding="utf-8") as f:
        page = render(json.load(f))
    if args.check:
        try:
            with open(args.check, encoding="utf-8") as f:
                current = f.read()
        except FileNotFoundError:
            current = None
        if current != page:
            print(f"{args.check} is stale: run scripts/openapi_to_markdown.py {args.document} "
                  f"--output {args.check}", file=sys.stderr)
            return 1
        print(f"{args.check} is up to date with {args.document}")
        return 0
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(page)
    else:
        sys.stdout.write(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
