// CTest api.openapi_valid: src/api/openapi.json against the OpenAPI 3.1 schema, with
// @seriousme/openapi-schema-validator (pinned in tests/browser/package-lock.json, installed by
// scripts/install-deps), plus the rules the schema cannot state (OpenAPI 3.1.0 sections 4.8.8.1
// and 4.8.10: every {name} in a path is a declared path parameter and every declared path
// parameter is in the path; section 4.8.10: operationIds are unique; every $ref resolves).
// It then checks broken copies of the document, each of which must be refused, so a validator
// that accepted anything could not pass.
//
//   node validate_openapi.mjs --document src/api/openapi.json --node-modules tests/browser/node_modules
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

function arg(name) {
  const at = process.argv.indexOf(name);
  if (at < 0 || at + 1 >= process.argv.length) throw new Error(`missing ${name}`);
  return process.argv[at + 1];
}
const modules = arg("--node-modules");
const { Validator } = await import(
  pathToFileURL(join(modules, "@seriousme/openapi-schema-validator/index.js")).href
);
const text = readFileSync(arg("--document"), "utf8");

const kMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

function resolve(doc, ref) {
  if (!ref.startsWith("#/")) return undefined;
  let at = doc;
  for (const part of ref.slice(2).split("/")) {
    const key = part.replaceAll("~1", "/").replaceAll("~0", "~");
    if (at === null || typeof at !== "object" || !(key in at)) return undefined;
    at = at[key];
  }
  return at;
}

// The rules beyond the schema; one line per fault.
function ownChecks(doc) {
  const faults = [];
  const walk = (node, where) => {
    if (Array.isArray(node)) return node.forEach((v, i) => walk(v, `${where}/${i}`));
    if (node === null || typeof node !== "object") return;
    if (typeof node.$ref === "string" && resolve(doc, node.$ref) === undefined)
      faults.push(`${where}: $ref ${node.$ref} does not resolve`);
    for (const [k, v] of Object.entries(node)) walk(v, `${where}/${k}`);
  };
  walk(doc, "#");
  const ids = new Map();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const templated = new Set([...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]));
    for (const method of kMethods) {
      const op = item[method];
      if (!op) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (op.operationId) {
        if (ids.has(op.operationId))
          faults.push(`${where}: operationId ${op.operationId} also names ${ids.get(op.operationId)}`);
        ids.set(op.operationId, where);
      }
      const declared = new Set();
      for (const p of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
        const param = p.$ref ? resolve(doc, p.$ref) : p;
        if (param && param.in === "path") declared.add(param.name);
      }
      for (const name of templated)
        if (!declared.has(name)) faults.push(`${where}: {${name}} is not a declared path parameter`);
      for (const name of declared)
        if (!templated.has(name)) faults.push(`${where}: path parameter ${name} is not in the path`);
    }
  }
  return faults;
}

async function check(doc) {
  const validator = new Validator();
  const res = await validator.validate(structuredClone(doc));
  // errors is a list of schema errors, or one message (an unresolved reference, for one).
  const errors = res.valid ? [] : Array.isArray(res.errors) ? res.errors : [res.errors];
  const faults = errors.map((e) => (typeof e === "string" ? e : JSON.stringify(e)));
  return faults.concat(ownChecks(doc));
}

let failed = 0;
const document = JSON.parse(text);
const faults = await check(document);
if (faults.length) {
  failed++;
  console.log(`not ok - src/api/openapi.json is not a valid OpenAPI 3.1 document:`);
  for (const f of faults.slice(0, 40)) console.log(`    ${f}`);
} else {
  console.log(`ok - src/api/openapi.json is a valid OpenAPI ${document.openapi} document`);
}

// Broken copies: each must be refused, by the validator or by the checks above.
const broken = {
  "a parameter in the body (OpenAPI 2's, not 3.1's)": (d) => {
    d.paths["/api/content/v1/articles"].get.parameters.push({ name: "x", in: "body", schema: {} });
  },
  "a response without its description": (d) => {
    delete d.paths["/api/content/v1/tags"].get.responses["200"].description;
  },
  "no info": (d) => {
    delete d.info;
  },
  "a $ref to no schema": (d) => {
    d.paths["/api/content/v1/tags"].get.responses["200"].content["application/json"].schema = {
      $ref: "#/components/schemas/NoSuchSchema",
    };
  },
  "a path template without its parameter": (d) => {
    d.paths["/api/content/v1/tags/{slug}"].get.parameters = [];
  },
};
for (const [name, breakIt] of Object.entries(broken)) {
  const copy = structuredClone(document);
  breakIt(copy);
  const found = await check(copy);
  if (found.length) {
    console.log(`ok - a broken copy is refused: ${name}`);
  } else {
    failed++;
    console.log(`not ok - a broken copy passed: ${name}`);
  }
}
const total = 1 + Object.keys(broken).length;
console.log(`${total - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
