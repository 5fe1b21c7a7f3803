// Checks that observation-v1.schema.json agrees with the examples the silo's tests post.
//
//   cd docs/schema && npm ci && node check-examples.mjs
//
// Every valid example must pass the schema. Every invalid example must fail it at exactly the JSON paths its
// .expected.json lists (the silo's 400 errors), except for errors JSON Schema cannot express (cross-field rules,
// integer literals), which are listed below as known. An example whose every error is of that kind passes the
// schema, and the silo still refuses it.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const here = dirname(fileURLToPath(import.meta.url));
const examples = join(here, "examples");
const invalidExamples = join(examples, "invalid");

// The silo's errors the schema cannot report, per invalid example: JSON path → why.
const KNOWN_CROSS_FIELD = {
  "out-of-range.json": {
    "$.metrics.memory.availableBytes": "availableBytes <= totalBytes compares two fields",
    "$.metrics.filesystems[0].usedBytes": "usedBytes <= sizeBytes compares two fields",
  },
  "repeated-items.json": {
    "$.metrics.filesystems[1]": "no two filesystems with the same mount compares items",
    "$.processes[1]": "no two processes with the same pid and startTime compares items",
    "$.links[0].to": "to must not be the batch's own dc/host compares fields",
  },
  "wrong-types.json": {
    "$.metrics.memory.totalBytes": "1.5e9 is an integer to JSON Schema; the silo wants an integer literal",
  },
};

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));
const jsonFiles = (folder) => readdirSync(folder).filter((f) => f.endsWith(".json")).sort();

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
ajv.addSchema(readJson(join(here, "observation-v1.schema.json")));
const validateBatch = ajv.getSchema("https://turtle-actors.dev/schema/observation-v1.schema.json");
const validateRequest = ajv.compile(readJson(join(here, "observation-v1-request.schema.json")));

/** The silo's path of an ajv error: /metrics/filesystems/1 → $.metrics.filesystems[1]; named children for
 *  required, additionalProperties and propertyNames, whose ajv errors sit on the parent object. */
function siloPath(error) {
  let path = "$";
  for (const raw of error.instancePath.split("/").slice(1)) {
    const segment = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    path += /^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`;
  }

  const child = error.params?.missingProperty ?? error.params?.additionalProperty ?? error.params?.propertyName ?? error.propertyName;
  return child === undefined ? path : `${path}.${child}`;
}

/** Paths the schema reports for a body: objects against the batch schema (no oneOf noise), anything else against the request schema. */
function schemaPaths(body) {
  const validate = body !== null && typeof body === "object" && !Array.isArray(body) ? validateBatch : validateRequest;
  return validate(body) ? new Set() : new Set(validate.errors.map(siloPath));
}

const failures = [];
const fail = (message) => failures.push(message);

const valid = jsonFiles(examples);
for (const file of valid) {
  const body = readJson(join(examples, file));
  if (!validateBatch(body)) fail(`${file}: valid example fails the batch schema: ${ajv.errorsText(validateBatch.errors)}`);
  if (!validateRequest(body)) fail(`${file}: valid example fails the request schema: ${ajv.errorsText(validateRequest.errors)}`);
}

const all = valid.map((f) => readJson(join(examples, f)));
if (!validateRequest(all)) fail(`an array of the valid examples fails the request schema: ${ajv.errorsText(validateRequest.errors)}`);

const invalid = jsonFiles(invalidExamples).filter((f) => !f.endsWith(".expected.json"));
const passing = [];
let knownCount = 0;
for (const file of invalid) {
  const body = readJson(join(invalidExamples, file));
  const expected = new Set(Object.keys(readJson(join(invalidExamples, file.replace(/\.json$/, ".expected.json"))).errors));
  const reported = schemaPaths(body);
  const known = KNOWN_CROSS_FIELD[file] ?? {};
  knownCount += Object.keys(known).length;

  for (const path of Object.keys(known)) {
    if (!expected.has(path)) fail(`${file}: ${path} is listed as known but the silo does not report it`);
    if (reported.has(path)) fail(`${file}: ${path} is listed as known but the schema reports it; remove it from KNOWN_CROSS_FIELD`);
  }

  for (const path of expected) {
    if (!reported.has(path) && !(path in known)) fail(`${file}: the silo reports ${path} but the schema does not`);
  }

  for (const path of reported) {
    if (!expected.has(path)) fail(`${file}: the schema reports ${path} but the silo does not`);
  }

  const requestValid = validateRequest(body);
  if (requestValid) passing.push(file);
  if (requestValid && Object.keys(known).length !== expected.size) fail(`${file}: passes the request schema, but not every error the silo reports is known`);
}

for (const file of Object.keys(KNOWN_CROSS_FIELD)) {
  if (!invalid.includes(file)) fail(`${file}: listed in KNOWN_CROSS_FIELD but there is no such example`);
}

console.log("Known errors the schema cannot express (the silo refuses them):");
for (const [file, paths] of Object.entries(KNOWN_CROSS_FIELD)) {
  for (const [path, why] of Object.entries(paths)) console.log(`  ${file} ${path}: ${why}`);
}

console.log(`Invalid examples that pass the schema (cross-field errors only): ${passing.length ? passing.join(", ") : "none"}`);
for (const message of failures) console.error(`FAIL ${message}`);
console.log(
  `${failures.length ? "FAILED" : "OK"}: ${valid.length} valid examples pass; ` +
    `${invalid.length - passing.length} of ${invalid.length} invalid examples fail the schema at the silo's paths; ` +
    `${passing.length} pass it with cross-field errors only; ${knownCount} known errors not expressible; ${failures.length} problems.`,
);
process.exit(failures.length ? 1 : 0);
