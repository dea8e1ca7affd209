/**
 * The CRM API, declared once as plain data: its OpenAPI file (rendered by the same template
 * renderer as the ASL), the Lambda behind each `${...FunctionArn}` placeholder of its
 * `x-amazon-apigateway-integration` URIs, and the other placeholders. `modules/crm-api-stack.ts`
 * deploys it on API Gateway; `lib/local/crm-api.ts` serves the same file and handlers on 127.0.0.1.
 */
export const CRM_API = {
  name: 'crm-api',
  /** The OpenAPI 3 document, relative to the project root. */
  document: 'api/crm-api.openapi.json',
  /** Integration placeholder -> function folder under `functions/` (handler of an API Gateway proxy event). */
  functions: {
    CreateClientFunctionArn: 'crm-api-create-client',
    CreatePartnerFunctionArn: 'crm-api-create-partner',
    CreateBenefitFunctionArn: 'crm-api-create-benefit',
  },
  /** Placeholders that are not functions: filled by the stack (Terraform references) or locally. */
  values: ['ApiName', 'Partition', 'Region'],
  /** The header API Gateway reads the API key from (`x-amazon-apigateway-api-key-source: HEADER`). */
  apiKeyHeader: 'x-api-key',
} as const;

export type CrmApiPlaceholder = keyof typeof CRM_API.functions;

/** Where a placeholder of the document stands: an integration's URI, of this method and path. */
export interface IntegrationRoute {
  placeholder: string;
  /** Upper case, e.g. `POST`. */
  method: string;
  /** e.g. `/create_client`. */
  path: string;
}

/**
 * The integrations of the document: each `x-amazon-apigateway-integration` URI holding a placeholder,
 * with its method and path (from the placeholders' JSON pointers, `~1` being `/`).
 */
export function integrationRoutes(placeholders: ReadonlyArray<{ name: string; pointer: string }>): IntegrationRoute[] {
  return placeholders.flatMap((p) => {
    const m = /^\/paths\/(.+)\/([a-z]+)\/x-amazon-apigateway-integration\/uri$/.exec(p.pointer);
    return m ? [{ placeholder: p.name, method: m[2].toUpperCase(), path: m[1].replace(/~1/g, '/').replace(/~0/g, '~') }] : [];
  });
}
