/** Format of a Chilean RUT: 7 or 8 digits, a dash and the verifier digit (0-9 or K). */
export const RUT_PATTERN = /^\d{7,8}-[\dkK]$/;

/**
 * Computes the verifier digit ("dígito verificador", modulo 11) of a RUT body.
 * @param body the digits before the dash, e.g. `11111111`.
 * @returns `0`-`9` or `K`.
 */
export function rutVerifierDigit(body: string): string {
  let sum = 0;
  let factor = 2;
  for (let i = body.length - 1; i >= 0; i -= 1) {
    sum += Number(body[i]) * factor;
    factor = factor === 7 ? 2 : factor + 1;
  }
  const digit = 11 - (sum % 11);
  if (digit === 11) return '0';
  if (digit === 10) return 'K';
  return String(digit);
}

/** True when `rut` has the `12345678-9` format and its verifier digit is correct. */
export function isValidRut(rut: string): boolean {
  if (!RUT_PATTERN.test(rut)) return false;
  const [body, verifier] = rut.split('-') as [string, string];
  return rutVerifierDigit(body) === verifier.toUpperCase();
}

/**
 * The one form a RUT is stored and compared in: the number without leading zeros (kept to the 7
 * digits RUT_PATTERN asks for at least) and an upper-case `K`, so that `01234567-4` and
 * `1234567-4`, or `...-k` and `...-K`, are one person. For a RUT that has the RUT_PATTERN format.
 */
export function canonicalRut(rut: string): string {
  const [body, verifier] = rut.split('-') as [string, string];
  return `${body.replace(/^0+/, '').padStart(7, '0')}-${verifier.toUpperCase()}`;
}
