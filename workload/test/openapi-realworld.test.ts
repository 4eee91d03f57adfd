/**
 * Patterns found in real-world OpenAPI documents, each reproduced with a small
 * synthetic document: interim and no-content statuses, media ranges, XML,
 * discriminators, patterns, object query parameters, form and multipart
 * bodies, HEAD, YAML anchors and the compiled-document cache.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadOpenApi } from "../src/openapi/document";
import { compileOpenApiCached } from "../src/openapi/operations";
import { sampleFromPattern } from "../src/openapi/regex-sample";
import { generateFromSchema } from "../src/openapi/schema-generator";
import { compileSchema, schemaContext, type SchemaIssue } from "../src/openapi/schema-validator";
import { toXml } from "../src/openapi/xml";
import { createRng } from "../src/util/rng";
import { addStubs, importOpenApi, json, rawRequest, startTestServer, type TestServer } from "./helpers";

function issues(root: unknown, schema: unknown, value: unknown, version: "3.0" | "3.1" = "3.1", mode: "request" | "response" = "request"): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  compileSchema(schema, schemaContext(root, version, mode))(value, "", out);
  return out;
}

const STATUSES = `
openapi: 3.0.3
info: { title: statuses, version: "1" }
paths:
  /things/{id}:
    get:
      parameters: [{ name: id, in: path, required: true, schema: { type: integer } }]
      responses:
        "100": { description: continue }
        "200":
          description: ok
          content:
            application/json:
              schema: { type: object, required: [id], properties: { id: { type: integer } } }
        "304":
          description: not modified
          content:
            application/json:
              schema: { type: object, properties: { id: { type: integer } } }
    delete:
      parameters: [{ name: id, in: path, required: true, schema: { type: integer } }]
      responses:
        "204":
          description: gone
          content:
            application/json:
              schema: { type: object, properties: { a: { type: string } } }
  /upgrade:
    get:
      responses:
        "101": { description: switching protocols }
  /any:
    get:
      responses:
        "200":
          description: a string for any media type
          content:
            "*/*":
              schema: { type: string, example: plain words }
        "400":
          description: an object for any media type
          content:
            "*/*":
              schema: { type: object, properties: { error: { type: string, example: bad } } }
        "406":
          description: a text range
          content:
            "text/*":
              schema: { type: string, example: nope }
  /xml:
    get:
      responses:
        "200":
          description: xml only
          content:
            application/xml:
              schema: { $ref: "#/components/schemas/Order" }
components:
  schemas:
    Order:
      type: object
      xml: { name: order }
      properties:
        id: { type: integer, example: 7, xml: { attribute: true } }
        note: { type: string, example: "fish & <chips>" }
        lines:
          type: array
          xml: { wrapped: true }
          items: { type: string, example: a, xml: { name: line } }
`;

const PETS = `
openapi: 3.1.0
info: { title: pets, version: "1" }
paths:
  /pets:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { type: array, minItems: 2, items: { $ref: "#/components/schemas/Pet" } }
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: "#/components/schemas/Pet" }
      responses:
        "201": { description: created }
  /animals/{id}:
    get:
      parameters: [{ name: id, in: path, required: true, schema: { type: string, pattern: "^[\\\\da-z]{26}$" } }]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Bird" }
components:
  schemas:
    Pet:
      oneOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" }]
      discriminator: { propertyName: petType, mapping: { dog: "#/components/schemas/Dog" } }
    Cat:
      type: object
      required: [petType, name]
      properties:
        petType: { type: string }
        name: { type: string }
        lives: { type: [integer, "null"], minimum: 1, maximum: 9 }
    Dog:
      type: object
      required: [petType, name]
      properties:
        petType: { type: string }
        name: { type: string }
        bark: { type: string }
    Animal:
      type: object
      required: [kind]
      discriminator: { propertyName: kind, mapping: { bird: "#/components/schemas/Bird" } }
      properties:
        kind: { type: string }
        tag: { type: string, pattern: "^[A-Z]{3}-[0-9]{4}$" }
    Bird:
      allOf:
        - $ref: "#/components/schemas/Animal"
        - type: object
          properties: { wings: { type: integer, minimum: 2, maximum: 2 } }
`;

const INPUTS = `
openapi: 3.0.3
info: { title: inputs, version: "1" }
paths:
  /search:
    get:
      parameters:
        - name: filter
          in: query
          style: deepObject
          required: true
          schema:
            type: object
            required: [status]
            properties:
              status: { type: string, enum: [open, closed] }
              limit: { type: integer, maximum: 50 }
        - name: X-Ids
          in: header
          schema: { type: array, items: { type: integer } }
      responses:
        "200": { description: ok }
  /report:
    get:
      parameters:
        - name: page
          in: query
          schema: { type: integer }
        - name: options
          in: query
          schema:
            type: object
            additionalProperties: false
            properties:
              color: { type: string, enum: [red, blue] }
              size: { type: integer }
      responses:
        "200": { description: ok }
  /forms:
    post:
      requestBody: { $ref: "#/components/requestBodies/Redirect" }
      responses:
        "302": { description: redirect }
  /uploads:
    post:
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file, folderId]
              properties:
                file: { type: string, format: binary }
                folderId: { type: integer }
      responses:
        "201": { description: stored }
components:
  requestBodies:
    Redirect:
      required: true
      content:
        application/x-www-form-urlencoded:
          schema:
            type: object
            required: [url]
            properties:
              url: { type: string, format: uri }
              status_code: { type: integer, minimum: 300, maximum: 399 }
`;

function send(s: TestServer, method: string, path: string, headers: Record<string, string> = {}, body?: string): ReturnType<typeof rawRequest> {
  return rawRequest(s.mockUrl, { method, path, headers, body });
}

describe("real-world OpenAPI patterns (served)", () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
    for (const [ws, doc] of [
      ["st", STATUSES],
      ["pets", PETS],
      ["in", INPUTS],
    ]) {
      await s.workspace(ws, { seed: 5 });
      const res = await importOpenApi(s, ws, doc);
      assert.equal(res.status, 201, await res.clone().text());
    }
  });
  after(() => s.close());

  it("never answers with a 1xx status; 204 and 304 carry no body, Content-Type or Content-Length", async () => {
    const interim = await send(s, "GET", "/w/st/things/1", { prefer: "code=100" });
    assert.equal(interim.status, 200);
    assert.equal(typeof JSON.parse(interim.body).id, "number");
    const upgrade = await send(s, "GET", "/w/st/upgrade");
    assert.equal(upgrade.status, 200);
    assert.equal(upgrade.body, "");
    for (const [method, prefer, status] of [
      ["DELETE", undefined, 204],
      ["GET", "code=304", 304],
    ] as const) {
      const res = await send(s, method, "/w/st/things/1", prefer ? { prefer } : {});
      assert.equal(res.status, status);
      assert.equal(res.body, "");
      assert.equal(res.headers["content-length"], undefined);
      assert.equal(res.headers["content-type"], undefined);
    }
    // The connection stays usable after them.
    assert.equal((await send(s, "GET", "/w/st/things/2")).status, 200);
  });

  it("HEAD is answered by the GET operation, without a body", async () => {
    const head = await send(s, "HEAD", "/w/st/things/3");
    assert.equal(head.status, 200);
    assert.equal(head.body, "");
    assert.equal(head.headers["content-type"], "application/json");
    assert.ok(Number(head.headers["content-length"]) > 0);
    const bad = await send(s, "HEAD", "/w/st/things/abc");
    assert.equal(bad.status, 400);
  });

  it("media ranges are sent as a concrete type that matches the body", async () => {
    const text = await send(s, "GET", "/w/st/any");
    assert.equal(text.headers["content-type"], "text/plain");
    assert.equal(text.body, "plain words");
    const obj = await send(s, "GET", "/w/st/any", { prefer: "code=400" });
    assert.equal(obj.headers["content-type"], "application/json");
    assert.deepEqual(JSON.parse(obj.body), { error: "bad" });
    const range = await send(s, "GET", "/w/st/any", { prefer: "code=406" });
    assert.equal(range.headers["content-type"], "text/plain");
    assert.equal(range.body, "nope");
  });

  it("XML responses are XML, following the schema's xml names, attributes and wrapping", async () => {
    const res = await send(s, "GET", "/w/st/xml");
    assert.equal(res.headers["content-type"], "application/xml");
    assert.equal(res.body, '<?xml version="1.0" encoding="UTF-8"?>\n<order id="7"><note>fish &amp; &lt;chips&gt;</note><lines><line>a</line><line>a</line></lines></order>');
  });

  it("a discriminator selects the alternative: open alternatives are not ambiguous, the selected one is enforced", async () => {
    const post = (body: unknown): ReturnType<typeof rawRequest> => send(s, "POST", "/w/pets/pets", { "content-type": "application/json" }, JSON.stringify(body));
    assert.equal((await post({ petType: "Cat", name: "Tom" })).status, 201);
    assert.equal((await post({ petType: "dog", name: "Rex", bark: "woof" })).status, 201);
    const lives = await post({ petType: "Cat", name: "Tom", lives: 12 });
    assert.equal(lives.status, 422);
    assert.deepEqual(JSON.parse(lives.body).errors.map((e: any) => `${e.field}: ${e.message}`), ["lives: must be <= 9"]);
    const unknown = JSON.parse((await post({ petType: "Cow", name: "Daisy" })).body);
    assert.equal(unknown.status, 422);
    assert.equal(unknown.errors[0].field, "petType");
    assert.match(unknown.errors[0].message, /must be one of "dog", "Cat"/);
  });

  it("generated bodies name their alternative in the discriminator and satisfy patterns", async () => {
    const pets = JSON.parse((await send(s, "GET", "/w/pets/pets")).body);
    assert.ok(pets.length >= 2);
    for (const p of pets) assert.ok(p.petType === "Cat" || p.petType === "dog", JSON.stringify(p));
    const bird = JSON.parse((await send(s, "GET", "/w/pets/animals/abcdefghij0123456789abcdef")).body);
    assert.equal(bird.kind, "bird");
    assert.match(bird.tag, /^[A-Z]{3}-[0-9]{4}$/);
    const badId = JSON.parse((await send(s, "GET", "/w/pets/animals/short")).body);
    assert.equal(badId.errors[0].field, "id");
  });

  it("object query parameters: deepObject and exploded form objects; header arrays with spaces", async () => {
    assert.equal((await send(s, "GET", "/w/in/search?filter[status]=open&filter[limit]=10", { "x-ids": "1, 2, 3" })).status, 200);
    const bad = JSON.parse((await send(s, "GET", "/w/in/search?filter[status]=lost&filter[limit]=99")).body);
    assert.deepEqual(
      bad.errors.map((e: any) => `${e.in} ${e.field}: ${e.message}`),
      ['query filter.status: must be one of "open", "closed"', "query filter.limit: must be <= 50"],
    );
    const missing = JSON.parse((await send(s, "GET", "/w/in/search")).body);
    assert.deepEqual(missing.errors, [{ in: "query", field: "filter", message: "is required" }]);
    const header = JSON.parse((await send(s, "GET", "/w/in/search?filter[status]=open", { "x-ids": "1, x" })).body);
    assert.deepEqual(header.errors, [{ in: "header", field: "X-Ids[1]", message: "must be an integer, got string" }]);
    assert.equal((await send(s, "GET", "/w/in/report?page=2&color=red&size=3")).status, 200);
    const form = JSON.parse((await send(s, "GET", "/w/in/report?page=2&color=green&shape=round")).body);
    assert.deepEqual(
      form.errors.map((e: any) => `${e.field}: ${e.message}`).sort(),
      ['options.color: must be one of "red", "blue"', "options.shape: is not an allowed property"],
    );
  });

  it("form-urlencoded and multipart bodies are validated against their schemas", async () => {
    const form = (body: string): ReturnType<typeof rawRequest> => send(s, "POST", "/w/in/forms", { "content-type": "application/x-www-form-urlencoded" }, body);
    assert.equal((await form("url=https%3A%2F%2Fexample.com&status_code=301")).status, 302);
    const missing = JSON.parse((await form("status_code=301")).body);
    assert.equal(missing.status, 422);
    assert.deepEqual(missing.errors.map((e: any) => `${e.field}: ${e.message}`), ["url: is required"]);
    const typed = JSON.parse((await form("url=https%3A%2F%2Fexample.com&status_code=abc")).body);
    assert.deepEqual(typed.errors.map((e: any) => `${e.field}: ${e.message}`), ["status_code: must be an integer, got string"]);
    const b = "xBOUNDARYx";
    const part = (name: string, value: string, file = false): string =>
      `--${b}\r\nContent-Disposition: form-data; name="${name}"${file ? '; filename="a.bin"' : ""}\r\n${file ? "Content-Type: application/octet-stream\r\n" : ""}\r\n${value}\r\n`;
    const multipart = (body: string): ReturnType<typeof rawRequest> => send(s, "POST", "/w/in/uploads", { "content-type": `multipart/form-data; boundary=${b}` }, body);
    assert.equal((await multipart(part("file", "\x00\x01binary", true) + part("folderId", "42") + `--${b}--\r\n`)).status, 201);
    const noFolder = JSON.parse((await multipart(part("file", "data", true) + part("folderId", "x") + `--${b}--\r\n`)).body);
    assert.deepEqual(noFolder.errors.map((e: any) => `${e.field}: ${e.message}`), ["folderId: must be an integer, got string"]);
    const broken = await send(s, "POST", "/w/in/uploads", { "content-type": "multipart/form-data" }, "junk");
    assert.equal(broken.status, 400);
  });

  it("a YAML anchor reused by hundreds of operations is accepted (only expansion bombs are refused)", async () => {
    const ops = Array.from({ length: 250 }, (_, i) => `  /r${i}:\n    get:\n      responses:\n        "200": { description: ok }\n        "401": *unauthorized`).join("\n");
    const doc = `openapi: 3.0.3\ninfo: { title: anchors, version: "1" }\nx-shared:\n  unauthorized: &unauthorized\n    description: no\n    content:\n      application/json:\n        schema: { type: object, properties: { message: { type: string, example: denied } } }\npaths:\n${ops}\n`;
    await s.workspace("anchors");
    const res = await importOpenApi(s, "anchors", doc);
    assert.equal(res.status, 201, await res.clone().text());
    assert.equal((await json(res)).operations.length, 250);
    const r = await send(s, "GET", "/w/anchors/r249", { prefer: "code=401" });
    assert.equal(r.status, 401);
    assert.deepEqual(JSON.parse(r.body), { message: "denied" });
  });

  it("a workspace change reuses the compiled document (same seed, same bytes)", async () => {
    const before = (await send(s, "GET", "/w/pets/pets")).body;
    await addStubs(s, "pets", [{ request: { method: "GET", path: "/hello" }, response: { status: 200, body: "hi" } }]);
    assert.equal((await send(s, "GET", "/w/pets/hello")).body, "hi");
    assert.equal((await send(s, "GET", "/w/pets/pets")).body, before);
  });
});

describe("real-world OpenAPI patterns (units)", () => {
  it("samples strings for the regular expressions documents use", () => {
    const rng = createRng(3);
    for (const pattern of [
      "^[\\da-z]{26}$",
      "^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$",
      "^(cus|acct)_[a-zA-Z0-9]{14}$",
      "\\d+",
      "^\\+?[1-9]\\d{1,14}$",
      "^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$",
      "^(?:[01]\\d|2[0-3]):[0-5]\\d$",
      "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
      "^v\\d+(\\.\\d+){0,2}$",
      "^(?<year>\\d{4})-W\\d\\d$",
    ]) {
      const s = sampleFromPattern(pattern, rng);
      assert.ok(s !== undefined && new RegExp(pattern, "u").test(s), `${pattern} → ${s}`);
    }
    const bounded = sampleFromPattern("^[a-z]+$", rng, 5, 6);
    assert.ok(bounded !== undefined && bounded.length >= 5 && bounded.length <= 6);
    assert.equal(sampleFromPattern("^(?=.*\\d)\\w+$", rng), undefined); // lookahead: not sampled
    assert.equal(sampleFromPattern("(a)\\1", rng), undefined); // back-reference
  });

  it("generated strings honour patterns; unsafe or unsupported patterns fall back without failing", () => {
    const schema = { type: "object", properties: { id: { type: "string", pattern: "^[\\da-z]{26}$" }, code: { type: "string", format: "uuid", pattern: "^[0-9a-f-]{36}$" }, risky: { type: "string", pattern: "^(a+)+$" } } };
    for (let seed = 0; seed < 10; seed++) {
      const v = generateFromSchema(schema, { root: {}, rng: createRng(seed), mode: "response" }) as Record<string, string>;
      assert.match(v.id, /^[\da-z]{26}$/);
      assert.match(v.code, /^[0-9a-f-]{36}$/);
      assert.equal(typeof v.risky, "string");
    }
  });

  it("discriminator values pinned by const are recognised; a missing value falls back to oneOf", () => {
    const root = {
      components: {
        schemas: {
          Card: { type: "object", required: ["type", "last4"], properties: { type: { const: "card" }, last4: { type: "string" } } },
          Bank: { type: "object", required: ["type", "iban"], properties: { type: { const: "bank" }, iban: { type: "string" } } },
        },
      },
    };
    const schema = { oneOf: [{ $ref: "#/components/schemas/Card" }, { $ref: "#/components/schemas/Bank" }], discriminator: { propertyName: "type" } };
    assert.deepEqual(issues(root, schema, { type: "card", last4: "4242" }), []);
    assert.deepEqual(issues(root, schema, { type: "bank" }).map((i) => `${i.pointer} ${i.message}`), ["/iban is required"]);
    assert.match(issues(root, schema, { last4: "1" })[0].message, /must match exactly one of the oneOf schemas/);
    assert.match(issues(root, schema, { type: "cash" })[0].message, /must be one of "Card", "card", "Bank", "bank"/);
    const generated = generateFromSchema(schema, { root, rng: createRng(1), mode: "response" }) as Record<string, unknown>;
    assert.equal(generated.type, "card");
  });

  it("XML: bare arrays get a root element, names are made valid, namespaces and prefixes are written", () => {
    const root = { components: { schemas: { Tag: { type: "string", xml: { name: "tag" } } } } };
    assert.equal(toXml(root, ["a", "b"], { type: "array", items: { $ref: "#/components/schemas/Tag" } }), '<?xml version="1.0" encoding="UTF-8"?>\n<root><tag>a</tag><tag>b</tag></root>');
    assert.equal(
      toXml({}, { "9lives": 1, "x y": null }, { type: "object", xml: { name: "cat", prefix: "p", namespace: "urn:x" } }),
      '<?xml version="1.0" encoding="UTF-8"?>\n<p:cat xmlns:p="urn:x"><_9lives>1</_9lives><x_y/></p:cat>',
    );
  });

  it("the compiled-document cache returns the same routes for the same source, identity and seed", async () => {
    const stored = { id: "d1", name: "pets", basePath: "", validateRequests: true, source: PETS };
    const a = await compileOpenApiCached(stored, 1);
    const b = await compileOpenApiCached({ ...stored, source: PETS.slice() }, 1);
    assert.equal(a.routes, b.routes);
    const c = await compileOpenApiCached(stored, 2);
    assert.notEqual(c.routes, a.routes);
    const d = await compileOpenApiCached({ ...stored, basePath: "/v2" }, 1);
    assert.equal(d.routes[0].template.startsWith("/v2/"), true);
    assert.equal(loadOpenApi(PETS).version, "3.1");
  });
});
