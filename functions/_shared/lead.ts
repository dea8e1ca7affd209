import { z } from 'zod';
import { RUT_PATTERN, canonicalRut, isValidRut } from './rut';

const nonEmpty = z.string().trim().min(1, 'must not be empty');

/**
 * A Chilean RUT such as `11111111-1`: format `^\d{7,8}-[\dkK]$` and a correct verifier
 * digit, in its canonical form (canonicalRut: no leading zeros beyond 7 digits, an upper-case
 * `K`), so that one person is one RUT however it is written.
 */
export const RutSchema = z
  .string()
  .trim()
  .regex(RUT_PATTERN, 'must look like 12345678-9 (7 or 8 digits, dash, verifier digit 0-9 or K)')
  .refine(isValidRut, 'verifier digit does not match')
  .transform(canonicalRut);

/** A phone number: digits only, optionally a leading `+`, 6 to 15 digits (E.164 length). */
export const PhoneSchema = z
  .string()
  .trim()
  .regex(/^\+?\d{6,15}$/, 'must be 6 to 15 digits, optionally starting with +');

/** The lead a web form publishes as the EventBridge event `detail`. Unknown keys are dropped. */
export const LeadSchema = z.object({
  name: nonEmpty,
  lastname: nonEmpty,
  rut: RutSchema,
  mail: z.email(),
  phone: PhoneSchema,
  store: nonEmpty,
  wantsBenefit: z.boolean(),
});

/** A validated lead. */
export type Lead = z.output<typeof LeadSchema>;
