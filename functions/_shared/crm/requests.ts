/**
 * The CRM API's request bodies, as zod schemas: what `api/crm-api.openapi.json` declares for each
 * endpoint (a test compares the two), with the seed's column sizes (VARCHAR(25)) and no NUL
 * character, so that a value the database would refuse is a 400 naming the field, never a
 * database error (a 500, which crm-lead would retry as CrmApiUnavailable).
 */
import { z } from 'zod';
import { PhoneSchema, RutSchema } from '../lead';

// PostgreSQL refuses a NUL in text ("invalid byte sequence"): a 400 naming the field, never a database error.
const noNul = (v: string) => !v.includes('\u0000');
const NUL_MESSAGE = 'must not contain a NUL character (\\u0000)';
const text = z.string().trim().min(1, 'must not be empty').max(25, 'must be at most 25 characters').refine(noNul, NUL_MESSAGE);

export const CreateClientRequest = z.object({
  name: text,
  lastname: text,
  rut: RutSchema,
  mail: z.email().max(25, 'must be at most 25 characters').refine(noNul, NUL_MESSAGE),
  phone: PhoneSchema,
});

export const CreatePartnerRequest = z.object({ rut: RutSchema, store: text });

export const CreateBenefitRequest = z.object({ rut: RutSchema, wantsBenefit: z.boolean() });

/** Request schema by OpenAPI component name. */
export const REQUEST_SCHEMAS = {
  CreateClientRequestBody: CreateClientRequest,
  CreatePartnerRequestBody: CreatePartnerRequest,
  CreateBenefitRequestBody: CreateBenefitRequest,
} as const;
