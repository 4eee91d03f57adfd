import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MatchInput } from "../src/engine/match-input";
import { compileTemplate, TemplateError } from "../src/engine/template";
import { createRng } from "../src/util/rng";

function ctx(): { request: MatchInput; rng: ReturnType<typeof createRng> } {
  const input = new MatchInput(
    "POST",
    "/users/42",
    "q=shoes&tag=a&tag=b&name=ada%20l",
    { "x-trace": "abc", "content-type": "application/json" },
    Buffer.from(JSON.stringify({ user: { name: "Grace", roles: ["admin", "dev"] } })),
    "acme",
    "req-1",
  );
  input.params = { id: "42" };
  return { request: input, rng: createRng(7) };
}

describe("templating", () => {
  it("renders request fields: params, query, headers, body fields, method, path, url, workspace, id", () => {
    const t = compileTemplate(
      "{{request.method}} {{request.path}} id={{request.params.id}} q={{request.query.q}} tag={{request.query.tag}} name={{request.query.name}} " +
        "trace={{request.headers.X-Trace}} user={{request.body.user.name}} role={{request.body.user.roles.1}} ws={{request.workspace}} rid={{request.id}} url={{request.url}}",
    );
    assert.equal(t.isStatic, false);
    assert.equal(
      t.render(ctx()),
      "POST /users/42 id=42 q=shoes tag=a name=ada l trace=abc user=Grace role=dev ws=acme rid=req-1 url=/users/42?q=shoes&tag=a&tag=b&name=ada%20l",
    );
  });

  it("renders missing values as empty strings and supports default/upper/lower/json", () => {
    const t = compileTemplate('[{{request.query.none}}] {{default request.query.none "anon"}} {{upper request.body.user.name}} {{lower "ABC"}} {{json request.body.user.roles}}');
    assert.equal(t.render(ctx()), '[] anon GRACE abc ["admin","dev"]');
  });

  it("supports nested helper calls in parentheses", () => {
    assert.equal(compileTemplate('{{default (upper request.query.none) (lower "FALLBACK")}}').render(ctx()), "fallback");
  });

  it("uuid, now with formats and offsets, date, random numbers and pick", () => {
    const c = ctx();
    assert.match(compileTemplate("{{uuid}}").render(c), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const today = new Date().toISOString().slice(0, 10);
    assert.equal(compileTemplate("{{now 'yyyy-MM-dd'}}").render(c), today);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    assert.equal(compileTemplate("{{now 'yyyy-MM-dd' offset='+1 days'}}").render(c), tomorrow);
    const epoch = Number(compileTemplate("{{now 'epoch'}}").render(c));
    assert.ok(Math.abs(epoch - Date.now()) < 5000);
    assert.equal(compileTemplate("{{date '2024-03-05T10:20:30Z' 'dd/MM/yyyy HH:mm'}}").render(c), "05/03/2024 10:20");
    for (let i = 0; i < 50; i++) {
      const n = Number(compileTemplate("{{randomInt 5 9}}").render(c));
      assert.ok(Number.isInteger(n) && n >= 5 && n <= 9, `randomInt out of range: ${n}`);
      const f = Number(compileTemplate("{{randomFloat 1 2 decimals=3}}").render(c));
      assert.ok(f >= 1 && f <= 2, `randomFloat out of range: ${f}`);
      assert.ok(["x", "y"].includes(compileTemplate("{{pick 'x' 'y'}}").render(c)));
    }
  });

  it("faker-style names and emails", () => {
    const c = ctx();
    assert.match(compileTemplate("{{faker.email}}").render(c), /^[a-z.]+\d+@example\.com$/);
    assert.match(compileTemplate("{{faker.name}}").render(c), /^[A-Z][a-z]+ [A-Za-z -]+$/);
    assert.match(compileTemplate("{{faker.firstName}}|{{faker.city}}|{{faker.phone}}").render(c), /^[A-Z][a-z]+\|[^|]+\|\+1-555-\d{3}-\d{4}$/);
  });

  it("keeps literal text static and honours \\{{ escapes", () => {
    const t = compileTemplate("plain \\{{not a template}}");
    assert.equal(t.isStatic, true);
    assert.equal(t.render(ctx()), "plain {{not a template}}");
  });

  it("rejects bad templates with a position and a hint", () => {
    const bad: Array<[string, RegExp]> = [
      ["{{request.query.q", /unclosed "\{\{" at position 0/],
      ["{{requst.query.q}}", /unknown helper or variable "requst.query.q"/],
      ["{{request.cookies.x}}", /unknown request field "cookies"/],
      ["{{uuid 1}}", /helper "uuid" at position 2: expected no arguments/],
      ["{{nohelper 1 2}}", /unknown helper "nohelper"/],
      ["{{'unterminated}}", /unterminated string/],
      ["{{}}", /empty expression/],
      ["{{default (upper request.query.x}}", /unclosed "\("/],
    ];
    for (const [src, re] of bad) {
      assert.throws(() => compileTemplate(src), (err: unknown) => err instanceof TemplateError && re.test(err.message), `expected ${re} for ${src}`);
    }
  });
});
