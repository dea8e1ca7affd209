/**
 * Real templates for the template and validator tests: copies of the example app's templates
 * (fixtures/templates/), so that these tests never read the project's statemachine/ (the app
 * can be deleted).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const TEMPLATES_DIR = join(__dirname, 'fixtures', 'templates');

/** Every `*.asl.json` of fixtures/templates/, sorted by name. */
export function templateFixtures(): Array<{ file: string; text: string }> {
  return readdirSync(TEMPLATES_DIR)
    .filter((f) => f.endsWith('.asl.json'))
    .sort()
    .map((file) => ({ file, text: readFileSync(join(TEMPLATES_DIR, file), 'utf8') }));
}
