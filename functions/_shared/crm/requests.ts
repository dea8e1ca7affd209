/**
 * The CRM API's request bodies, as zod schemas: what `api/crm-api.openapi.json` declares for each
 * endpoint (a test compares the two), with the seed's column sizes (VARCHAR(25)) so that a value
 * the database would refuse is a 400 naming the field, never a database error.
 */
import { z } from 'zod';
import { PhoneSchema, RutSchema } from '../lead';

const text = z.string().trim().min(1, 'must not be empty').max(25, 'must be at most 25 characters');

export const CreateClientRequest = z.object({
  name: text,
  lastname: text,
  rut: RutSchema,
  mail: z.email().max(25, 'must be at most 25 characters'),
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
