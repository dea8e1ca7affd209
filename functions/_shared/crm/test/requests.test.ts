/**
 * The handlers' zod request schemas against api/crm-api.openapi.json: same fields, same required
 * ones, same types and constraints (zod's JSON Schema of each request, input side, compared with
 * the document's component, `$ref`s followed). A change on one side only fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CRM_API } from '../../../../api/crm-api';
import { REQUEST_SCHEMAS } from '../requests';

const repo = join(__dirname, '..', '..', '..', '..');
// The document's text is a template; the schemas hold no placeholder, so the JSON is read as it is.
const document = JSON.parse(readFileSync(join(repo, CRM_API.document), 'utf8'));
type Schema = { $ref?: string; type?: string; format?: string; pattern?: string; minLength?: number; maxLength?: number; properties?: Record<string, Schema>; required?: string[] };
const deref = (s: Schema): Schema => (s.$ref ? deref(s.$ref.split('/').slice(1).reduce((o: Record<string, unknown>, k) => o[k] as Record<string, unknown>, document) as Schema) : s);

/** The constraints both sides can state; zod's email pattern is its implementation of `format: email`. */
function constraints(s: Schema) {
  const { type, format, minLength, maxLength } = s;
  return { type, format, minLength, maxLength, pattern: format === 'email' ? undefined : s.pattern };
}

describe.each(Object.keys(REQUEST_SCHEMAS) as Array<keyof typeof REQUEST_SCHEMAS>)('%s', (component) => {
  const openapi = deref(document.components.schemas[component]);
  const zod = z.toJSONSchema(REQUEST_SCHEMAS[component], { io: 'input', unrepresentable: 'any' }) as Schema;

  test('the same fields, all required', () => {
    expect(Object.keys(zod.properties!).sort()).toEqual(Object.keys(openapi.properties!).sort());
    expect([...zod.required!].sort()).toEqual([...openapi.required!].sort());
  });

  test('each field: the same type and constraints', () => {
    for (const [name, schema] of Object.entries(openapi.properties!)) expect({ name, ...constraints(zod.properties![name]) }).toEqual({ name, ...constraints(deref(schema)) });
  });

  test('is the request body of exactly one POST operation, protected by the API key', () => {
    const operations = Object.values<Record<string, { requestBody: { content: Record<string, { schema: Schema }> }; security: unknown }>>(document.paths).filter(
      (p) => p.post.requestBody.content['application/json'].schema.$ref === `#/components/schemas/${component}`,
    );
    expect(operations).toHaveLength(1);
    expect(operations[0].post.security).toEqual([{ api_key: [] }]);
  });
});

test('every integration URI of the document is bound to a function of the declaration', () => {
  const uris = Object.values<Record<string, { 'x-amazon-apigateway-integration': { uri: string } }>>(document.paths).flatMap((p) => Object.values(p).map((op) => op['x-amazon-apigateway-integration'].uri));
  const bound = uris.map((u) => /\$\{(\w+FunctionArn)\}/.exec(u)?.[1]);
  expect(bound.sort()).toEqual(Object.keys(CRM_API.functions).sort());
});
